package dev.deskpilot.agent.provider;

import static dev.deskpilot.agent.provider.internal.Fixtures.golden;
import static dev.deskpilot.agent.provider.internal.Fixtures.normalised;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.PolicyInput;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.control.ActionApproval;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.agent.provider.internal.ActionReport;
import dev.deskpilot.agent.provider.internal.Conversation;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.ScreenChange;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/**
 * What the providers do with the loop's extras: the person's messages, an unchanged screen,
 * questions, the managed OpenAI history, prompt-cache marks, and safety checks through the loop.
 */
class ConversationFeaturesTest {
  private static final Observation SCREEN = Fixtures.screen(1920, 1080);
  private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-test", "ANTHROPIC_API_KEY", "sk-ant-test");

  @StartStop private final MockWebServer server = new MockWebServer();
  private final List<Step> history = new ArrayList<>();

  private ProviderPolicy policy(String spec, ProviderConfig.Builder config) {
    ModelSpec s = ModelSpec.parse(spec).withBaseUrl(URI.create(server.url("/v1").toString()));
    return Providers.create(s, config.sleeper(new Fixtures.RecordingSleeper()).build(), ENV);
  }

  private void reply(String body) {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/json").body(body).build());
  }

  private Decision decide(ProviderPolicy p, List<String> messages, boolean changed, Optional<ActionApproval> approval) {
    Decision d = p.decide(new PolicyInput("Save the file", history, SCREEN, messages, changed, approval));
    history.add(new Step(history.size() + 1, Instant.EPOCH, SCREEN.screenshot(), "", d,
        d.actions().stream().map(a -> ActionResult.success(1)).toList(), new Step.Timings(0, 0, 0, 0)));
    return d;
  }

  /** A step of a click whose effect the loop saw: {@code change}. */
  private Decision decideAndSee(ProviderPolicy p, ScreenChange change) {
    Decision d = p.decide(new PolicyInput("Save the file", history, SCREEN, List.of(), true, Optional.empty()));
    history.add(new Step(history.size() + 1, Instant.EPOCH, SCREEN.screenshot(), "", d,
        d.actions().stream().map(a -> ActionResult.success(1)).toList(), new Step.Timings(0, 0, 0, 0), SCREEN,
        List.of(), List.of(), null, 0, Optional.of(change)));
    return d;
  }

  private static final ScreenChange NOTHING =
      new ScreenChange(ScreenChange.Kind.NONE, List.of(), 0, 0, 0, List.of(), List.of(), List.of(), List.of());
  private static final ScreenChange DIALOG = new ScreenChange(ScreenChange.Kind.CHANGED,
      List.of(new Rect(100, 100, 400, 300)), 0.058, 2, 40, List.of("Save As"), List.of(), List.of(), List.of());

  @Test
  void everyProviderTellsTheModelWhatItsLastActionDidToTheScreen() throws Exception {
    Map<String, List<String>> replies = Map.of(
        "anthropic:claude-sonnet-4-5", List.of("anthropic/left_click.json", "anthropic/left_click.json", "anthropic/end_turn.json"),
        "openai:gpt-5.4", List.of("openai/click.json", "openai/click.json", "openai/message_done.json"),
        "openai-compat:http://unused/v1#ui-tars", List.of("openaicompat/click.json", "openaicompat/click.json", "openaicompat/finished.json"));
    for (Map.Entry<String, List<String>> e : replies.entrySet()) {
      history.clear();
      e.getValue().forEach(g -> reply(golden(g)));
      try (ProviderPolicy p = policy(e.getKey(), ProviderConfig.builder())) {
        decideAndSee(p, NOTHING);
        decideAndSee(p, DIALOG);
        decideAndSee(p, DIALOG);
        String first = take().toString();
        String second = take().toString();
        String third = take().toString();
        assertThat(first).as(e.getKey()).doesNotContain("Your last action").doesNotContain("After your last action");
        assertThat(second).as(e.getKey()).contains(ActionReport.NOTHING_CHANGED);
        assertThat(third).as(e.getKey())
            .contains("After your last action: changed 5.8% of the screen; new text \\\"Save As\\\".");
      }
    }
  }

  private JsonNode take() throws InterruptedException {
    return normalised(server.takeRequest().getBody().utf8());
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void anthropicCarriesPersonMessagesSkipsAnUnchangedScreenAndAsksQuestions() throws Exception {
    reply(golden("anthropic/left_click.json"));
    reply(golden("anthropic/end_turn.json").replace("The file has been saved to ~/report.txt.",
        "There are two files. Should I save report.txt or notes.txt?"));
    try (ProviderPolicy p = policy("anthropic:claude-sonnet-4-5", ProviderConfig.builder())) {
      decide(p, List.of("be careful"), true, Optional.empty());
      JsonNode first = take();
      assertThat(first.at("/messages/0/content/1/text").asText())
          .isEqualTo("Message from the person you are working for: be careful");
      assertThat(first.at("/messages/0/content/2/type").asText()).isEqualTo("image");
      assertThat(first.at("/system/0/cache_control/type").asText()).isEqualTo("ephemeral");
      assertThat(first.at("/messages/0/content/2/cache_control/type").asText()).isEqualTo("ephemeral");

      Decision d2 = decide(p, List.of("use the menu"), false, Optional.empty());
      JsonNode second = take();
      JsonNode user = second.at("/messages/2/content");
      assertThat(user.get(0).get("type").asText()).isEqualTo("tool_result");
      assertThat(user.get(0).at("/content/0/text").asText()).isEqualTo(Conversation.UNCHANGED);
      assertThat(user.get(1).get("text").asText()).isEqualTo("Message from the person you are working for: use the menu");
      assertThat(count(second.toString(), "<png ")).as("only the first screenshot").isEqualTo(1);
      assertThat(count(second.toString(), "cache_control")).as("system + last block only").isEqualTo(2);
      assertThat(second.at("/messages/2/content/1/cache_control/type").asText()).isEqualTo("ephemeral");

      assertThat(d2.asksPerson()).isTrue();
      assertThat(d2.question()).isEqualTo("Should I save report.txt or notes.txt?");
      assertThat(d2.actions()).isEmpty();
    }
  }

  @Test
  void aPoliteClosingQuestionIsNoQuestion() {
    assertThat(Conversation.asksQuestion("Saved. Is there anything else I can help you with?")).isFalse();
    assertThat(Conversation.asksQuestion("Saved the file.")).isFalse();
    assertThat(Conversation.asksQuestion("Which folder should I use?")).isTrue();
  }

  @Test
  void openAiManagedHistoryKeepsTheNewestScreenshotsAndSummarisesOlderSteps() throws Exception {
    for (int i = 0; i < 3; i++) {
      reply(golden("openai/click.json"));
    }
    reply(golden("openai/message_done.json"));
    try (ProviderPolicy p = policy("openai:gpt-5.4", ProviderConfig.builder().keepScreenshots(2))) {
      for (int i = 0; i < 4; i++) {
        decide(p, List.of(), true, Optional.empty());
      }
      JsonNode last = null;
      for (int i = 0; i < 4; i++) {
        last = take();
      }
      assertThat(last.has("previous_response_id")).isFalse();
      String body = last.toString();
      assertThat(count(body, "<png 1920x1080>")).isEqualTo(2);
      JsonNode input = last.get("input");
      assertThat(input.at("/0/content/1/text").asText()).isEqualTo("[older screenshot omitted]");
      String summary = input.at("/1/content/0/text").asText();
      assertThat(summary).startsWith("Earlier steps (their screenshots are no longer shown):\nStep 1: Open the File menu. -> left click at (");
      assertThat(summary.lines()).hasSize(2);
      // kept: exchanges 2 and 3, each the model's items then the call output
      List<String> types = new ArrayList<>();
      for (int i = 2; i < input.size(); i++) {
        types.add(input.get(i).path("type").asText());
      }
      assertThat(types).containsExactly("reasoning", "computer_call", "computer_call_output",
          "reasoning", "computer_call", "computer_call_output");
    }
  }

  @Test
  void openAiSafetyChecksGoThroughTheLoopsApproval() throws Exception {
    reply(golden("openai/safety_check.json"));
    reply(golden("openai/safety_check.json"));
    List<Verdict> asked = new ArrayList<>();
    try (ProviderPolicy p = policy("openai:computer-use-preview", ProviderConfig.builder()
        .safetyChecks(c -> { throw new AssertionError("the loop's approval must be used"); }))) {
      Decision d = decide(p, List.of(), true, Optional.of((action, verdict) -> {
        asked.add(verdict);
        return true;
      }));
      assertThat(d.actions()).hasSize(1).first().isInstanceOf(Action.Click.class);
      assertThat(asked).extracting(Verdict::rule).containsExactly("provider-check:malicious_instructions");
      Decision refused = decide(p, List.of(), true, Optional.of((action, verdict) -> false));
      assertThat(refused.actions()).hasSize(1).first().isInstanceOf(Action.Fail.class);
    }
  }

  @Test
  void callUserBecomesAQuestionAndTheAnswerGoesIntoTheNextMessage() throws Exception {
    reply(golden("openaicompat/call_user.json"));
    reply(golden("openaicompat/finished.json"));
    try (ProviderPolicy p = policy("openai-compat:http://unused/v1#ui-tars", ProviderConfig.builder())) {
      Decision d1 = decide(p, List.of(), true, Optional.empty());
      assertThat(d1.asksPerson()).isTrue();
      assertThat(d1.question()).isEqualTo("I need a password.");
      take();
      decide(p, List.of("(answer to your question \"I need a password.\") it is on the note"), false, Optional.empty());
      JsonNode second = take();
      JsonNode lastMessage = second.get("messages").get(second.get("messages").size() - 1);
      assertThat(lastMessage.at("/content/0/text").asText()).isEqualTo(
          "Message from the person you are working for: (answer to your question \"I need a password.\") it is on the note\n"
              + Conversation.UNCHANGED);
      assertThat(lastMessage.get("content")).hasSize(1);
    }
  }
}
