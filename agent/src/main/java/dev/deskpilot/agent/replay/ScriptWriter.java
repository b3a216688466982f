package dev.deskpilot.agent.replay;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.replay.ReplayPlan.PlannedStep;
import dev.deskpilot.agent.replay.ReplayPlan.ReplayAction;
import dev.deskpilot.agent.script.StepScript;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a saved run as step-script lines ({@link StepScript}): the QA regression test of a
 * successful run. Text clicks become {@code click "Save"} (with {@code nth N} when the text was
 * not unique), other clicks {@code click x,y}, then {@code type}, {@code press}, {@code wait},
 * {@code done} and {@code fail}; each step starts with a comment naming it.
 *
 * <p>The script language has no drag, scroll, mouse move, right/middle double click or a key
 * named {@code +}: a run with one of those cannot be written (replay it with {@link ReplayPolicy}
 * instead), and {@link #write} says which step and action.
 */
public final class ScriptWriter {
  private ScriptWriter() {}

  /**
   * @return script lines that {@link StepScript#parse} reads back
   * @throws IllegalArgumentException naming the first step and action the language cannot express
   */
  public static List<String> write(ReplayPlan plan) {
    List<String> lines = new ArrayList<>();
    for (PlannedStep step : plan.steps()) {
      lines.add("# step " + step.index() + (step.thought().isBlank() ? "" : ": " + oneLine(step.thought())));
      for (int i = 0; i < step.actions().size(); i++) {
        lines.add(line(step.actions().get(i), step.index(), i));
      }
    }
    StepScript.parse(lines); // a line this writer got wrong fails here, not in a QA pipeline
    return lines;
  }

  private static String line(ReplayAction ra, int step, int i) {
    String where = "step " + step + " action " + (i + 1);
    return switch (ra) {
      case ReplayAction.ClickText c ->
          verb(c.button(), c.count(), where) + " " + quote(c.label()) + (c.nth() > 0 ? " nth " + c.nth() : "");
      case ReplayAction.Exact e -> switch (e.action()) {
        case Action.Click c -> verb(c.button(), c.count(), where) + " " + c.at().x() + "," + c.at().y();
        case Action.TypeText t -> "type " + quote(t.text());
        case Action.KeyChord k -> {
          if (k.keys().stream().anyMatch(key -> key.contains("+") || key.isBlank())) {
            throw unsupported(where, "the key chord " + k.keys() + " (a key named '+')");
          }
          yield "press " + String.join("+", k.keys());
        }
        case Action.Wait w -> "wait " + BigDecimal.valueOf(w.duration().toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString();
        case Action.Done d -> "done";
        case Action.Fail f -> f.reason().isEmpty() ? "fail" : "fail " + quote(f.reason());
        case Action.MoveTo m -> throw unsupported(where, "a mouse move");
        case Action.Drag d -> throw unsupported(where, "a drag");
        case Action.Scroll s -> throw unsupported(where, "a scroll");
        case Action.MouseDown m -> throw unsupported(where, "a mouse button press");
        case Action.MouseUp m -> throw unsupported(where, "a mouse button release");
        case Action.KeyDown k -> throw unsupported(where, "a key press without release");
        case Action.KeyUp k -> throw unsupported(where, "a key release");
        case Action.HoldKey h -> throw unsupported(where, "holding a key");
        case Action.CursorPosition c -> throw unsupported(where, "reading the cursor position");
        case Action.Zoom z -> throw unsupported(where, "a zoom");
        case Action.CallUser c -> throw unsupported(where, "a question to the person");
      };
    };
  }

  private static String verb(Action.MouseButton button, int count, String where) {
    return switch (button) {
      case LEFT -> switch (count) {
        case 1 -> "click";
        case 2 -> "double_click";
        default -> "triple_click";
      };
      case RIGHT -> {
        if (count != 1) {
          throw unsupported(where, "a right click with count " + count);
        }
        yield "right_click";
      }
      case MIDDLE -> {
        if (count != 1) {
          throw unsupported(where, "a middle click with count " + count);
        }
        yield "middle_click";
      }
      case BACK, FORWARD -> throw unsupported(where, "a " + button.name().toLowerCase(java.util.Locale.ROOT) + " button click");
    };
  }

  private static IllegalArgumentException unsupported(String where, String what) {
    return new IllegalArgumentException(where + ": " + what + " cannot be written as a step script line"
        + " (the language has click, double_click, triple_click, right_click, middle_click, type, press,"
        + " wait, done, fail); replay the run instead");
  }

  /** A script string literal: {@link dev.deskpilot.agent.script.StepScript#quote}. */
  static String quote(String s) {
    return dev.deskpilot.agent.script.StepScript.quote(s);
  }

  private static String oneLine(String s) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= 100 ? one : one.substring(0, 100) + "...";
  }
}
