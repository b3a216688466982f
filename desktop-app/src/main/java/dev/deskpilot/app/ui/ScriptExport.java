package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.script.ScriptLine;
import dev.deskpilot.agent.script.StepScript;
import java.util.List;

/**
 * Turns a recorded run into a step script that replays it. A step-script run gives back the script
 * it played (grounded on text, so it survives moved windows); any other run gives its performed
 * actions at their recorded coordinates, with lines for what a script cannot say (moves, drags,
 * scrolls) left as comments.
 */
final class ScriptExport {
  private ScriptExport() {}

  static String forReplay(RunHistory.RecordedRun run, List<RunHistory.RecordedStep> steps) {
    if (run.app().isPresent() && !run.app().get().script().isBlank()) {
      return "# replay of " + run.dir().getFileName() + " (the step script it played)\n" + run.app().get().script().strip() + "\n";
    }
    return fromActions(run.title(), steps);
  }

  /** The performed actions as script lines; the result always parses ({@link StepScript#parse}). */
  static String fromActions(String title, List<RunHistory.RecordedStep> steps) {
    StringBuilder sb = new StringBuilder();
    sb.append("# replay of: ").append(title.replace("\n", " ")).append('\n');
    sb.append("# recorded actions at their screen coordinates\n");
    boolean ended = false;
    for (RunHistory.RecordedStep s : steps) {
      for (int i = 0; i < s.actions().size(); i++) {
        Action a = s.actions().get(i);
        boolean performed = i < s.results().size();
        if (a.isTerminal()) {
          if (a instanceof Action.Done) {
            sb.append("done\n");
          } else if (a instanceof Action.Fail f) {
            sb.append("fail ").append(quote(f.reason())).append('\n');
          }
          ended = true;
          break;
        }
        if (!performed) {
          continue;
        }
        if (!s.results().get(i).ok()) {
          sb.append("# step ").append(s.index()).append(": skipped a failed action: ")
              .append(ActionText.describe(a).replace("\n", " ")).append('\n');
          continue;
        }
        sb.append(line(a, s.index())).append('\n');
      }
      if (ended) {
        break;
      }
    }
    if (!ended) {
      sb.append("done\n");
    }
    String text = sb.toString();
    StepScript.parse(text.lines().toList());
    return text;
  }

  private static String line(Action a, int step) {
    return switch (ScriptLine.of(a)) {
      case ScriptLine.Written w -> w.text();
      case ScriptLine.Unwritable u ->
          "# step " + step + ": " + ActionText.describe(a).replace("\n", " ") + " (a script cannot say " + u.what() + ")";
    };
  }

  /** A script string literal: {@link dev.deskpilot.agent.script.StepScript#quote}. */
  static String quote(String s) {
    return dev.deskpilot.agent.script.StepScript.quote(s);
  }
}
