package dev.deskpilot.agent.replay;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a saved run, as {@code steps.jsonl} keeps it.
 *
 * @param index the step number
 * @param thought the policy's reasoning
 * @param actions the decided actions
 * @param results one per performed action
 * @param screenText OCR text of the frame the step was decided on (may be empty)
 * @param targets text targets of its clicks recorded with the run (may be empty)
 * @param frame a PNG of the frame the step was decided on, when one is next to the file
 */
public record RecordedStep(
    int index,
    String thought,
    List<Action> actions,
    List<ActionResult> results,
    String screenText,
    List<ClickTarget> targets,
    Optional<Path> frame) {
  public RecordedStep {
    thought = thought == null ? "" : thought;
    actions = List.copyOf(actions);
    results = List.copyOf(results);
    screenText = screenText == null ? "" : screenText;
    targets = List.copyOf(targets);
    Objects.requireNonNull(frame, "frame (use Optional.empty())");
  }

  /** Whether action {@code i} happened: performed with success, or a terminal action reached. */
  public boolean performed(int i) {
    Action a = actions.get(i);
    if (i < results.size()) {
      return results.get(i).ok();
    }
    if (!a.isTerminal()) {
      return false;
    }
    for (ActionResult r : results) {
      if (!r.ok()) {
        return false;
      }
    }
    return true;
  }

  /** The recorded target of action {@code i}, if any. */
  public Optional<ClickTarget> target(int i) {
    return targets.stream().filter(t -> t.action() == i).findFirst();
  }
}
