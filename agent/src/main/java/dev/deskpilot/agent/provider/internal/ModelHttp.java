package dev.deskpilot.agent.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ProviderConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Posts JSON to a model API with bounded retries.
 *
 * <p>Retried: HTTP 408, 409, 429, every 5xx (Anthropic's 529 "overloaded" included), timeouts and
 * dropped connections. The wait is the server's {@code Retry-After}/{@code retry-after-ms} when it
 * sends one (a wait longer than {@link ProviderConfig#maxRetryAfter()} fails at once), else {@link
 * ProviderConfig#initialBackoff()} doubling per attempt up to {@link ProviderConfig#maxBackoff()}.
 * Other statuses fail at once with the API's own error message. Every message is passed through
 * {@link ApiKey#redact} so that a key echoed by a server never leaves this class.
 */
public final class ModelHttp implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ModelHttp.class.getName());
  private static final MediaType JSON = MediaType.get("application/json");

  private final String provider;
  private final ProviderConfig config;
  private final Optional<ApiKey> key;
  private final String keyVariable;
  private final OkHttpClient client;

  /**
   * @param provider name used in messages, e.g. {@code anthropic}
   * @param key the API key (only for redaction here; the caller puts it into the headers)
   * @param keyVariable named in the message of a 401/403
   */
  public ModelHttp(String provider, ProviderConfig config, Optional<ApiKey> key, String keyVariable) {
    this.provider = provider;
    this.config = config;
    this.key = key;
    this.keyVariable = keyVariable;
    this.client =
        new OkHttpClient.Builder()
            .connectTimeout(config.connectTimeout())
            .readTimeout(config.requestTimeout())
            .writeTimeout(config.requestTimeout())
            .callTimeout(config.requestTimeout())
            .retryOnConnectionFailure(false)
            .build();
  }

  /**
   * Posts {@code json} and returns the body of the first 2xx reply.
   *
   * @throws PolicyException when the API refuses the request, or it still fails after the retries;
   *     when interrupted (the interrupt flag is kept)
   */
  public String postJson(HttpUrl url, Headers headers, String json) {
    int attempts = config.maxRetries() + 1;
    String last = "";
    for (int attempt = 1; ; attempt++) {
      Request request =
          new Request.Builder().url(url).headers(headers).post(RequestBody.create(json, JSON)).build();
      Duration wait;
      try (Response response = client.newCall(request).execute()) {
        ResponseBody body = response.body();
        String text = body.string();
        int code = response.code();
        if (response.isSuccessful()) {
          return text;
        }
        String problem = "HTTP " + code + " " + errorMessage(text);
        if (!retryable(code)) {
          String hint = code == 401 || code == 403 ? " (check " + keyVariable + ")" : "";
          throw new PolicyException(redact(provider + " API refused the request: " + problem + hint));
        }
        last = problem;
        if (attempt >= attempts) {
          break;
        }
        Optional<Duration> asked = retryAfter(response.headers());
        if (asked.isPresent() && asked.get().compareTo(config.maxRetryAfter()) > 0) {
          throw new PolicyException(
              redact(provider + " API: " + problem + "; it asks to wait " + asked.get().toSeconds()
                  + " s, more than the " + config.maxRetryAfter().toSeconds() + " s allowed"));
        }
        wait = asked.orElseGet(backoff(attempt));
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new PolicyException(provider + " API call interrupted", e);
        }
        last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        if (attempt >= attempts) {
          throw new PolicyException(
              redact(provider + " API unreachable after " + attempts + " attempts: " + last), e);
        }
        wait = backoff(attempt).get();
      }
      Duration pause = wait;
      String why = last;
      int tried = attempt;
      LOG.log(
          Level.INFO,
          () -> redact(provider + " API attempt " + tried + " failed (" + why + "), retrying in "
              + pause.toMillis() + " ms"));
      try {
        config.sleeper().sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PolicyException(provider + " API call interrupted while waiting to retry", e);
      }
    }
    throw new PolicyException(
        redact(provider + " API still failing after " + attempts + " attempts: " + last));
  }

  private java.util.function.Supplier<Duration> backoff(int attempt) {
    return () -> {
      long base = config.initialBackoff().toMillis();
      long cap = config.maxBackoff().toMillis();
      long ms = base << Math.min(attempt - 1, 20);
      return Duration.ofMillis(Math.min(cap, ms));
    };
  }

  static boolean retryable(int code) {
    return code == 408 || code == 409 || code == 429 || code >= 500;
  }

  /** {@code retry-after-ms}, else {@code Retry-After} as seconds or an HTTP date. */
  Optional<Duration> retryAfter(Headers headers) {
    String ms = headers.get("retry-after-ms");
    if (ms != null) {
      try {
        double v = Double.parseDouble(ms.strip());
        if (v >= 0 && Double.isFinite(v)) {
          return Optional.of(Duration.ofMillis((long) v));
        }
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String ra = headers.get("retry-after");
    if (ra == null) {
      return Optional.empty();
    }
    String v = ra.strip();
    try {
      double s = Double.parseDouble(v);
      if (s >= 0 && Double.isFinite(s)) {
        return Optional.of(Duration.ofMillis((long) Math.min(s * 1000, 1e12)));
      }
      return Optional.empty();
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(config.clock().instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
  }

  /** The API's own message from {@code {"error":{"message":...}}} and similar, else the body. */
  static String errorMessage(String body) {
    if (body == null || body.isBlank()) {
      return "(empty body)";
    }
    try {
      JsonNode root = new Wire("error").parseObject(body);
      JsonNode err = Wire.optional(root, "error");
      JsonNode msg = err != null && err.isObject() ? Wire.optional(err, "message") : null;
      if (msg == null) {
        msg = err != null && err.isTextual() ? err : Wire.optional(root, "message");
      }
      String type = err != null && err.isObject() && Wire.optional(err, "type") != null
          ? Wire.optional(err, "type").asText() + ": " : "";
      if (msg != null && msg.isTextual()) {
        return type + Wire.abbreviate(msg.textValue(), 500);
      }
    } catch (PolicyException notJson) {
      // plain text body
    }
    return Wire.abbreviate(body.strip(), 300);
  }

  private String redact(String s) {
    return key.map(k -> k.redact(s)).orElse(s);
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "ModelHttp[" + provider + "]";
  }
}
