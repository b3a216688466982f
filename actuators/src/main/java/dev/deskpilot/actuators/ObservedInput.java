package dev.deskpilot.actuators;

/**
 * One input event seen by the global hook (a person's or the agent's own).
 *
 * @param kind what it is
 * @param keyCode the AWT key code for key events, else 0
 * @param x pointer x for pointer events
 * @param y pointer y for pointer events
 * @param nanos when it was seen ({@link System#nanoTime()})
 */
record ObservedInput(SyntheticInput.Kind kind, int keyCode, int x, int y, long nanos) {
  static ObservedInput key(boolean press, int keyCode, long nanos) {
    return new ObservedInput(press ? SyntheticInput.Kind.KEY_PRESS : SyntheticInput.Kind.KEY_RELEASE, keyCode, 0, 0, nanos);
  }

  static ObservedInput pointer(SyntheticInput.Kind kind, int x, int y, long nanos) {
    return new ObservedInput(kind, 0, x, y, nanos);
  }

  String describe() {
    return switch (kind) {
      case KEY_PRESS -> "key " + java.awt.event.KeyEvent.getKeyText(keyCode) + " pressed";
      case KEY_RELEASE -> "key " + java.awt.event.KeyEvent.getKeyText(keyCode) + " released";
      case MOVE -> "pointer moved to (" + x + "," + y + ")";
      case BUTTON_PRESS -> "mouse button pressed at (" + x + "," + y + ")";
      case BUTTON_RELEASE -> "mouse button released at (" + x + "," + y + ")";
      case WHEEL -> "wheel turned at (" + x + "," + y + ")";
    };
  }
}
