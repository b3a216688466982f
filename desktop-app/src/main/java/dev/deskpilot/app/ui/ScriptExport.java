package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.script.StepScript;
import java.util.List;
import java.util.Locale;

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
    return switch (a) {
      case Action.Click c -> {
        String verb = switch (c.button()) {
          case RIGHT -> "right_click";
          case MIDDLE -> "middle_click";
          case LEFT -> c.count() == 2 ? "double_click" : c.count() == 3 ? "triple_click" : "click";
          case BACK, FORWARD -> "# " + c.button().name().toLowerCase(Locale.ROOT) + " button: click";
        };
        if (c.button() != Action.MouseButton.LEFT && c.count() > 1) {
          yield "# step " + step + ": " + ActionText.describe(a) + " (a script clicks these once)\n" + verb + " " + c.at().x() + "," + c.at().y();
        }
        yield verb + " " + c.at().x() + "," + c.at().y();
      }
      case Action.TypeText t -> "type " + quote(t.text());
      case Action.KeyChord k -> "press " + String.join("+", k.keys());
      case Action.Wait w -> String.format(Locale.ROOT, "wait %.3f", w.duration().toMillis() / 1000.0);
      case Action.MoveTo m -> "# step " + step + ": " + ActionText.describe(a) + " (a script cannot move the pointer alone)";
      case Action.Drag d -> "# step " + step + ": " + ActionText.describe(a) + " (a script cannot drag)";
      case Action.Scroll s -> "# step " + step + ": " + ActionText.describe(a) + " (a script cannot scroll)";
      case Action.Done d -> "done";
      case Action.Fail f -> "fail " + quote(f.reason());
      case Action.MouseDown m -> comment(a, step, "a script cannot hold a button");
      case Action.MouseUp m -> comment(a, step, "a script cannot hold a button");
      case Action.KeyDown k -> comment(a, step, "a script presses whole chords");
      case Action.KeyUp k -> comment(a, step, "a script presses whole chords");
      case Action.HoldKey h -> comment(a, step, "a script cannot hold keys");
      case Action.CursorPosition c -> comment(a, step, "nothing to replay");
      case Action.Zoom z -> comment(a, step, "nothing to replay");
      case Action.CallUser u -> comment(a, step, "a question to the person");
    };
  }

  private static String comment(Action a, int step, String why) {
    return "# step " + step + ": " + ActionText.describe(a).replace("\n", " ") + " (" + why + ")";
  }

  /** A script string literal: {@link dev.deskpilot.agent.script.StepScript#quote}. */
  static String quote(String s) {
    return dev.deskpilot.agent.script.StepScript.quote(s);
  }
}
