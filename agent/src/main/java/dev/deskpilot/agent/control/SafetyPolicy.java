package dev.deskpilot.agent.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link RuleSafetyGate} does per rule, its allow-lists, and how a headless run answers the
 * gate's questions. Read from a policy file ({@code --safety-policy FILE}):
 *
 * <pre>{
 *   "rules": {"send-message": "allow", "purchase": "deny"},
 *   "allowed_domains": ["example.com", "wikipedia.org"],
 *   "allowed_apps": ["mousepad", "xterm", "galculator"],
 *   "on_ask": "deny"
 * }</pre>
 *
 * Rules not named keep their default ({@link #DEFAULT_RULES}); an empty allow-list turns its rule
 * off; {@code on_ask} is what a run without a person answers to an "ask" (default {@code deny}:
 * headless runs deny what would ask).
 *
 * @param rules the verdict kind per rule id
 * @param allowedDomains hosts (and their subdomains) a typed URL may go to; empty = any
 * @param allowedApps programs a typed command may start; empty = any
 * @param onAsk what {@link #headlessConsent()} answers
 */
public record SafetyPolicy(
    Map<String, Verdict.Kind> rules, List<String> allowedDomains, List<String> allowedApps, Consent onAsk) {

  /** Typing shell commands that destroy data (rm -r, mkfs, dd of=/dev, shutdown, curl|sh, ...). */
  public static final String DESTRUCTIVE_SHELL = "destructive-shell";
  /** Typing commands that gain privileges (sudo, su, pkexec, setuid, sudoers). */
  public static final String PRIVILEGE = "privilege-escalation";
  /** Typing a payment card number, or into a field labelled password/PIN. */
  public static final String SECRET_ENTRY = "secret-entry";
  /** Sending mail or messages (a Send/Reply/Post button, ctrl+Enter in a mail window). */
  public static final String SEND_MESSAGE = "send-message";
  /** Buying (Buy, Pay, Place order, Checkout, ...). */
  public static final String PURCHASE = "purchase";
  /** Deleting files (Delete / Move to Trash buttons, shift+Delete, rm). */
  public static final String DELETE_FILES = "delete-files";
  /** Typing a URL whose host is not on the allowed domains. */
  public static final String UNLISTED_DOMAIN = "unlisted-domain";
  /** Typing a command at a shell prompt that starts a program not on the allowed apps. */
  public static final String UNLISTED_APP = "unlisted-app";
  /** On-screen text that tries to instruct the agent ("ignore previous instructions", ...). */
  public static final String PROMPT_INJECTION = "prompt-injection";

  /** Every rule with its default verdict. */
  public static final Map<String, Verdict.Kind> DEFAULT_RULES = defaultRules();

  private static Map<String, Verdict.Kind> defaultRules() {
    Map<String, Verdict.Kind> m = new LinkedHashMap<>();
    m.put(DESTRUCTIVE_SHELL, Verdict.Kind.DENY);
    m.put(PRIVILEGE, Verdict.Kind.ASK);
    m.put(SECRET_ENTRY, Verdict.Kind.ASK);
    m.put(SEND_MESSAGE, Verdict.Kind.ASK);
    m.put(PURCHASE, Verdict.Kind.ASK);
    m.put(DELETE_FILES, Verdict.Kind.ASK);
    m.put(UNLISTED_DOMAIN, Verdict.Kind.ASK);
    m.put(UNLISTED_APP, Verdict.Kind.ASK);
    m.put(PROMPT_INJECTION, Verdict.Kind.ASK);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static final Set<String> KEYS = Set.of("rules", "allowed_domains", "allowed_apps", "on_ask");
  private static final ObjectMapper JSON = new ObjectMapper();

  public SafetyPolicy {
    Map<String, Verdict.Kind> all = new LinkedHashMap<>(DEFAULT_RULES);
    for (Map.Entry<String, Verdict.Kind> e : rules.entrySet()) {
      if (!DEFAULT_RULES.containsKey(e.getKey())) {
        throw new IllegalArgumentException("unknown safety rule '" + e.getKey() + "' (rules: " + DEFAULT_RULES.keySet() + ")");
      }
      all.put(e.getKey(), Objects.requireNonNull(e.getValue(), "kind of " + e.getKey()));
    }
    rules = java.util.Collections.unmodifiableMap(all);
    allowedDomains = allowedDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
    allowedApps = allowedApps.stream().map(String::strip).toList();
    Objects.requireNonNull(onAsk, "onAsk");
  }

  /** Default rules, no allow-lists, asks denied. */
  public static SafetyPolicy defaults() {
    return new SafetyPolicy(Map.of(), List.of(), List.of(), Consent.DENY);
  }

  /** The verdict kind of a rule. */
  public Verdict.Kind kindOf(String rule) {
    Verdict.Kind k = rules.get(rule);
    if (k == null) {
      throw new IllegalArgumentException("unknown safety rule '" + rule + "'");
    }
    return k;
  }

  /** The consent a run without a person gives: {@code on_ask} for every question. */
  public ConsentHandler headlessConsent() {
    Consent answer = onAsk;
    return (action, verdict, screen) -> answer;
  }

  /**
   * Reads a policy file.
   *
   * @throws IllegalArgumentException one line: the file, the JSON path, what would be valid
   * @throws UncheckedIOException when it cannot be read
   */
  public static SafetyPolicy read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read safety policy " + file, e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a JSON object with " + KEYS);
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(file + ": /" + k + ": unknown key (valid: " + KEYS + ")");
      }
    }
    Map<String, Verdict.Kind> rules = new LinkedHashMap<>();
    JsonNode r = root.path("rules");
    if (!r.isMissingNode()) {
      if (!r.isObject()) {
        throw new IllegalArgumentException(file + ": /rules: expected {\"<rule>\": \"allow\"|\"ask\"|\"deny\"}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!DEFAULT_RULES.containsKey(e.getKey())) {
          throw new IllegalArgumentException(file + ": /rules/" + e.getKey() + ": unknown rule (rules: " + DEFAULT_RULES.keySet() + ")");
        }
        rules.put(e.getKey(), kind(e.getValue(), file + ": /rules/" + e.getKey()));
      }
    }
    String onAsk = root.path("on_ask").asText("deny");
    Consent consent = switch (onAsk) {
      case "deny" -> Consent.DENY;
      case "allow" -> Consent.ALLOW_ONCE;
      default -> throw new IllegalArgumentException(file + ": /on_ask: expected \"deny\" or \"allow\", got '" + onAsk + "'");
    };
    return new SafetyPolicy(rules, strings(root, "allowed_domains", file), strings(root, "allowed_apps", file), consent);
  }

  private static Verdict.Kind kind(JsonNode n, String where) {
    String v = n.isTextual() ? n.textValue().toLowerCase(Locale.ROOT) : "";
    return switch (v) {
      case "allow" -> Verdict.Kind.ALLOW;
      case "ask" -> Verdict.Kind.ASK;
      case "deny" -> Verdict.Kind.DENY;
      default -> throw new IllegalArgumentException(where + ": expected \"allow\", \"ask\" or \"deny\", got " + n);
    };
  }

  private static List<String> strings(JsonNode root, String key, Path file) {
    JsonNode n = root.path(key);
    if (n.isMissingNode()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException(file + ": /" + key + ": expected an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      if (!n.get(i).isTextual() || n.get(i).textValue().isBlank()) {
        throw new IllegalArgumentException(file + ": /" + key + "/" + i + ": expected a non-empty string");
      }
      out.add(n.get(i).textValue());
    }
    return out;
  }
}
