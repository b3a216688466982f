package dev.deskpilot.agent.provider;

import java.util.Map;
import java.util.Objects;

/**
 * A secret credential for a model API. Its value is never part of {@link #toString()}, and {@link
 * #redact(String)} removes it from any text that might echo it (error bodies, exception messages).
 */
public final class ApiKey {
  private final String secret;

  private ApiKey(String secret) {
    this.secret = secret;
  }

  /**
   * Wraps a key value.
   *
   * @throws IllegalArgumentException when it is blank or holds whitespace or control characters (a
   *     header could not carry it)
   */
  public static ApiKey of(String secret) {
    Objects.requireNonNull(secret, "api key");
    if (secret.isBlank()) {
      throw new IllegalArgumentException("api key is blank");
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            "api key has a whitespace, control or non-ASCII character at index " + i);
      }
    }
    return new ApiKey(secret);
  }

  /**
   * Reads a key from an environment map (pass {@code System.getenv()} at the composition root).
   *
   * @throws IllegalStateException naming the variable when it is missing or blank
   */
  public static ApiKey fromEnv(Map<String, String> env, String variable) {
    String v = env.get(variable);
    if (v == null || v.isBlank()) {
      throw new IllegalStateException(
          variable + " is not set: export it (or put it in the config file) to use this model");
    }
    try {
      return of(v.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(variable + " is not a usable API key: " + e.getMessage());
    }
  }

  /** The raw value, for the one place that writes it into a request header. */
  public String secret() {
    return secret;
  }

  /** {@code text} with every occurrence of this key replaced by {@code [redacted]}. */
  public String redact(String text) {
    return text == null ? null : text.replace(secret, "[redacted]");
  }

  @Override
  public String toString() {
    return "ApiKey[redacted]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiKey k && k.secret.equals(secret);
  }

  @Override
  public int hashCode() {
    return secret.hashCode();
  }
}
