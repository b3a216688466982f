package dev.deskpilot.agent.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Prices per model, keyed {@code <provider>:<model prefix>} (e.g. {@code anthropic:claude-sonnet-4-5}
 * also prices {@code claude-sonnet-4-5-20250929}; the longest matching prefix wins).
 *
 * <p>{@link #defaults()} holds list prices of the computer-use models Deskpilot speaks, as published
 * in early 2026; check them against the providers' pages and override them with a file:
 *
 * <pre>{"anthropic:claude-sonnet-4-5": {"input": 3, "output": 15, "cache_read": 0.3, "cache_write": 3.75},
 *  "openai-compat:ui-tars": {"input": 0, "output": 0}}</pre>
 *
 * @param prices USD per million tokens by key
 */
public record PriceTable(Map<String, Price> prices) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public PriceTable {
    prices = Map.copyOf(prices);
    for (String key : prices.keySet()) {
      int colon = key.indexOf(':');
      if (colon <= 0 || colon == key.length() - 1) {
        throw new IllegalArgumentException("price key '" + key + "' is not <provider>:<model prefix>");
      }
    }
  }

  /** List prices (USD per million tokens) of the models Deskpilot's providers name. */
  public static PriceTable defaults() {
    Map<String, Price> p = new LinkedHashMap<>();
    p.put("anthropic:claude-opus-4-5", new Price(5, 25, 0.50, 6.25));
    p.put("anthropic:claude-opus-4-1", new Price(15, 75, 1.50, 18.75));
    p.put("anthropic:claude-opus-4", new Price(15, 75, 1.50, 18.75));
    p.put("anthropic:claude-sonnet-4-5", new Price(3, 15, 0.30, 3.75));
    p.put("anthropic:claude-sonnet-4", new Price(3, 15, 0.30, 3.75));
    p.put("anthropic:claude-3-7-sonnet", new Price(3, 15, 0.30, 3.75));
    p.put("anthropic:claude-haiku-4-5", new Price(1, 5, 0.10, 1.25));
    p.put("openai:computer-use-preview", new Price(3, 12, 3, 0));
    p.put("openai:gpt-5.4-mini", new Price(0.75, 4.50, 0.075, 0));
    p.put("openai:gpt-5.4", new Price(2.50, 15, 0.25, 0));
    return new PriceTable(p);
  }

  /** This table with {@code other}'s entries added or replacing these. */
  public PriceTable with(PriceTable other) {
    Map<String, Price> m = new LinkedHashMap<>(prices);
    m.putAll(other.prices);
    return new PriceTable(m);
  }

  /**
   * Reads a price file (see the class comment).
   *
   * @throws IllegalArgumentException one line naming the file, the key and what is wrong
   * @throws UncheckedIOException when it cannot be read
   */
  public static PriceTable read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read price file " + file, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": expected an object of \"<provider>:<model>\": {\"input\":..,\"output\":..}");
    }
    Map<String, Price> m = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = file + ": \"" + e.getKey() + "\"";
      JsonNode v = e.getValue();
      if (!v.isObject() || !v.path("input").isNumber() || !v.path("output").isNumber()) {
        throw new IllegalArgumentException(where + ": expected {\"input\": USD per million tokens, \"output\": ...}");
      }
      try {
        m.put(e.getKey(), new Price(v.get("input").doubleValue(), v.get("output").doubleValue(),
            v.path("cache_read").asDouble(v.get("input").doubleValue()), v.path("cache_write").asDouble(0)));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(where + ": " + bad.getMessage());
      }
    }
    try {
      return new PriceTable(m);
    } catch (IllegalArgumentException bad) {
      throw new IllegalArgumentException(file + ": " + bad.getMessage());
    }
  }

  /** The price of a model: the entry of its provider with the longest prefix of its name. */
  public Optional<Price> find(ModelSpec spec) {
    String provider = spec.provider().prefix() + ":";
    String model = spec.model().toLowerCase(Locale.ROOT);
    Price best = null;
    int bestLength = -1;
    for (Map.Entry<String, Price> e : prices.entrySet()) {
      String key = e.getKey().toLowerCase(Locale.ROOT);
      if (key.startsWith(provider)) {
        String prefix = key.substring(provider.length());
        if (model.startsWith(prefix) && prefix.length() > bestLength) {
          best = e.getValue();
          bestLength = prefix.length();
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * What {@code usage} cost. OpenAI and OpenAI-compatible APIs count cached tokens inside the
   * input tokens; Anthropic counts them apart (see {@link Usage}).
   */
  public static double cost(ModelSpec.Provider provider, Price price, Usage usage) {
    double perToken = 1e-6;
    if (provider == ModelSpec.Provider.ANTHROPIC) {
      return perToken * (usage.inputTokens() * price.input() + usage.cacheReadTokens() * price.cacheRead()
          + usage.cacheWriteTokens() * price.cacheWrite() + usage.outputTokens() * price.output());
    }
    long cached = Math.min(usage.cacheReadTokens(), usage.inputTokens());
    return perToken * ((usage.inputTokens() - cached) * price.input() + cached * price.cacheRead()
        + usage.outputTokens() * price.output());
  }
}
