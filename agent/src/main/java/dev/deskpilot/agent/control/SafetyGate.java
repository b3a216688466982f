package dev.deskpilot.agent.control;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Step;
import dev.deskpilot.perception.Observation;
import java.util.List;

/** Classifies every proposed action before it reaches the screen. */
@FunctionalInterface
public interface SafetyGate {
  Verdict check(Action action, Observation observation, List<Step> history);

  /** Lets everything through (tests, trusted step scripts). */
  SafetyGate ALLOW_ALL = (action, observation, history) -> Verdict.ALLOW;
}
