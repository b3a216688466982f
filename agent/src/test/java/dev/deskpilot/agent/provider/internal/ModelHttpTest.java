package dev.deskpilot.agent.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ProviderConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelHttpTest {
  private static final ApiKey KEY = ApiKey.of("sk-test-SECRET-0123456789");

  @StartStop private final MockWebServer server = new MockWebServer();
  private final Fixtures.RecordingSleeper sleeper = new Fixtures.RecordingSleeper();
  private ModelHttp http;

  private ModelHttp http(ProviderConfig.Builder b) {
    http = new ModelHttp("testapi", b.sleeper(sleeper).build(), Optional.of(KEY), "TEST_API_KEY");
    return http;
  }

  private ModelHttp http() {
    return http(ProviderConfig.builder());
  }

  @AfterEach
  void close() {
    if (http != null) {
      http.close();
    }
  }

  private String post(ModelHttp h) {
    return h.postJson(server.url("/v1/x"), Headers.of("Authorization", "Bearer " + KEY.secret()), "{\"a\":1}");
  }

  @Test
  void returnsTheBodyOfASuccessAndSendsJson() throws Exception {
    server.enqueue(new MockResponse.Builder().body("{\"ok\":true}").build());
    assertThat(post(http())).isEqualTo("{\"ok\":true}");
    var req = server.takeRequest();
    assertThat(req.getMethod()).isEqualTo("POST");
    assertThat(req.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(req.getBody().utf8()).isEqualTo("{\"a\":1}");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void honoursRetryAfterSecondsOn429() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "7")
        .body(Fixtures.golden("openai/error_429.json")).build());
    server.enqueue(new MockResponse.Builder().body("{}").build());
    assertThat(post(http())).isEqualTo("{}");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void prefersRetryAfterMs() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("retry-after-ms", "1500")
        .addHeader("Retry-After", "2").build());
    server.enqueue(new MockResponse.Builder().body("{}").build());
    post(http());
    assertThat(sleeper.waits).containsExactly(Duration.ofMillis(1500));
  }

  @Test
  void readsRetryAfterAsAnHttpDate() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    server.enqueue(new MockResponse.Builder().code(503)
        .addHeader("Retry-After", "Sun, 01 Mar 2026 10:00:12 GMT").build());
    server.enqueue(new MockResponse.Builder().body("{}").build());
    post(http(ProviderConfig.builder().clock(clock)));
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void backsOffExponentiallyOn5xxAnd529UpToTheCap() {
    server.enqueue(new MockResponse.Builder().code(529).body(Fixtures.golden("anthropic/error_529.json")).build());
    server.enqueue(new MockResponse.Builder().code(500).build());
    server.enqueue(new MockResponse.Builder().code(502).build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().body("{\"done\":1}").build());
    String body = post(http(ProviderConfig.builder().initialBackoff(Duration.ofSeconds(1))
        .maxBackoff(Duration.ofSeconds(5)).maxRetries(4)));
    assertThat(body).isEqualTo("{\"done\":1}");
    assertThat(sleeper.waits).containsExactly(
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5));
  }

  @Test
  void givesUpAfterTheLastRetryNamingTheStatusAndMessage() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().code(529).body(Fixtures.golden("anthropic/error_529.json")).build());
    }
    assertThatThrownBy(() -> post(http(ProviderConfig.builder().maxRetries(2))))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("HTTP 529 overloaded_error: Overloaded");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.waits).hasSize(2);
  }

  @Test
  void doesNotRetryA400AndReportsTheApiMessage() {
    server.enqueue(new MockResponse.Builder().code(400).body(Fixtures.golden("openai/error_400.json")).build());
    assertThatThrownBy(() -> post(http()))
        .isInstanceOf(PolicyException.class)
        .hasMessage("testapi API refused the request: HTTP 400 invalid_request_error: Invalid value for"
            + " 'tools[0].display_width': expected an integer.");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void a401NamesTheKeyVariableAndNeverTheKey() {
    server.enqueue(new MockResponse.Builder().code(401)
        .body("{\"error\":{\"message\":\"Incorrect API key provided: " + KEY.secret() + ".\",\"type\":\"invalid_request_error\"}}")
        .build());
    assertThatThrownBy(() -> post(http()))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("check TEST_API_KEY")
        .hasMessageContaining("[redacted]")
        .hasMessageNotContaining(KEY.secret());
  }

  @Test
  void refusesARetryAfterLongerThanAllowed() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
    assertThatThrownBy(() -> post(http(ProviderConfig.builder().maxRetryAfter(Duration.ofSeconds(60)))))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("asks to wait 3600 s, more than the 60 s allowed");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void retriesAfterATimeout() {
    server.enqueue(new MockResponse.Builder().body("{\"late\":1}").headersDelay(2, TimeUnit.SECONDS).build());
    server.enqueue(new MockResponse.Builder().body("{\"fast\":1}").build());
    String body = post(http(ProviderConfig.builder().requestTimeout(Duration.ofMillis(300))));
    assertThat(body).isEqualTo("{\"fast\":1}");
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void retriesADroppedConnection() {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket(true, false, false)).build());
    server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, false, false))
        .body("{\"never\":1}").build());
    server.enqueue(new MockResponse.Builder().body("{\"ok\":1}").build());
    assertThat(post(http())).isEqualTo("{\"ok\":1}");
    assertThat(sleeper.waits).hasSize(2);
  }

  @Test
  void anUnreachableServerFailsAfterTheRetries() throws Exception {
    var url = server.url("/v1/x");
    server.close();
    ModelHttp h = http(ProviderConfig.builder().maxRetries(1));
    assertThatThrownBy(() -> h.postJson(url, Headers.of(), "{}"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("testapi API unreachable after 2 attempts");
  }

  @Test
  void anInterruptedWaitStopsAndKeepsTheFlag() {
    server.enqueue(new MockResponse.Builder().code(500).build());
    http = new ModelHttp("testapi",
        ProviderConfig.builder().sleeper(d -> { throw new InterruptedException("stop"); }).build(),
        Optional.of(KEY), "TEST_API_KEY");
    try {
      assertThatThrownBy(() -> post(http)).isInstanceOf(PolicyException.class).hasMessageContaining("interrupted");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void extractsErrorMessagesFromTheCommonShapes() {
    assertThat(ModelHttp.errorMessage("{\"error\":{\"type\":\"t\",\"message\":\"m\"}}")).isEqualTo("t: m");
    assertThat(ModelHttp.errorMessage("{\"error\":\"plain\"}")).isEqualTo("plain");
    assertThat(ModelHttp.errorMessage("{\"message\":\"top\"}")).isEqualTo("top");
    assertThat(ModelHttp.errorMessage("Bad Gateway")).isEqualTo("Bad Gateway");
    assertThat(ModelHttp.errorMessage("")).isEqualTo("(empty body)");
  }
}
