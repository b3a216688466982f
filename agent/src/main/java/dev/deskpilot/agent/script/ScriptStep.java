package dev.deskpilot.agent.script;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.perception.Point;
import java.time.Duration;

/** One line of a step script, parsed. {@code line} is 1-based, for error messages. */
public sealed interface ScriptStep {
  int line();

  /**
   * Click on text found on screen (the nth match in reading order, 0 = must be unique), at the
   * text's centre moved by {@code dx, dy} screen pixels (SikuliX's target offset: the field beside
   * a label).
   */
  record ClickText(int line, String text, int nth, Action.MouseButton button, int count, int dx, int dy)
      implements ScriptStep {
    /** A click on the text's centre. */
    public ClickText(int line, String text, int nth, Action.MouseButton button, int count) {
      this(line, text, nth, button, count, 0, 0);
    }
  }

  /** Click at screen coordinates. */
  record ClickAt(int line, Point at, Action.MouseButton button, int count) implements ScriptStep {}

  /** Type text; when {@code into} is set, click that text first. */
  record Type(int line, String text, String into) implements ScriptStep {}

  record Press(int line, Action.KeyChord chord) implements ScriptStep {}

  /** Wait until the text is on screen, failing after {@code within}. */
  record Expect(int line, String text, Duration within) implements ScriptStep {}

  /**
   * Wait until the text is no longer on screen (a dialog closed, a window gone), failing after
   * {@code within}.
   */
  record ExpectGone(int line, String text, Duration within) implements ScriptStep {}

  record Pause(int line, Duration duration) implements ScriptStep {}

  record Done(int line) implements ScriptStep {}

  record Fail(int line, String reason) implements ScriptStep {}
}
