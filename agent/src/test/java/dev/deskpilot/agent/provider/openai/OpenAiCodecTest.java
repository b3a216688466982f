package dev.deskpilot.agent.provider.openai;

import static dev.deskpilot.agent.provider.internal.Fixtures.golden;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Action.MouseButton;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.SafetyCheck;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import dev.deskpilot.perception.Point;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden replies decoded against a 1920x1080 screen declared to the model as 1280x720 (x1.5). */
class OpenAiCodecTest {
  private final OpenAiCodec codec = new OpenAiCodec();
  private final ScreenFrame preview = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1280, 720);
  private final ScreenFrame ga = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1920, 1080);

  private OpenAiCodec.Turn decode(String file) {
    return codec.decode(golden("openai/" + file), preview);
  }

  private List<Action> actions(String file) {
    return decode(file).actions();
  }

  @Test
  void click() {
    OpenAiCodec.Turn t = decode("click.json");
    assertThat(t.responseId()).isEqualTo("resp_click");
    assertThat(t.thought()).isEqualTo("Open the File menu.");
    assertThat(t.actions()).containsExactly(new Action.Click(new Point(234, 75), MouseButton.LEFT, 1));
    assertThat(t.calls()).containsExactly(new OpenAiCodec.Call("call_zw3", List.of(), 0, 1));
  }

  @Test
  void buttonsMapToOurs() {
    assertThat(actions("click_right.json")).containsExactly(new Action.Click(new Point(960, 540), MouseButton.RIGHT, 1));
    assertThat(actions("click_wheel.json")).containsExactly(new Action.Click(new Point(15, 30), MouseButton.MIDDLE, 1));
    assertThatThrownBy(() -> decode("click_back.json"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("output[0].action.button: button 'back' is not supported");
  }

  @Test
  void doubleClickDragMove() {
    assertThat(actions("double_click.json")).containsExactly(new Action.Click(new Point(150, 300), MouseButton.LEFT, 2));
    OpenAiCodec.Turn drag = decode("drag.json");
    assertThat(drag.actions()).containsExactly(new Action.Drag(new Point(150, 150), new Point(300, 450)));
    assertThat(drag.thought()).contains("1 intermediate points");
    assertThat(actions("move.json")).containsExactly(new Action.MoveTo(new Point(1919, 1079)));
  }

  @Test
  void keysTypeWaitScroll() {
    assertThat(actions("keypress.json")).containsExactly(new Action.KeyChord(List.of("CTRL", "S")));
    assertThat(actions("keypress_arrow.json")).containsExactly(new Action.KeyChord(List.of("ARROWLEFT")));
    assertThat(actions("type.json")).containsExactly(new Action.TypeText("hello world\n"));
    assertThat(actions("wait.json")).containsExactly(new Action.Wait(Duration.ofSeconds(2)));
    assertThat(actions("scroll.json")).containsExactly(new Action.Scroll(new Point(960, 540), 0, 3));
    assertThat(actions("scroll_up_small.json")).containsExactly(new Action.Scroll(new Point(960, 540), -1, -4));
  }

  @Test
  void screenshotMeansLookAgain() {
    OpenAiCodec.Turn t = decode("screenshot.json");
    assertThat(t.actions()).isEmpty();
    assertThat(t.calls()).containsExactly(new OpenAiCodec.Call("call_zw3", List.of(), 0, 0));
  }

  @Test
  void pixelsToNotches() {
    assertThat(OpenAiCodec.notches(0)).isZero();
    assertThat(OpenAiCodec.notches(1)).isEqualTo(1);
    assertThat(OpenAiCodec.notches(-149)).isEqualTo(-1);
    assertThat(OpenAiCodec.notches(150)).isEqualTo(2);
    assertThat(OpenAiCodec.notches(1000)).isEqualTo(10);
  }

  @Test
  void safetyChecksAreRead() {
    OpenAiCodec.Turn t = decode("safety_check.json");
    assertThat(t.calls()).hasSize(1);
    assertThat(t.calls().getFirst().checks()).containsExactly(new SafetyCheck("cu_sc_67cb",
        "malicious_instructions", "We've detected instructions that may cause your application to perform"
            + " malicious or unauthorized actions. Please acknowledge this warning if you'd like to proceed."));
  }

  @Test
  void aReplyWithoutComputerCallEndsTheRun() {
    OpenAiCodec.Turn done = decode("message_done.json");
    assertThat(done.actions()).containsExactly(new Action.Done());
    assertThat(done.thought()).isEqualTo("The file is saved.\nThe document has been saved as report.txt.");
    assertThat(done.calls()).isEmpty();
    assertThat(actions("message_infeasible.json"))
        .containsExactly(new Action.Fail("this computer has no e-mail client installed."));
    assertThat(actions("refusal.json")).containsExactly(new Action.Fail("the model refused: I can't help with that."));
  }

  @Test
  void unusableRepliesAreCodecErrors() {
    assertThatThrownBy(() -> decode("incomplete.json"))
        .isInstanceOf(PolicyException.class).hasMessage("openai reply: reply incomplete (max_output_tokens)");
    assertThatThrownBy(() -> decode("outside.json"))
        .isInstanceOf(PolicyException.class)
        .hasMessage("openai reply: output[0].action: point (1281,50) is outside the 1280x720 screenshot");
    assertThatThrownBy(() -> codec.decode(golden("openai/error_400.json"), preview))
        .isInstanceOf(PolicyException.class).hasMessageContaining("expected an integer");
    assertThatThrownBy(() -> codec.decode("{\"id\":\"r\",\"output\":[{\"type\":\"computer_call\",\"call_id\":\"c\","
            + "\"action\":{\"type\":\"keypress\",\"keys\":[\"HYPERSPACE\"]}}]}", preview))
        .isInstanceOf(PolicyException.class).hasMessageContaining("unknown key name 'HYPERSPACE'");
    assertThatThrownBy(() -> codec.decode("{\"id\":\"r\",\"output\":{}}", preview))
        .isInstanceOf(PolicyException.class).hasMessage("openai reply: output: expected an array, got an object");
    assertThatThrownBy(() -> codec.decode("{\"id\":\"r\",\"output\":[]} trailing", preview))
        .isInstanceOf(PolicyException.class).hasMessageStartingWith("openai reply: not valid JSON");
  }

  @Test
  void gaBatchIsOneTurnOfSeveralActions() {
    OpenAiCodec.Turn t = codec.decode(golden("openai/ga_batch.json"), ga);
    assertThat(t.thought()).isEqualTo("I'll open the terminal and type the command.");
    assertThat(t.actions()).containsExactly(
        new Action.Click(new Point(48, 300), MouseButton.LEFT, 2),
        new Action.Wait(Duration.ofSeconds(2)),
        new Action.TypeText("ls -la"),
        new Action.KeyChord(List.of("ENTER")));
    assertThat(t.calls()).containsExactly(new OpenAiCodec.Call("call_batch", List.of(), 0, 4));
    assertThatThrownBy(() -> codec.decode(golden("openai/ga_modifier_click.json"), ga))
        .isInstanceOf(PolicyException.class).hasMessageContaining("holding keys during a mouse action");
  }

  @Test
  void usageIsRead() {
    assertThat(OpenAiCodec.usage(golden("openai/click.json"))).isEqualTo(new Usage(1843, 61, 512, 0, 1));
    assertThat(OpenAiCodec.usage("not json")).isEqualTo(new Usage(0, 0, 0, 0, 1));
  }
}
