package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import java.util.Locale;

/** Actions in words for people: "Click at (120, 40)", "Type “hello”", "Press Ctrl+S". */
final class ActionText {
  private ActionText() {}

  static String describe(Action action) {
    return switch (action) {
      case Action.Click c -> clickWord(c) + " at " + at(c.at());
      case Action.MoveTo m -> "Move the pointer to " + at(m.to());
      case Action.Drag d -> "Drag from " + at(d.from()) + " to " + at(d.to());
      case Action.Scroll s -> "Scroll " + (s.dy() != 0 ? (s.dy() > 0 ? "down " : "up ") + Math.abs(s.dy())
          : (s.dx() > 0 ? "right " : "left ") + Math.abs(s.dx())) + " at " + at(s.at());
      case Action.TypeText t -> "Type “" + clip(t.text().replace("\n", "⏎").replace("\t", "⇥"), 48) + "”";
      case Action.KeyChord k -> "Press " + AppSettings.displayChord(String.join("+", k.keys()));
      case Action.Wait w -> String.format(Locale.ROOT, "Wait %.2g s", w.duration().toMillis() / 1000.0);
      case Action.Done d -> "Done";
      case Action.Fail f -> "Give up" + (f.reason().isBlank() ? "" : ": " + clip(f.reason(), 80));
      case Action.MouseDown m -> "Press the " + m.button().name().toLowerCase(Locale.ROOT) + " button" + (m.at() == null ? "" : " at " + at(m.at()));
      case Action.MouseUp m -> "Release the " + m.button().name().toLowerCase(Locale.ROOT) + " button" + (m.at() == null ? "" : " at " + at(m.at()));
      case Action.KeyDown k -> "Hold down " + AppSettings.displayChord(k.key());
      case Action.KeyUp k -> "Release " + AppSettings.displayChord(k.key());
      case Action.HoldKey h -> "Hold " + AppSettings.displayChord(String.join("+", h.keys()))
          + String.format(Locale.ROOT, " for %.2g s", h.duration().toMillis() / 1000.0);
      case Action.CursorPosition c -> "Read the pointer position";
      case Action.Zoom z -> "Zoom into (" + z.region().x() + ", " + z.region().y() + ", " + z.region().width() + "x" + z.region().height() + ")";
      case Action.CallUser c -> "Ask you: " + clip(c.message(), 80);
    };
  }

  private static String clickWord(Action.Click c) {
    String base = switch (c.count()) {
      case 2 -> "Double-click";
      case 3 -> "Triple-click";
      default -> "Click";
    };
    return switch (c.button()) {
      case LEFT -> base;
      case RIGHT -> base.equals("Click") ? "Right-click" : base + " (right)";
      case MIDDLE -> base.equals("Click") ? "Middle-click" : base + " (middle)";
      case BACK -> base + " (back button)";
      case FORWARD -> base + " (forward button)";
    };
  }

  private static String at(dev.deskpilot.perception.Point p) {
    return "(" + p.x() + ", " + p.y() + ")";
  }

  static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
