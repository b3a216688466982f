package dev.deskpilot.agent.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.perception.Point;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepScriptTest {
  @Test
  void parsesEveryStepKind() {
    StepScript s =
        StepScript.parse(
            List.of(
                "# a comment",
                "click \"File\"",
                "click \"Save\" nth 2   # trailing comment",
                "double_click \"a # not a comment\"",
                "right_click 10,20",
                "click \"Replace:\" nth 1 offset 200,-4",
                "type \"hi\\n\\t\\\"q\\\" \\u00e9\"",
                "type \"Bob\" into \"Name\"",
                "press ctrl+shift+t",
                "expect \"Saved\" within 2.5",
                "expect_gone \"Save As\"",
                "wait 0.5",
                "",
                "fail \"nope\"",
                "done"));
    assertThat(s.steps())
        .containsExactly(
            new ScriptStep.ClickText(2, "File", 0, Action.MouseButton.LEFT, 1),
            new ScriptStep.ClickText(3, "Save", 2, Action.MouseButton.LEFT, 1),
            new ScriptStep.ClickText(4, "a # not a comment", 0, Action.MouseButton.LEFT, 2),
            new ScriptStep.ClickAt(5, new Point(10, 20), Action.MouseButton.RIGHT, 1),
            new ScriptStep.ClickText(6, "Replace:", 1, Action.MouseButton.LEFT, 1, 200, -4),
            new ScriptStep.Type(7, "hi\n\t\"q\" \u00e9", null),
            new ScriptStep.Type(8, "Bob", "Name"),
            new ScriptStep.Press(9, new Action.KeyChord(List.of("ctrl", "shift", "t"))),
            new ScriptStep.Expect(10, "Saved", Duration.ofMillis(2500)),
            new ScriptStep.ExpectGone(11, "Save As", StepScript.DEFAULT_EXPECT),
            new ScriptStep.Pause(12, Duration.ofMillis(500)),
            new ScriptStep.Fail(14, "nope"),
            new ScriptStep.Done(15));
  }

  @Test
  void errorsNameTheLineAndWhatIsValid() {
    assertThatThrownBy(() -> StepScript.parse(List.of("done", "clik \"x\"")))
        .isInstanceOf(ScriptSyntaxException.class)
        .hasMessageStartingWith("script line 2: unknown step 'clik'")
        .hasMessageContaining("valid: click");
    assertThatThrownBy(() -> StepScript.parse(List.of("type \"abc")))
        .hasMessage("script line 1: unterminated string in 'type \"abc'");
    assertThatThrownBy(() -> StepScript.parse(List.of("press ctrl+hyperspace")))
        .hasMessageContaining("script line 1: unknown key name 'hyperspace'");
    assertThatThrownBy(() -> StepScript.parse(List.of("click -5,3")))
        .hasMessageContaining("non-negative integers");
    assertThatThrownBy(() -> StepScript.parse(List.of("click \"a\" nth 0")))
        .hasMessageContaining("whole number >= 1");
    assertThatThrownBy(() -> StepScript.parse(List.of("wait 9999")))
        .hasMessageContaining("between 0 and 300");
    assertThatThrownBy(() -> StepScript.parse(List.of("type \"\"")))
        .hasMessageContaining("non-empty text");
    assertThatThrownBy(() -> StepScript.parse(List.of("type \"a\u0007\"")))
        .hasMessageContaining("control character U+0007");
    assertThatThrownBy(() -> StepScript.parse(List.of("expect_gone \" \"")))
        .hasMessage("script line 1: expect_gone needs non-empty text");
    assertThatThrownBy(() -> StepScript.parse(List.of("expect_gone \"x\" after 3")))
        .hasMessage("script line 1: expected 'within', got 'after'");
    assertThatThrownBy(() -> StepScript.parse(List.of("click \"x\" offset 3")))
        .hasMessage("script line 1: offset needs DX,DY in whole pixels (e.g. 200,0 or -40,12), got '3'");
    assertThatThrownBy(() -> StepScript.parse(List.of("click \"x\" near 3,4")))
        .hasMessage("script line 1: expected 'offset', got 'near'");
    assertThatThrownBy(() -> StepScript.parse(List.of("done now")))
        .hasMessage("script line 1: unexpected 'now' after done");
  }
}
