package dev.deskpilot.agent.provider.openaicompat;

import static dev.deskpilot.agent.provider.internal.Fixtures.golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Action.MouseButton;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.ProviderConfig.Coordinates;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import dev.deskpilot.perception.Point;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden replies against a 1920x1080 screen sent at its smart_resize size, 1932x1092. */
class CompatCodecTest {
  private final CompatCodec absolute = new CompatCodec(Coordinates.UI_TARS_ABSOLUTE_SMART_RESIZE);
  private final CompatCodec relative = new CompatCodec(Coordinates.UI_TARS_RELATIVE_1000);
  private final ScreenFrame frame = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1932, 1092);
  private static final Point CENTRE = new Point(960, 540);
  private static final Point P = new Point(99, 198);

  private CompatCodec.Turn decode(String file) {
    return absolute.decode(golden("openaicompat/" + file), frame);
  }

  private List<Action> actions(String file) {
    return decode(file).actions();
  }

  @Test
  void clicksInBothPointSyntaxes() {
    CompatCodec.Turn t = decode("click.json");
    assertThat(t.thought()).isEqualTo("The Save button is in the toolbar.");
    assertThat(t.actions()).containsExactly(Action.Click.left(CENTRE));
    assertThat(t.text()).startsWith("Thought: The Save button");
    assertThat(actions("click_point.json")).containsExactly(Action.Click.left(CENTRE));
    assertThat(actions("left_double.json")).containsExactly(new Action.Click(P, MouseButton.LEFT, 2));
    assertThat(actions("right_single.json")).containsExactly(new Action.Click(P, MouseButton.RIGHT, 1));
    assertThat(actions("content_parts.json")).containsExactly(Action.Click.left(new Point(10, 20)));
  }

  @Test
  void dragHotkeyTypeScrollWait() {
    assertThat(actions("drag.json")).containsExactly(new Action.Drag(P, CENTRE));
    assertThat(actions("hotkey.json")).containsExactly(new Action.KeyChord(List.of("ctrl", "c")));
    assertThat(actions("type.json")).containsExactly(new Action.TypeText("report 'final'\n"));
    assertThat(actions("scroll.json")).containsExactly(new Action.Scroll(CENTRE, 0, 5));
    assertThat(actions("scroll_up_box.json")).as("a box means its centre").containsExactly(new Action.Scroll(CENTRE, 0, -5));
    assertThat(actions("wait.json")).containsExactly(new Action.Wait(Duration.ofSeconds(5)));
    assertThat(actions("multi.json")).containsExactly(
        new Action.KeyChord(List.of("ctrl", "a")), new Action.KeyChord(List.of("delete")));
  }

  @Test
  void finishedAndCallUserEndTheRun() {
    CompatCodec.Turn done = decode("finished.json");
    assertThat(done.actions()).containsExactly(new Action.Done());
    assertThat(done.thought()).isEqualTo("Everything is done.\nSaved the file as report.txt");
    assertThat(actions("call_user.json"))
        .containsExactly(new Action.Fail("the model asked for a person's help (call_user)"));
  }

  @Test
  void relativeCoordinatesScaleFrom1000() {
    assertThat(relative.decode(golden("openaicompat/relative.json"), frame).actions())
        .containsExactly(Action.Click.left(CENTRE));
    assertThatThrownBy(() -> relative.decode(chat("Action: click(start_box='(1200,30)')"), frame))
        .isInstanceOf(PolicyException.class).hasMessageContaining("relative point (1200,30) is outside 0..1000");
  }

  @Test
  void unusableReplies() {
    assertThatThrownBy(() -> decode("no_action.json"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("no 'Action:' line");
    assertThatThrownBy(() -> decode("unknown_action.json"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("action 1 teleport: unknown action");
    assertThatThrownBy(() -> decode("truncated.json"))
        .isInstanceOf(PolicyException.class).hasMessage("openai-compat reply: reply truncated (finish_reason length)");
    assertThatThrownBy(() -> absolute.decode(golden("openaicompat/error_401.json"), frame))
        .isInstanceOf(PolicyException.class).hasMessage("openai-compat reply: error: No auth credentials found");
    assertThatThrownBy(() -> absolute.decode(chat("Action: click(start_box='(1933,5)')"), frame))
        .isInstanceOf(PolicyException.class).hasMessageContaining("is outside the 1932x1092 screenshot");
    assertThatThrownBy(() -> absolute.decode(chat("Action: click(start_box='(1,2)"), frame))
        .isInstanceOf(PolicyException.class).hasMessageContaining("a quoted argument is not closed");
    assertThatThrownBy(() -> absolute.decode(chat("Action: click(start_box='here')"), frame))
        .isInstanceOf(PolicyException.class).hasMessageContaining("'here' is not a point");
    assertThatThrownBy(() -> absolute.decode(chat("Action: hotkey(key='ctrl hyperspace')"), frame))
        .isInstanceOf(PolicyException.class).hasMessageContaining("unknown key name 'hyperspace'");
    assertThatThrownBy(() -> absolute.decode(chat("Action: type(content='')"), frame))
        .isInstanceOf(PolicyException.class).hasMessageContaining("type needs non-empty text");
    assertThatThrownBy(() -> absolute.decode(chat("Action: scroll(start_box='(5,5)', direction='sideways')"), frame))
        .isInstanceOf(PolicyException.class).hasMessageContaining("direction 'sideways'");
  }

  @Test
  void positionalArgumentsAndDoubleQuotes() {
    assertThat(absolute.decode(chat("Thought: t\nAction: type(\"say \\\"hi\\\"\")"), frame).actions())
        .containsExactly(new Action.TypeText("say \"hi\""));
    assertThat(absolute.decode(chat("Action: click('<point>966 546</point>')"), frame).actions())
        .containsExactly(Action.Click.left(CENTRE));
    assertThat(absolute.decode(chat("Action: click(start_box=(966, 546))"), frame).actions())
        .containsExactly(Action.Click.left(CENTRE));
  }

  @Test
  void usage() {
    assertThat(CompatCodec.usage(golden("openaicompat/click.json"))).isEqualTo(new Usage(2715, 42, 0, 0, 1));
  }

  private static String chat(String content) {
    return Fixtures.JSON.createObjectNode().set("choices", Fixtures.JSON.createArrayNode().add(
        Fixtures.JSON.createObjectNode().put("finish_reason", "stop").set("message",
            Fixtures.JSON.createObjectNode().put("role", "assistant").put("content", content)))).toString();
  }
}
