package dev.deskpilot.agent.control;

import dev.deskpilot.actuators.Action;

/**
 * Asks whether an action a policy's provider flagged may go ahead (OpenAI's pending safety
 * checks). The loop implements it with its {@link ConsentHandler}, so provider checks reach the
 * same person (or headless policy) as the gate's "ask" verdicts, and are recorded in the step.
 */
@FunctionalInterface
public interface ActionApproval {
  /**
   * @param action the first action of the flagged call
   * @param verdict an ASK verdict naming the check (rule {@code provider-check:<code>}) and its
   *     message
   * @return true to go ahead
   */
  boolean approve(Action action, Verdict verdict);
}
