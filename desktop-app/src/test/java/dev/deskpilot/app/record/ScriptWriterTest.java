package dev.deskpilot.app.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.script.ScriptStep;
import dev.deskpilot.agent.script.StepScript;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.TextLine;
import dev.deskpilot.perception.Word;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptWriterTest {
  private static final Screenshot SHOT = Screenshot.of(new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB));
  private static final Word FILE = new Word("File", new Rect(10, 5, 30, 14), 95);
  private static final Word EDIT = new Word("Edit", new Rect(60, 5, 30, 14), 95);
  private static final Word SAVE1 = new Word("Save", new Rect(100, 100, 40, 14), 95);
  private static final Word SAVE2 = new Word("Save", new Rect(100, 300, 40, 14), 95);

  private final ScriptWriter w =
      new ScriptWriter(
          shot -> new Observation(shot, List.of(
              new TextLine("File Edit", new Rect(10, 5, 80, 14), List.of(FILE, EDIT)),
              new TextLine("Save", SAVE1.box(), List.of(SAVE1)),
              new TextLine("Save", SAVE2.box(), List.of(SAVE2))), List.of(), ""));

  private long t = 1_000_000_000L;

  private void click(int x, int y, Action.MouseButton b) {
    w.add(new RecordedInput.Press(b, new Point(x, y), t, SHOT));
    w.add(new RecordedInput.Release(b, new Point(x, y), t + 50_000_000L));
    t += 100_000_000L;
  }

  private void typed(String s) {
    s.codePoints().forEach(c -> w.add(new RecordedInput.Typed(c)));
  }

  @Test
  void clicksOnTextAreGroundedTypingIsGatheredAndChordsArePressed() {
    click(20, 12, Action.MouseButton.LEFT);
    click(600, 500, Action.MouseButton.LEFT);
    t += 1_000_000_000L;
    click(110, 305, Action.MouseButton.LEFT);
    typed("héllo \"wörld\" 日本");
    w.add(new RecordedInput.Key(KeyEvent.VK_ENTER, false, false, false, false));
    typed("x");
    w.add(new RecordedInput.Key(KeyEvent.VK_BACK_SPACE, false, false, false, false));
    typed("y");
    w.add(new RecordedInput.Key(KeyEvent.VK_CONTROL, true, false, false, false));
    w.add(new RecordedInput.Key(KeyEvent.VK_S, true, false, false, false));
    w.add(new RecordedInput.Key(KeyEvent.VK_F5, false, false, false, false));
    assertThat(w.lines())
        .containsExactly(
            "click \"File\"",
            "click 600,500",
            "click \"Save\" nth 2",
            "type \"héllo \\\"wörld\\\" 日本\\ny\"",
            "press ctrl+s",
            "press f5");
  }

  @Test
  void quickRepeatsAreDoubleAndTripleClicksAndFarReleasesAreDrags() {
    click(65, 10, Action.MouseButton.LEFT);
    click(66, 11, Action.MouseButton.LEFT);
    t += 2_000_000_000L;
    click(300, 200, Action.MouseButton.RIGHT);
    w.add(new RecordedInput.Press(Action.MouseButton.LEFT, new Point(10, 10), t, SHOT));
    w.add(new RecordedInput.Release(Action.MouseButton.LEFT, new Point(200, 150), t + 1));
    assertThat(w.lines())
        .containsExactly(
            "double_click \"Edit\"",
            "right_click 300,200",
            "# drag from 10,10 to 200,150 (left button; step scripts cannot replay drags)");
  }

  @Test
  void theScriptParsesAsAStepScript() {
    click(20, 12, Action.MouseButton.LEFT);
    click(110, 305, Action.MouseButton.LEFT);
    typed("a\"b\\c");
    w.add(new RecordedInput.Key(KeyEvent.VK_TAB, false, false, false, false));
    w.add(new RecordedInput.Key(KeyEvent.VK_T, true, false, true, false));
    StepScript script = StepScript.parse(w.lines());
    assertThat(script.steps()).hasSize(4);
    assertThat(script.steps().get(2)).isInstanceOfSatisfying(ScriptStep.Type.class, s -> assertThat(s.text()).isEqualTo("a\"b\\c\t"));
    assertThat(script.steps().get(3)).isInstanceOfSatisfying(
        ScriptStep.Press.class, p -> assertThat(p.chord().keys()).containsExactly("ctrl", "shift", "t"));
  }
}
