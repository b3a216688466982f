package dev.deskpilot.agent.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.perception.Point;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptLineTest {
  private static String written(Action a) {
    ScriptLine line = ScriptLine.of(a);
    assertThat(line).isInstanceOf(ScriptLine.Written.class);
    return ((ScriptLine.Written) line).text();
  }

  @Test
  void everyWrittenLineReadsBackAsTheSameAction() {
    Point p = new Point(12, 34);
    assertThat(StepScript.parse(List.of(written(new Action.Click(p, Action.MouseButton.LEFT, 2)))).steps())
        .containsExactly(new ScriptStep.ClickAt(1, p, Action.MouseButton.LEFT, 2));
    assertThat(StepScript.parse(List.of(written(new Action.Click(p, Action.MouseButton.RIGHT, 1)))).steps())
        .containsExactly(new ScriptStep.ClickAt(1, p, Action.MouseButton.RIGHT, 1));
    assertThat(StepScript.parse(List.of(written(new Action.TypeText("a \"b\"\n\tc")))).steps())
        .containsExactly(new ScriptStep.Type(1, "a \"b\"\n\tc", null));
    assertThat(StepScript.parse(List.of(written(new Action.KeyChord(List.of("ctrl", "s"))))).steps())
        .containsExactly(new ScriptStep.Press(1, new Action.KeyChord(List.of("ctrl", "s"))));
    assertThat(written(new Action.Wait(Duration.ofMillis(1500)))).isEqualTo("wait 1.5");
    assertThat(StepScript.parse(List.of(written(new Action.Wait(Duration.ofMillis(1500))))).steps())
        .containsExactly(new ScriptStep.Pause(1, Duration.ofMillis(1500)));
    assertThat(written(new Action.Fail(""))).isEqualTo("fail");
    assertThat(StepScript.parse(List.of(written(new Action.Fail("no \"file\""))))).isNotNull();
  }

  @Test
  void whatTheLanguageCannotSayIsNamed() {
    Point p = new Point(1, 2);
    assertThat(ScriptLine.of(new Action.Drag(p, new Point(5, 6), List.of(), Action.MouseButton.LEFT)))
        .isEqualTo(new ScriptLine.Unwritable("a drag"));
    assertThat(ScriptLine.of(new Action.Click(p, Action.MouseButton.RIGHT, 2)))
        .isEqualTo(new ScriptLine.Unwritable("a right click with count 2"));
    assertThat(ScriptLine.of(new Action.Click(p, Action.MouseButton.BACK, 1)))
        .isEqualTo(new ScriptLine.Unwritable("a back button click"));
    assertThat(ScriptLine.of(new Action.KeyChord(List.of("ctrl", "+"))))
        .isInstanceOf(ScriptLine.Unwritable.class);
  }
}
