package dev.deskpilot.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.internal.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** API keys never appear in exception messages, stack traces, toString()s or logs. */
class SecretsTest {
  private static final String SECRET = "sk-SECRET-do-not-leak-0123456789";

  @StartStop private final MockWebServer server = new MockWebServer();

  @ParameterizedTest
  @ValueSource(strings = {"openai:computer-use-preview", "openai:gpt-5.4", "anthropic:claude-sonnet-4-5",
      "openai-compat:http://x/v1#ui-tars"})
  void keysStayOutOfMessagesToStringsAndLogs(String specText) {
    List<String> logged = new ArrayList<>();
    Logger jul = Logger.getLogger("dev.deskpilot.agent.provider.internal.ModelHttp");
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        logged.add(String.valueOf(r.getMessage()) + " " + r.getParameters());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    jul.addHandler(capture);
    jul.setLevel(Level.ALL);
    // the server echoes the key in every error body, as some gateways do
    String echo = "{\"error\":{\"message\":\"bad key " + SECRET + " for this model\"}}";
    server.enqueue(new MockResponse.Builder().code(500).body(echo).build());
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "1").body(echo).build());
    server.enqueue(new MockResponse.Builder().code(401).body(echo).build());
    Map<String, String> env = Map.of(
        "OPENAI_API_KEY", SECRET, "ANTHROPIC_API_KEY", SECRET, "OPENAI_COMPAT_API_KEY", SECRET);
    ModelSpec spec = ModelSpec.parse(specText).withBaseUrl(URI.create(server.url("/v1").toString()));
    ProviderConfig config = ProviderConfig.builder().sleeper(new Fixtures.RecordingSleeper()).build();
    try (ProviderPolicy p = Providers.create(spec, config, env)) {
      Throwable t = catchThrowable(() -> p.decide("do it", List.of(), Fixtures.screen(800, 600)));
      assertThat(t).isInstanceOf(PolicyException.class).hasMessageContaining("HTTP 401");
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString()).doesNotContain(SECRET).contains("[redacted]");
      assertThat(p.toString()).doesNotContain(SECRET);
      assertThat(spec.toString()).doesNotContain(SECRET);
      assertThat(config.toString()).doesNotContain(SECRET);
      assertThat(ApiKey.fromEnv(env, "OPENAI_API_KEY").toString()).isEqualTo("ApiKey[redacted]");
    } finally {
      jul.removeHandler(capture);
    }
    assertThat(logged).hasSize(2);
    assertThat(String.join("\n", logged)).doesNotContain(SECRET).contains("HTTP 500");
  }
}
