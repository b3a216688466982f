package dev.deskpilot.agent;

import static dev.deskpilot.agent.provider.internal.Fixtures.golden;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.control.ActionVerdict;
import dev.deskpilot.agent.control.RuleSafetyGate;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.ProviderPolicy;
import dev.deskpilot.agent.provider.Providers;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.agent.replay.StepJson;
import dev.deskpilot.perception.OcrEngine;
import dev.deskpilot.perception.ScreenReader;
import dev.deskpilot.perception.TextLine;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A whole run of a provider policy against a local server that echoes the key back: the key is in
 * no step, no trajectory line, no event and no outcome.
 */
class KeySecrecyTest {
  private static final String SECRET = "sk-SECRET-never-in-a-trajectory-42";

  @StartStop private final MockWebServer server = new MockWebServer();

  @ParameterizedTest
  @ValueSource(strings = {"anthropic:claude-sonnet-4-5", "openai:computer-use-preview", "openai:gpt-5.4"})
  void theKeyIsNowhereInWhatARunWrites(String specText) {
    boolean anthropic = specText.startsWith("anthropic");
    // the replies quote the key, as a broken gateway might, in the text the model "says"
    server.enqueue(json(golden(anthropic ? "anthropic/left_click.json" : "openai/click.json")
        .replace(anthropic ? "I'll click the Files icon." : "Open the File menu.", "Using key " + SECRET)));
    server.enqueue(new MockResponse.Builder().code(401)
        .body("{\"error\":{\"message\":\"invalid key " + SECRET + "\"}}").build());
    ModelSpec spec = ModelSpec.parse(specText).withBaseUrl(URI.create(server.url("/v1").toString()));
    List<String> written = new ArrayList<>();
    Outcome outcome;
    try (ProviderPolicy policy = Providers.create(spec,
        ProviderConfig.builder().sleeper(new Fixtures.RecordingSleeper()).build(),
        Map.of("ANTHROPIC_API_KEY", SECRET, "OPENAI_API_KEY", SECRET))) {
      StepListener all = new StepListener() {
        @Override
        public void onStep(Step step) {
          written.add(StepJson.write(step).toString());
          written.add(step.toString());
        }

        @Override
        public void onOutcome(Outcome o) {
          written.add(o.toString());
        }

        @Override
        public void onUsage(int step, Usage usage, double cost, double total) {
          written.add(usage.toString());
        }

        @Override
        public void onVerdict(int step, Action action, ActionVerdict verdict) {
          written.add(verdict.toString());
        }

        @Override
        public void onAction(int step, Action action, ActionResult result) {
          written.add(action + " " + result);
        }
      };
      outcome = Agent.builder(new FakeDesktop(1920, 1080), new ScreenReader(new NoText()), policy)
          .listener(all).gate(RuleSafetyGate.defaults()).build().run("open the files");
      written.add(policy.toString());
    }
    assertThat(outcome.status()).isEqualTo(Outcome.Status.ERROR);
    assertThat(outcome.reason()).contains("HTTP 401").contains("[redacted]");
    assertThat(written).hasSizeGreaterThan(4);
    assertThat(String.join("\n", written)).contains("Using key [redacted]");
    assertThat(String.join("\n", written)).doesNotContain(SECRET);
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build();
  }

  private static final class NoText implements OcrEngine {
    @Override
    public List<TextLine> read(BufferedImage image) {
      return List.of();
    }

    @Override
    public void close() {}
  }
}
