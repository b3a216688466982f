package dev.deskpilot.agent.provider.anthropic;

import static dev.deskpilot.agent.provider.internal.Fixtures.golden;
import static dev.deskpilot.agent.provider.internal.Fixtures.normalised;
import static dev.deskpilot.agent.provider.internal.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
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

class AnthropicPolicyTest {
  private static final ApiKey KEY = ApiKey.of("sk-ant-api03-TESTKEY");
  private static final Observation SCREEN = Fixtures.screen(1920, 1080);
  private static final String CACHE = ",\"cache_control\":{\"type\":\"ephemeral\"}";

  /** {@code IMAGE} with the cache breakpoint the last block of a request gets. */
  private static String cached(String block) {
    return block.strip().substring(0, block.strip().length() - 1) + CACHE + "}";
  }

  private static final String IMAGE = """
      {"type":"image","source":{"type":"base64","media_type":"image/png","data":"<png 1366x768>"}}""";

  @StartStop private final MockWebServer server = new MockWebServer();
  private final Fixtures.RecordingSleeper sleeper = new Fixtures.RecordingSleeper();
  private final List<Step> history = new ArrayList<>();

  private AnthropicPolicy policy(String model, ProviderConfig.Builder config) {
    ModelSpec spec = ModelSpec.parse("anthropic:" + model).withBaseUrl(URI.create(server.url("/v1").toString()));
    return new AnthropicPolicy(spec, config.sleeper(sleeper).build(), KEY);
  }

  private void reply(String goldenFile) {
    server.enqueue(new MockResponse.Builder().body(golden(goldenFile)).build());
  }

  /** Asks with the history so far (the loop appends a step after performing each decision). */
  private Decision decide(AnthropicPolicy p) {
    return p.decide("Save the file", List.copyOf(history), SCREEN);
  }

  private void performed(Decision d, ActionResult... results) {
    history.add(new Step(history.size() + 1, Instant.parse("2026-01-01T00:00:00Z"), SCREEN.screenshot(), "", d,
        List.of(results), new Step.Timings(0, 0, 0, 0)));
  }

  private JsonNode take(String beta) throws InterruptedException {
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/messages");
    assertThat(r.getHeaders().get("x-api-key")).isEqualTo(KEY.secret());
    assertThat(r.getHeaders().get("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(r.getHeaders().get("anthropic-beta")).isEqualTo(beta);
    assertThat(r.getHeaders().get("Authorization")).isNull();
    return normalised(r.getBody().utf8());
  }

  @Test
  void firstRequestThenToolResultWithTheNewScreenshot() throws Exception {
    reply("anthropic/left_click.json");
    reply("anthropic/end_turn.json");
    try (AnthropicPolicy p = policy("claude-sonnet-4-5", ProviderConfig.builder())) {
      Decision d1 = decide(p);
      assertThat(d1).isEqualTo(Decision.of("I'll click the Files icon.", Action.Click.left(new Point(960, 540))));
      ObjectNode expected = (ObjectNode) tree("""
          {"model":"claude-sonnet-4-5","max_tokens":4096,
           "tools":[{"type":"computer_20250124","name":"computer","display_width_px":1366,"display_height_px":768,
                     "display_number":1}],
           "messages":[{"role":"user","content":[{"type":"text","text":"Save the file"},%s]}]}
          """.formatted(cached(IMAGE)));
      expected.set("system", tree("[{\"type\":\"text\",\"text\":" + Fixtures.JSON.valueToTree(Prompts.system(1366, 768, ""))
          + CACHE + "}]"));
      assertThat(take("computer-use-2025-01-24")).isEqualTo(expected);

      performed(d1, ActionResult.success(5));
      Decision d2 = decide(p);
      assertThat(d2.actions()).containsExactly(new Action.Done());
      JsonNode second = take("computer-use-2025-01-24");
      JsonNode messages = second.get("messages");
      assertThat(messages).hasSize(3);
      assertThat(messages.get(1)).isEqualTo(tree("""
          {"role":"assistant","content":[{"type":"text","text":"I'll click the Files icon."},
            {"type":"tool_use","id":"toolu_01A","name":"computer","input":{"action":"left_click","coordinate":[683,384]}}]}
          """));
      assertThat(messages.get(2)).isEqualTo(tree("""
          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_01A","content":[%s]%s}]}
          """.formatted(IMAGE, CACHE)));
      assertThat(messages.get(0).at("/content/1/type").asText())
          .as("the first screenshot is still within the newest 3").isEqualTo("image");
      assertThat(p.totalUsage().inputTokens()).isEqualTo(2 * 2210);
      assertThat(p.totalUsage().cacheReadTokens()).isEqualTo(2 * 1500);
    }
  }

  @Test
  void newerToolVersionWithZoomAndUnsupportedActionsAnsweredAsErrors() throws Exception {
    reply("anthropic/unsupported.json");
    reply("anthropic/end_turn.json");
    try (AnthropicPolicy p = policy("claude-opus-4-5", ProviderConfig.builder().anthropicZoom(true).displayNumber(3))) {
      Decision d1 = decide(p);
      assertThat(d1.actions()).as("nothing to do, look again").isEmpty();
      JsonNode first = take("computer-use-2025-11-24");
      assertThat(first.get("tools")).isEqualTo(tree("""
          [{"type":"computer_20251124","name":"computer","display_width_px":1366,"display_height_px":768,
            "display_number":3,"enable_zoom":true}]"""));
      performed(d1);
      decide(p);
      JsonNode user = take("computer-use-2025-11-24").get("messages").get(2);
      String skipped =
          "not performed: an earlier action of the same reply (zoom) is not supported, so this one was skipped too";
      assertThat(user).isEqualTo(tree("""
          {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"toolu_01P1","is_error":true,
             "content":[{"type":"text","text":"zoom is not supported yet; take a screenshot instead"}]},
            {"type":"tool_result","tool_use_id":"toolu_01P2","is_error":true,
             "content":[{"type":"text","text":"%s"}]},
            %s]}""".formatted(skipped, cached(IMAGE))));
    }
  }

  @Test
  void failedActionsOfAParallelReplyAreErrorsAndTheScreenshotGoesWithTheLastSuccess() throws Exception {
    reply("anthropic/parallel.json");
    reply("anthropic/end_turn.json");
    try (AnthropicPolicy p = policy("claude-sonnet-4-5", ProviderConfig.builder())) {
      Decision d1 = decide(p);
      assertThat(d1.actions()).hasSize(3);
      take("computer-use-2025-01-24");
      performed(d1, ActionResult.success(1), ActionResult.failure("typing failed: no window has the focus", 2));
      decide(p);
      JsonNode second = take("computer-use-2025-01-24");
      assertThat(second.at("/messages/1/content/0/type").asText()).isEqualTo("thinking");
      assertThat(second.at("/messages/1/content/0/signature").asText()).isEqualTo("EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
      assertThat(second.get("messages").get(2)).isEqualTo(tree("""
          {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"toolu_01O1","content":[%s]},
            {"type":"tool_result","tool_use_id":"toolu_01O2","is_error":true,
             "content":[{"type":"text","text":"typing failed: no window has the focus"}]},
            {"type":"tool_result","tool_use_id":"toolu_01O3","is_error":true,
             "content":[{"type":"text","text":"not performed (an earlier action failed or the run was interrupted)"}]%s}]}
          """.formatted(IMAGE, CACHE)));
    }
  }

  @Test
  void onlyTheNewestScreenshotsStayImages() throws Exception {
    for (int i = 0; i < 4; i++) {
      reply("anthropic/screenshot.json");
    }
    try (AnthropicPolicy p = policy("claude-sonnet-4-5", ProviderConfig.builder().keepScreenshots(2))) {
      for (int i = 0; i < 4; i++) {
        Decision d = decide(p);
        performed(d);
      }
      JsonNode last = null;
      for (int i = 0; i < 4; i++) {
        last = take("computer-use-2025-01-24");
      }
      String body = last.toString();
      assertThat(count(body, "<png 1366x768>")).isEqualTo(2);
      assertThat(count(body, AnthropicCodec.OMITTED)).isEqualTo(2);
      assertThat(last.get("messages")).hasSize(7);
      assertThat(last.at("/messages/0/content/1/text").asText()).isEqualTo(AnthropicCodec.OMITTED);
      assertThat(last.at("/messages/6/content/0/content/0/type").asText()).isEqualTo("image");
    }
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void overloadedThenSuccess() {
    server.enqueue(new MockResponse.Builder().code(529).body(golden("anthropic/error_529.json")).build());
    reply("anthropic/key.json");
    try (AnthropicPolicy p = policy("claude-sonnet-4-5", ProviderConfig.builder())) {
      assertThat(decide(p).actions()).containsExactly(new Action.KeyChord(List.of("ctrl", "s")));
      assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
      assertThat(p.lastUsage().calls()).isEqualTo(1);
    }
  }

  @Test
  void aTruncatedReplyIsReaskedWithoutPollutingTheConversation() throws Exception {
    reply("anthropic/max_tokens.json");
    reply("anthropic/left_click.json");
    reply("anthropic/end_turn.json");
    try (AnthropicPolicy p = policy("claude-sonnet-4-5", ProviderConfig.builder())) {
      Decision d1 = decide(p);
      assertThat(d1.actions()).hasSize(1);
      take("computer-use-2025-01-24");
      JsonNode reasked = take("computer-use-2025-01-24");
      assertThat(reasked.at("/messages/0/content/2/text").asText()).isEqualTo(
          "Your previous reply could not be used: anthropic reply: reply truncated (stop_reason max_tokens)."
              + " Please answer again, following the tool's format exactly.");
      assertThat(p.lastUsage().calls()).isEqualTo(2);
      performed(d1, ActionResult.success(1));
      decide(p);
      JsonNode third = take("computer-use-2025-01-24");
      assertThat(third.get("messages")).hasSize(3);
      assertThat(third.at("/messages/0/content")).hasSize(2);
    }
  }

  @Test
  void aRefusedRequestFailsAndLeavesTheConversationUsable() throws Exception {
    server.enqueue(new MockResponse.Builder().code(400).body(golden("anthropic/error_400.json")).build());
    reply("anthropic/end_turn.json");
    try (AnthropicPolicy p = policy("claude-sonnet-4-5", ProviderConfig.builder())) {
      assertThatThrownBy(() -> decide(p))
          .isInstanceOf(PolicyException.class)
          .hasMessageStartingWith("anthropic API refused the request: HTTP 400 invalid_request_error: messages.1");
      take("computer-use-2025-01-24");
      assertThat(decide(p).actions()).containsExactly(new Action.Done());
      assertThat(take("computer-use-2025-01-24").get("messages")).hasSize(1);
    }
  }
}
