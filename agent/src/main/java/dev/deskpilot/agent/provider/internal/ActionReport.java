package dev.deskpilot.agent.provider.internal;

import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Step;
import dev.deskpilot.perception.ScreenChange;
import java.util.List;
import java.util.Optional;

/**
 * What became of the actions of a policy's previous decision, read from the last step of the
 * history the loop passes back: each action's result, and what the actions changed on screen.
 */
public final class ActionReport {
  /** Said to a model when the loop saw not one pixel change after its actions. */
  public static final String NOTHING_CHANGED = "Your last action changed nothing on screen.";

  private final List<ActionResult> results;
  private final boolean known;
  private final Optional<ScreenChange> change;

  private ActionReport(List<ActionResult> results, boolean known, Optional<ScreenChange> change) {
    this.results = results;
    this.known = known;
    this.change = change;
  }

  /**
   * @param previous the decision this policy returned last time, or null before the first
   * @param history the history handed to {@code decide} now
   */
  public static ActionReport of(Decision previous, List<Step> history) {
    if (previous == null || history.isEmpty() || !history.getLast().decision().equals(previous)) {
      return new ActionReport(List.of(), false, Optional.empty());
    }
    return new ActionReport(history.getLast().results(), true, history.getLast().changeAfter());
  }

  /**
   * One line on what the previous decision's actions did to the screen, for the model's next
   * turn: {@value #NOTHING_CHANGED}, or {@code "After your last action: changed 4.2% of the screen;
   * new text "Save As""}; empty when the loop did not look (or the history does not say).
   */
  public Optional<String> effect() {
    return change.map(c -> c.nothingChanged() ? NOTHING_CHANGED : "After your last action: " + c.summary() + ".");
  }

  /**
   * Why action {@code index} of the previous decision did not succeed, or empty when it did (or
   * when the history does not say: then the model is told nothing).
   */
  public Optional<String> problem(int index) {
    if (!known) {
      return Optional.empty();
    }
    if (index >= results.size()) {
      return Optional.of("not performed (an earlier action failed or the run was interrupted)");
    }
    ActionResult r = results.get(index);
    return r.ok() ? Optional.empty() : Optional.of(r.error().isBlank() ? "failed" : r.error());
  }

  /** The first problem among actions {@code [from, from+count)}, if any. */
  public Optional<String> problem(int from, int count) {
    for (int i = from; i < from + count; i++) {
      Optional<String> p = problem(i);
      if (p.isPresent()) {
        return p;
      }
    }
    return Optional.empty();
  }
}
