package dev.deskpilot.agent.script;

import dev.deskpilot.actuators.Action;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * One performed action as a {@link StepScript} line, or what the language cannot say. The one
 * place that maps actions onto script lines: saving a run as a script (replay), exporting it from the
 * app, and writing a person's recording all use it, so they cannot drift apart.
 *
 * <p>Clicks at coordinates become {@code click x,y} (and {@code double_click}, {@code triple_click},
 * {@code right_click}, {@code middle_click}); then {@code type}, {@code press}, {@code wait},
 * {@code done} and {@code fail}. The language has no drag, scroll, pointer move, held button or
 * key, repeated right/middle click, back/forward button or a key named {@code +}.
 */
public sealed interface ScriptLine {

  /** A line {@link StepScript#parse} reads back as the same action. */
  record Written(String text) implements ScriptLine {}

  /** The action has no script line; {@code what} names it, e.g. "a drag". */
  record Unwritable(String what) implements ScriptLine {}

  /** The line for this action. */
  static ScriptLine of(Action action) {
    return switch (action) {
      case Action.Click c -> clickVerb(c.button(), c.count())
          .<ScriptLine>map(v -> new Written(v + " " + c.at().x() + "," + c.at().y()))
          .orElseGet(() -> new Unwritable(clickName(c.button(), c.count())));
      case Action.TypeText t -> new Written("type " + StepScript.quote(t.text()));
      case Action.KeyChord k -> k.keys().stream().anyMatch(key -> key.contains("+") || key.isBlank())
          ? new Unwritable("the key chord " + k.keys() + " (a key named '+')")
          : new Written("press " + String.join("+", k.keys()));
      case Action.Wait w -> new Written("wait " + BigDecimal.valueOf(w.duration().toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString());
      case Action.Done d -> new Written("done");
      case Action.Fail f -> new Written(f.reason().isEmpty() ? "fail" : "fail " + StepScript.quote(f.reason()));
      case Action.MoveTo m -> new Unwritable("a mouse move");
      case Action.Drag d -> new Unwritable("a drag");
      case Action.Scroll s -> new Unwritable("a scroll");
      case Action.MouseDown m -> new Unwritable("a mouse button press");
      case Action.MouseUp m -> new Unwritable("a mouse button release");
      case Action.KeyDown k -> new Unwritable("a key press without release");
      case Action.KeyUp k -> new Unwritable("a key release");
      case Action.HoldKey h -> new Unwritable("holding a key");
      case Action.CursorPosition c -> new Unwritable("reading the cursor position");
      case Action.Zoom z -> new Unwritable("a zoom");
      case Action.CallUser c -> new Unwritable("a question to the person");
    };
  }

  /**
   * The script verb of a click with this button and count ({@code click}, {@code double_click},
   * {@code triple_click}, {@code right_click}, {@code middle_click}), or empty when the language has
   * none.
   */
  static Optional<String> clickVerb(Action.MouseButton button, int count) {
    return switch (button) {
      case LEFT -> Optional.of(switch (count) {
        case 1 -> "click";
        case 2 -> "double_click";
        default -> "triple_click";
      });
      case RIGHT -> count == 1 ? Optional.of("right_click") : Optional.empty();
      case MIDDLE -> count == 1 ? Optional.of("middle_click") : Optional.empty();
      case BACK, FORWARD -> Optional.empty();
    };
  }

  private static String clickName(Action.MouseButton button, int count) {
    String b = button.name().toLowerCase(java.util.Locale.ROOT);
    return count == 1 ? "a " + b + " button click" : "a " + b + " click with count " + count;
  }
}
