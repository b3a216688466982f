package dev.deskpilot.agent.replay;

import dev.deskpilot.agent.replay.ReplayPlan.PlannedStep;
import dev.deskpilot.agent.replay.ReplayPlan.ReplayAction;
import dev.deskpilot.agent.script.ScriptLine;
import dev.deskpilot.agent.script.StepScript;
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
      case ReplayAction.ClickText c -> ScriptLine.clickVerb(c.button(), c.count())
          .orElseThrow(() -> unsupported(where, "a " + c.button().name().toLowerCase(java.util.Locale.ROOT) + " click with count " + c.count()))
          + " " + quote(c.label()) + (c.nth() > 0 ? " nth " + c.nth() : "");
      case ReplayAction.Exact e -> switch (ScriptLine.of(e.action())) {
        case ScriptLine.Written w -> w.text();
        case ScriptLine.Unwritable u -> throw unsupported(where, u.what());
      };
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
