package dev.deskpilot.agent.provider.anthropic;

import static dev.deskpilot.agent.provider.internal.Fixtures.golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Action.MouseButton;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import dev.deskpilot.perception.Point;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden replies decoded against a 1920x1080 screen shown to Claude as 1366x768. */
class AnthropicCodecTest {
  private final AnthropicCodec codec = new AnthropicCodec();
  private final ScreenFrame frame = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1366, 768);

  private AnthropicCodec.Turn decode(String file) {
    return codec.decode(golden("anthropic/" + file), frame);
  }

  private List<Action> actions(String file) {
    return decode(file).actions();
  }

  @Test
  void clicks() {
    AnthropicCodec.Turn t = decode("left_click.json");
    assertThat(t.thought()).isEqualTo("I'll click the Files icon.");
    assertThat(t.actions()).containsExactly(Action.Click.left(new Point(960, 540)));
    assertThat(t.calls()).containsExactly(new AnthropicCodec.ToolCall("toolu_01A", 0, 1, null));
    assertThat(t.content()).hasSize(2);
    Point p = new Point(141, 281);
    assertThat(actions("right_click.json")).containsExactly(new Action.Click(p, MouseButton.RIGHT, 1));
    assertThat(actions("middle_click.json")).containsExactly(new Action.Click(p, MouseButton.MIDDLE, 1));
    assertThat(actions("double_click.json")).containsExactly(new Action.Click(p, MouseButton.LEFT, 2));
    assertThat(actions("triple_click.json")).containsExactly(new Action.Click(p, MouseButton.LEFT, 3));
  }

  @Test
  void moveAndDrag() {
    assertThat(actions("mouse_move.json")).containsExactly(new Action.MoveTo(new Point(1919, 1079)));
    assertThat(actions("left_click_drag.json"))
        .containsExactly(new Action.Drag(new Point(141, 141), new Point(960, 540)));
  }

  @Test
  void keysAndTyping() {
    assertThat(actions("key.json")).containsExactly(new Action.KeyChord(List.of("ctrl", "s")));
    assertThat(actions("key_sequence.json")).containsExactly(
        new Action.KeyChord(List.of("ctrl", "a")),
        new Action.KeyChord(List.of("BackSpace")),
        new Action.KeyChord(List.of("Return")));
    AnthropicCodec.Turn seq = decode("key_sequence.json");
    assertThat(seq.calls()).containsExactly(new AnthropicCodec.ToolCall("toolu_01I", 0, 3, null));
    assertThat(actions("type.json")).containsExactly(new Action.TypeText("Hello, world!"));
  }

  @Test
  void scrollAndWait() {
    assertThat(actions("scroll.json")).containsExactly(new Action.Scroll(new Point(960, 540), 0, 3));
    assertThat(actions("scroll_left.json")).containsExactly(new Action.Scroll(new Point(960, 540), -2, 0));
    assertThat(actions("wait.json")).containsExactly(new Action.Wait(Duration.ofMillis(1500)));
  }

  @Test
  void screenshotMeansLookAgain() {
    AnthropicCodec.Turn t = decode("screenshot.json");
    assertThat(t.actions()).isEmpty();
    assertThat(t.calls()).containsExactly(new AnthropicCodec.ToolCall("toolu_01N", 0, 0, null));
  }

  @Test
  void parallelToolUsesBecomeOneDecision() {
    AnthropicCodec.Turn t = decode("parallel.json");
    assertThat(t.thought()).isEqualTo("The search box is at the top.\nTyping the query.");
    assertThat(t.actions()).containsExactly(
        Action.Click.left(new Point(960, 56)), new Action.TypeText("weather"), new Action.KeyChord(List.of("Return")));
    assertThat(t.calls()).containsExactly(
        new AnthropicCodec.ToolCall("toolu_01O1", 0, 1, null),
        new AnthropicCodec.ToolCall("toolu_01O2", 1, 1, null),
        new AnthropicCodec.ToolCall("toolu_01O3", 2, 1, null));
  }

  @Test
  void unsupportedActionsAreAnsweredNotFailed() {
    AnthropicCodec.Turn t = decode("unsupported.json");
    assertThat(t.actions()).isEmpty();
    assertThat(t.calls()).hasSize(2);
    assertThat(t.calls().get(0).unsupported()).isEqualTo("zoom is not supported yet; take a screenshot instead");
    assertThat(t.calls().get(1).unsupported())
        .startsWith("not performed: an earlier action of the same reply (zoom) is not supported");
    assertThat(decode("click_with_modifier.json").calls().getFirst().unsupported())
        .startsWith("clicking while holding keys (text 'shift') is not supported yet");
    assertThat(decode("hold_key.json").calls().getFirst().unsupported()).startsWith("hold_key is not supported yet");
  }

  @Test
  void endTurnRefusalAndInfeasible() {
    AnthropicCodec.Turn done = decode("end_turn.json");
    assertThat(done.actions()).containsExactly(new Action.Done());
    assertThat(done.thought()).isEqualTo("The file has been saved to ~/report.txt.");
    assertThat(actions("end_turn_infeasible.json"))
        .containsExactly(new Action.Fail("there is no printer configured on this machine."));
    assertThat(actions("refusal.json"))
        .containsExactly(new Action.Fail("the model refused: I can't help with that request."));
  }

  @Test
  void unusableReplies() {
    assertThatThrownBy(() -> decode("max_tokens.json"))
        .isInstanceOf(PolicyException.class).hasMessage("anthropic reply: reply truncated (stop_reason max_tokens)");
    assertThatThrownBy(() -> decode("outside.json"))
        .isInstanceOf(PolicyException.class)
        .hasMessage("anthropic reply: content[0].input.coordinate: point (1400,10) is outside the 1366x768 screenshot");
    assertThatThrownBy(() -> decode("error_400.json"))
        .isInstanceOf(PolicyException.class).hasMessageStartingWith("anthropic reply: error: messages.1.content.0");
    assertThatThrownBy(() -> codec.decode("{\"type\":\"message\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\","
            + "\"name\":\"computer\",\"input\":{\"action\":\"left_click\",\"coordinate\":[1,\"2\"]}}]}", frame))
        .isInstanceOf(PolicyException.class)
        .hasMessage("anthropic reply: content[0].input.coordinate[1]: expected a number, got string \"2\"");
    assertThatThrownBy(() -> codec.decode("{\"type\":\"message\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\","
            + "\"name\":\"computer\",\"input\":{\"action\":\"type\",\"text\":\"a\\u0007b\"}}]}", frame))
        .isInstanceOf(PolicyException.class).hasMessageContaining("control character U+0007");
  }

  @Test
  void usage() {
    assertThat(AnthropicCodec.usage(golden("anthropic/left_click.json"))).isEqualTo(new Usage(2210, 88, 1500, 0, 1));
  }
}
