package dev.deskpilot.agent.provider.openaicompat;

import static dev.deskpilot.agent.provider.internal.Fixtures.golden;
import static dev.deskpilot.agent.provider.internal.Fixtures.normalised;
import static dev.deskpilot.agent.provider.internal.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ImageBudget;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.ProviderConfig.Coordinates;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

class CompatPolicyTest {
  private static final Observation SCREEN = Fixtures.screen(1920, 1080);
  private static final String IMAGE =
      "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,<png 1932x1092>\"}}";

  @StartStop private final MockWebServer server = new MockWebServer();
  private final List<Step> history = new ArrayList<>();

  private CompatPolicy policy(ProviderConfig.Builder config, Optional<ApiKey> key) {
    ModelSpec spec = ModelSpec.parse("openai-compat:" + server.url("/v1") + "#ui-tars-1.5-7b");
    return new CompatPolicy(spec, config.sleeper(new Fixtures.RecordingSleeper()).build(), key);
  }

  private void reply(String goldenFile) {
    server.enqueue(new MockResponse.Builder().body(golden(goldenFile)).build());
  }

  private Decision decide(CompatPolicy p) {
    return p.decide("Save the report", List.copyOf(history), SCREEN);
  }

  private void performed(Decision d, ActionResult... results) {
    history.add(new Step(history.size() + 1, Instant.parse("2026-01-01T00:00:00Z"), SCREEN.screenshot(), "", d,
        List.of(results), new Step.Timings(0, 0, 0, 0)));
  }

  private JsonNode take() throws InterruptedException {
    RecordedRequest r = server.takeRequest();
    assertThat(r.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    return normalised(r.getBody().utf8());
  }

  @Test
  void requestsCarryThePromptTheSmartResizedScreenshotAndTheConversation() throws Exception {
    reply("openaicompat/click.json");
    reply("openaicompat/finished.json");
    try (CompatPolicy p = policy(ProviderConfig.builder(), Optional.empty())) {
      Decision d1 = decide(p);
      assertThat(d1).isEqualTo(Decision.of("The Save button is in the toolbar.", Action.Click.left(new Point(960, 540))));
      RecordedRequest raw = server.takeRequest();
      assertThat(raw.getHeaders().get("Authorization")).isNull();
      JsonNode first = normalised(raw.getBody().utf8());
      String prompt = CompatCodec.prompt("Save the report", Coordinates.UI_TARS_ABSOLUTE_SMART_RESIZE);
      assertThat(first).isEqualTo(tree("""
          {"model":"ui-tars-1.5-7b","max_tokens":4096,"temperature":0,
           "messages":[{"role":"user","content":[{"type":"text","text":%s}]},
                       {"role":"user","content":[%s]}]}
          """.formatted(Fixtures.JSON.writeValueAsString(prompt), IMAGE)));
      assertThat(prompt).contains("click(start_box='<|box_start|>(x1,y1)<|box_end|>')").endsWith("Save the report");

      performed(d1, ActionResult.failure("the window vanished", 2));
      Decision d2 = decide(p);
      assertThat(d2.actions()).containsExactly(new Action.Done());
      JsonNode second = take();
      assertThat(second.get("messages")).hasSize(4);
      assertThat(second.get("messages").get(2)).isEqualTo(tree("""
          {"role":"assistant","content":"Thought: The Save button is in the toolbar.\\nAction: click(start_box='<|box_start|>(966,546)<|box_end|>')"}
          """));
      assertThat(second.get("messages").get(3)).isEqualTo(tree("""
          {"role":"user","content":[{"type":"text","text":"The last action did not succeed: the window vanished"},%s]}
          """.formatted(IMAGE)));
    }
  }

  @Test
  void aKeyIsSentAsBearerAndOldScreenshotsAreDropped() throws Exception {
    for (int i = 0; i < 3; i++) {
      reply("openaicompat/wait.json");
    }
    try (CompatPolicy p = policy(ProviderConfig.builder().keepScreenshots(1), Optional.of(ApiKey.of("or-KEY-1")))) {
      for (int i = 0; i < 3; i++) {
        performed(decide(p), ActionResult.success(1));
      }
      RecordedRequest last = null;
      for (int i = 0; i < 3; i++) {
        last = server.takeRequest();
      }
      assertThat(last.getHeaders().get("Authorization")).isEqualTo("Bearer or-KEY-1");
      String body = normalised(last.getBody().utf8()).toString();
      assertThat(body.split("<png 1932x1092>", -1)).hasSize(2);
      assertThat(body.split(CompatCodec.OMITTED.replace("[", "\\[").replace("]", "\\]"), -1)).hasSize(3);
    }
  }

  @Test
  void relativeModeAndAnImageBudget() throws Exception {
    reply("openaicompat/relative.json");
    try (CompatPolicy p = policy(ProviderConfig.builder().coordinates(Coordinates.UI_TARS_RELATIVE_1000)
        .imageBudget(new ImageBudget(1280, 1_000_000)), Optional.empty())) {
      assertThat(decide(p).actions()).containsExactly(Action.Click.left(new Point(960, 540)));
      assertThat(take().at("/messages/1/content/0/image_url/url").asText())
          .isEqualTo("data:image/png;base64,<png 1288x728>");
    }
  }

  @Test
  void reasksThenFails() throws Exception {
    reply("openaicompat/no_action.json");
    reply("openaicompat/unknown_action.json");
    reply("openaicompat/no_action.json");
    try (CompatPolicy p = policy(ProviderConfig.builder(), Optional.empty())) {
      assertThatThrownBy(() -> decide(p))
          .isInstanceOf(PolicyException.class)
          .hasMessageStartingWith("openai-compat gave no usable reply in 3 attempts; last problem: openai-compat reply:"
              + " no 'Action:' line");
      take();
      JsonNode second = take();
      assertThat(second.get("messages")).hasSize(3);
      assertThat(second.at("/messages/2/content/0/text").asText())
          .startsWith("Your previous reply could not be used: openai-compat reply: no 'Action:' line");
      assertThat(take().at("/messages/2/content/0/text").asText()).contains("teleport: unknown action");
      assertThat(p.totalUsage().calls()).isEqualTo(3);
    }
  }
}
