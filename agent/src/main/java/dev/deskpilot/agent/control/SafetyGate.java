package dev.deskpilot.agent.control;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Step;
import dev.deskpilot.perception.Observation;
import java.util.List;

/** Classifies every proposed action before it reaches the screen. */
@FunctionalInterface
public interface SafetyGate {
  Verdict check(Action action, Observation observation, List<Step> history);

  /**
   * Classifies an action knowing the actions of the same decision that come before it (e.g. the
   * click that focused the field a text is typed into). The default ignores them.
   *
   * @param earlier the decision's actions before {@code action}, in order
   */
  default Verdict check(Action action, List<Action> earlier, Observation observation, List<Step> history) {
    return check(action, observation, history);
  }

  /** Lets everything through (tests, trusted step scripts). */
  SafetyGate ALLOW_ALL = (action, observation, history) -> Verdict.ALLOW;
}
