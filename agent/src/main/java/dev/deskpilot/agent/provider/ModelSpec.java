package dev.deskpilot.agent.provider;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Which model to ask, as written on a command line or in a config file:
 *
 * <ul>
 *   <li>{@code openai:computer-use-preview} (the preview {@code computer_use_preview} tool),
 *       {@code openai:gpt-5.4} (the GA {@code computer} tool; any other OpenAI model too)
 *   <li>{@code anthropic:claude-sonnet-4-5}, {@code anthropic:claude-opus-4-5}, ... (the computer
 *       tool version follows the model family, see {@link ProviderConfig.AnthropicTool})
 *   <li>{@code openai-compat:http://localhost:11434/v1#qwen2.5vl}: an OpenAI-compatible chat
 *       endpoint (vLLM, Ollama, LM Studio, OpenRouter): base URL, {@code #}, model name
 * </ul>
 *
 * @param provider which API
 * @param model the provider's model name
 * @param baseUrl the API root, ending before the endpoint path (e.g. {@code
 *     https://api.openai.com/v1})
 */
public record ModelSpec(Provider provider, String model, URI baseUrl) {
  /** The model APIs Deskpilot speaks. */
  public enum Provider {
    OPENAI("openai", "OPENAI_API_KEY", "https://api.openai.com/v1"),
    ANTHROPIC("anthropic", "ANTHROPIC_API_KEY", "https://api.anthropic.com/v1"),
    OPENAI_COMPAT("openai-compat", "OPENAI_COMPAT_API_KEY", null);

    private final String prefix;
    private final String keyVariable;
    private final String defaultBaseUrl;

    Provider(String prefix, String keyVariable, String defaultBaseUrl) {
      this.prefix = prefix;
      this.keyVariable = keyVariable;
      this.defaultBaseUrl = defaultBaseUrl;
    }

    /** The spec prefix, e.g. {@code openai-compat}. */
    public String prefix() {
      return prefix;
    }

    /** The environment variable holding this provider's API key. */
    public String keyVariable() {
      return keyVariable;
    }

    /** Whether a request without a key is refused before it is sent. */
    public boolean requiresKey() {
      return this != OPENAI_COMPAT;
    }
  }

  static final String VALID_FORMS =
      "openai:<model> (e.g. openai:computer-use-preview, openai:gpt-5.4), anthropic:<model> (e.g."
          + " anthropic:claude-sonnet-4-5), openai-compat:<base-url>#<model> (e.g."
          + " openai-compat:http://localhost:11434/v1#qwen2.5vl)";

  public ModelSpec {
    Objects.requireNonNull(provider, "provider");
    if (model == null || model.isBlank() || !model.strip().equals(model)) {
      throw new IllegalArgumentException("model name '" + model + "' is blank or padded; expected " + VALID_FORMS);
    }
    Objects.requireNonNull(baseUrl, "baseUrl");
    String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
      throw new IllegalArgumentException("base URL '" + baseUrl + "' is not an http(s) URL with a host");
    }
    if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "base URL '" + baseUrl.getHost() + "...' must not carry user info, a query or a fragment");
    }
  }

  /**
   * Parses a spec such as {@code anthropic:claude-sonnet-4-5}.
   *
   * @throws IllegalArgumentException one line naming the text and the valid forms
   */
  public static ModelSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty model spec; expected " + VALID_FORMS);
    }
    String t = text.strip();
    int colon = t.indexOf(':');
    String prefix = colon < 0 ? "" : t.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = colon < 0 ? "" : t.substring(colon + 1);
    for (Provider p : Provider.values()) {
      if (!p.prefix.equals(prefix)) {
        continue;
      }
      if (p == Provider.OPENAI_COMPAT) {
        int hash = rest.lastIndexOf('#');
        if (hash <= 0 || hash == rest.length() - 1) {
          throw new IllegalArgumentException(
              "model spec '" + t + "' needs <base-url>#<model>; expected " + VALID_FORMS);
        }
        return new ModelSpec(p, rest.substring(hash + 1).strip(), uri(rest.substring(0, hash), t));
      }
      if (rest.isBlank()) {
        throw new IllegalArgumentException("model spec '" + t + "' names no model; expected " + VALID_FORMS);
      }
      return new ModelSpec(p, rest.strip(), URI.create(p.defaultBaseUrl));
    }
    throw new IllegalArgumentException("unknown model spec '" + t + "'; expected " + VALID_FORMS);
  }

  private static URI uri(String s, String spec) {
    try {
      String u = s.strip();
      while (u.endsWith("/")) {
        u = u.substring(0, u.length() - 1);
      }
      return new URI(u);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("model spec '" + spec + "' has a bad base URL: " + e.getMessage());
    }
  }

  /** The same model behind another API root (a proxy, a gateway, a test server). */
  public ModelSpec withBaseUrl(URI url) {
    return new ModelSpec(provider, model, url);
  }

  /** The model name with characters unsafe in file names replaced, for results paths. */
  public String pathSafeName() {
    return model.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /** The spec in the form {@link #parse} reads. */
  @Override
  public String toString() {
    return provider == Provider.OPENAI_COMPAT
        ? provider.prefix + ":" + baseUrl + "#" + model
        : provider.prefix + ":" + model;
  }
}
