package dev.deskpilot.agent.provider.openai;

import static dev.deskpilot.agent.provider.internal.Fixtures.golden;
import static dev.deskpilot.agent.provider.internal.Fixtures.normalised;
import static dev.deskpilot.agent.provider.internal.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Action.MouseButton;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.ProviderConfig.OpenAiHistory;
import dev.deskpilot.agent.provider.SafetyCheck;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.agent.provider.internal.Prompts;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class OpenAiPolicyTest {
  private static final ApiKey KEY = ApiKey.of("sk-proj-TESTKEY-abcdef");
  private static final Observation SCREEN = Fixtures.screen(1920, 1080);

  @StartStop private final MockWebServer server = new MockWebServer();
  private final Fixtures.RecordingSleeper sleeper = new Fixtures.RecordingSleeper();

  private OpenAiPolicy policy(String model, ProviderConfig.Builder config) {
    ModelSpec spec = ModelSpec.parse("openai:" + model).withBaseUrl(URI.create(server.url("/v1").toString()));
    return new OpenAiPolicy(spec, config.sleeper(sleeper).build(), KEY);
  }

  private void reply(String goldenFile) {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json")
        .body(golden(goldenFile)).build());
  }

  private static Step step(Decision d, ActionResult... results) {
    return new Step(1, Instant.parse("2026-01-01T00:00:00Z"), SCREEN.screenshot(), "", d, List.of(results),
        new Step.Timings(0, 0, 0, 0));
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/responses");
    assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY.secret());
    return r;
  }

  @Test
  void previewFirstRequestThenChainedScreenshotReply() throws Exception {
    reply("openai/click.json");
    reply("openai/message_done.json");
    try (OpenAiPolicy p = policy("computer-use-preview", ProviderConfig.builder().openAiHistory(OpenAiHistory.CHAINED))) {
      Decision d1 = p.decide("Open the file menu", List.of(), SCREEN);
      assertThat(d1).isEqualTo(Decision.of("Open the File menu.", Action.Click.left(new Point(234, 75))));

      JsonNode first = normalised(take().getBody().utf8());
      ObjectNode expected = (ObjectNode) tree("""
          {"model":"computer-use-preview",
           "tools":[{"type":"computer_use_preview","display_width":1280,"display_height":720,"environment":"linux"}],
           "reasoning":{"summary":"concise"},
           "truncation":"auto",
           "input":[{"role":"user","content":[
              {"type":"input_text","text":"Open the file menu"},
              {"type":"input_image","image_url":"data:image/png;base64,<png 1280x720>"}]}]}
          """);
      expected.put("instructions", Prompts.system(1280, 720, ""));
      assertThat(first).isEqualTo(expected);

      Decision d2 = p.decide("Open the file menu", List.of(step(d1, ActionResult.success(3))), SCREEN);
      assertThat(d2.actions()).containsExactly(new Action.Done());
      JsonNode second = normalised(take().getBody().utf8());
      ObjectNode expected2 = (ObjectNode) tree("""
          {"model":"computer-use-preview",
           "tools":[{"type":"computer_use_preview","display_width":1280,"display_height":720,"environment":"linux"}],
           "reasoning":{"summary":"concise"},
           "truncation":"auto",
           "previous_response_id":"resp_click",
           "input":[{"type":"computer_call_output","call_id":"call_zw3",
                     "output":{"type":"computer_screenshot","image_url":"data:image/png;base64,<png 1280x720>"}}]}
          """);
      expected2.put("instructions", Prompts.system(1280, 720, ""));
      assertThat(second).isEqualTo(expected2);

      assertThat(p.lastUsage()).isEqualTo(new Usage(1843, 61, 512, 0, 1));
      assertThat(p.totalUsage()).isEqualTo(new Usage(3686, 122, 1024, 0, 2));
    }
  }

  @Test
  void approvedSafetyChecksAreEchoed() throws Exception {
    reply("openai/safety_check.json");
    reply("openai/message_done.json");
    List<SafetyCheck> asked = new ArrayList<>();
    try (OpenAiPolicy p = policy("computer-use-preview",
        ProviderConfig.builder().openAiHistory(OpenAiHistory.CHAINED).safetyChecks(c -> asked.add(c)))) {
      Decision d1 = p.decide("Pay the invoice", List.of(), SCREEN);
      assertThat(d1.actions()).containsExactly(Action.Click.left(new Point(450, 600)));
      assertThat(asked).extracting(SafetyCheck::code).containsExactly("malicious_instructions");
      take();
      p.decide("Pay the invoice", List.of(step(d1, ActionResult.success(1))), SCREEN);
      JsonNode output = normalised(take().getBody().utf8()).get("input").get(0);
      assertThat(output.get("call_id").asText()).isEqualTo("call_safe");
      SafetyCheck check = asked.getFirst();
      ObjectNode ack = Fixtures.JSON.createObjectNode()
          .put("id", "cu_sc_67cb").put("code", "malicious_instructions").put("message", check.message());
      assertThat(output.get("acknowledged_safety_checks")).isEqualTo(Fixtures.JSON.createArrayNode().add(ack));
      assertThat(check.message()).startsWith("We've detected instructions");
    }
  }

  @Test
  void aDeniedSafetyCheckEndsTheRunWithItsMessage() {
    reply("openai/safety_check.json");
    try (OpenAiPolicy p = policy("computer-use-preview", ProviderConfig.builder())) {
      Decision d = p.decide("Pay the invoice", List.of(), SCREEN);
      assertThat(d.actions()).hasSize(1);
      assertThat(d.actions().getFirst()).isInstanceOf(Action.Fail.class);
      assertThat(((Action.Fail) d.actions().getFirst()).reason())
          .startsWith("safety check malicious_instructions was not approved: We've detected instructions");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void gaBatchIsOneDecisionAnsweredByOneOutputWithAFailureNote() throws Exception {
    reply("openai/ga_batch.json");
    reply("openai/message_done.json");
    try (OpenAiPolicy p = policy("gpt-5.4", ProviderConfig.builder().openAiHistory(OpenAiHistory.CHAINED))) {
      Decision d1 = p.decide("List the files", List.of(), SCREEN);
      assertThat(d1.actions()).hasSize(4);
      assertThat(d1.actions().getFirst()).isEqualTo(new Action.Click(new Point(48, 300), MouseButton.LEFT, 2));
      JsonNode first = normalised(take().getBody().utf8());
      assertThat(first.get("tools")).isEqualTo(tree("[{\"type\":\"computer\"}]"));
      assertThat(first.has("reasoning")).isFalse();
      assertThat(first.get("model").asText()).isEqualTo("gpt-5.4");
      assertThat(first.at("/input/0/content/1")).isEqualTo(tree("""
          {"type":"input_image","image_url":"data:image/png;base64,<png 1920x1080>","detail":"original"}"""));

      p.decide("List the files", List.of(step(d1, ActionResult.success(1), ActionResult.success(1),
          ActionResult.failure("typing failed: no window has the focus", 1))), SCREEN);
      JsonNode second = normalised(take().getBody().utf8());
      assertThat(second.get("previous_response_id").asText()).isEqualTo("resp_ga");
      assertThat(second.get("input")).isEqualTo(tree("""
          [{"type":"computer_call_output","call_id":"call_batch",
            "output":{"type":"computer_screenshot","image_url":"data:image/png;base64,<png 1920x1080>",
                      "detail":"original"}},
           {"role":"user","content":[{"type":"input_text",
            "text":"The last action did not succeed: typing failed: no window has the focus"}]}]"""));
    }
  }

  @Test
  void aMalformedReplyIsReaskedWithTheProblem() throws Exception {
    String click = golden("openai/click.json");
    server.enqueue(new MockResponse.Builder().body(click.substring(0, click.length() / 2)).build());
    reply("openai/click.json");
    try (OpenAiPolicy p = policy("computer-use-preview", ProviderConfig.builder())) {
      Decision d = p.decide("Open the file menu", List.of(), SCREEN);
      assertThat(d.actions()).containsExactly(Action.Click.left(new Point(234, 75)));
      JsonNode first = normalised(take().getBody().utf8());
      JsonNode second = normalised(take().getBody().utf8());
      assertThat(second.get("input").size()).isEqualTo(2);
      assertThat(second.get("input").get(0)).isEqualTo(first.get("input").get(0));
      assertThat(second.at("/input/1/content/0/text").asText())
          .startsWith("Your previous reply could not be used: openai reply: not valid JSON");
      assertThat(p.lastUsage().calls()).isEqualTo(2);
    }
  }

  @Test
  void aReplyStillUnusableAfterTheReasksFailsTheRun() {
    reply("openai/outside.json");
    reply("openai/outside.json");
    try (OpenAiPolicy p = policy("computer-use-preview", ProviderConfig.builder().maxReasks(1))) {
      assertThatThrownBy(() -> p.decide("x", List.of(), SCREEN))
          .isInstanceOf(PolicyException.class)
          .hasMessage("openai gave no usable reply in 2 attempts; last problem: openai reply: output[0].action:"
              + " point (1281,50) is outside the 1280x720 screenshot");
      assertThat(p.totalUsage().calls()).isEqualTo(2);
    }
  }

  @Test
  void rateLimitThenSuccess() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "6")
        .body(golden("openai/error_429.json")).build());
    reply("openai/click.json");
    try (OpenAiPolicy p = policy("computer-use-preview", ProviderConfig.builder())) {
      assertThat(p.decide("x", List.of(), SCREEN).actions()).hasSize(1);
      assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(6));
    }
  }

  @Test
  void aBadRequestFailsAtOnceWithTheApiMessage() {
    server.enqueue(new MockResponse.Builder().code(400).body(golden("openai/error_400.json")).build());
    try (OpenAiPolicy p = policy("computer-use-preview", ProviderConfig.builder())) {
      assertThatThrownBy(() -> p.decide("x", List.of(), SCREEN))
          .isInstanceOf(PolicyException.class)
          .hasMessageContaining("HTTP 400 invalid_request_error: Invalid value for 'tools[0].display_width'");
      assertThat(server.getRequestCount()).isEqualTo(1);
    }
  }
}
