package dev.deskpilot.app.record;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Screenshot;

/** What a person did, as the recorder saw it. */
public sealed interface RecordedInput {
  /**
   * A mouse button went down.
   *
   * @param before the screen as it was just before (null when none was captured)
   */
  record Press(Action.MouseButton button, Point at, long nanos, Screenshot before) implements RecordedInput {}

  /** A mouse button came up. */
  record Release(Action.MouseButton button, Point at, long nanos) implements RecordedInput {}

  /** A character was typed (as the keyboard layout produced it). */
  record Typed(int codePoint) implements RecordedInput {}

  /**
   * A key went down, with the modifiers held.
   *
   * @param keyCode the AWT key code
   */
  record Key(int keyCode, boolean ctrl, boolean alt, boolean shift, boolean meta) implements RecordedInput {}
}
