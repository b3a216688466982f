package dev.deskpilot.agent;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.control.ActionVerdict;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Screenshot;

/**
 * Receives a run's events as they happen, on the agent's thread (provider safety-check verdicts
 * may arrive on the thread that runs the policy's decision). Every method but {@link #onStep} has
 * an empty default, so a listener implements what it shows.
 *
 * <p>Order within a step: {@code onScreenshot}, {@code onMessage}*, {@code onUsage}, {@code
 * onThought}, {@code onQuestion}?, then per action {@code onVerdict} and {@code onAction}, then
 * {@code onStep}. {@code onPause}/{@code onResume} come whenever the run waits for a person's
 * resume; {@code onOutcome} comes once, last.
 */
public interface StepListener {
  /** A finished step with everything above; the unit trajectories are written in. */
  void onStep(Step step);

  default void onOutcome(Outcome outcome) {}

  /**
   * The frame step {@code step} is decided on, as it starts (the loop captured it right after the
   * previous step's actions, or now for the first step and after a pause).
   */
  default void onScreenshot(int step, Screenshot screenshot) {}

  /** A message from the person handed to the policy with this step's decision. */
  default void onMessage(int step, String message) {}

  /** Tokens and cost of this step's decision, and the run's total cost so far. */
  default void onUsage(int step, Usage usage, double stepCostUsd, double totalCostUsd) {}

  /** The policy's reasoning for this step (may be empty). */
  default void onThought(int step, String thought) {}

  /** The policy asked the person something; the answer goes to the next decision. */
  default void onQuestion(int step, String question) {}

  /** The safety gate's judgement (and the person's consent) for a proposed action. */
  default void onVerdict(int step, Action action, ActionVerdict verdict) {}

  /** An action was performed (or refused: then the result failed and says why). */
  default void onAction(int step, Action action, ActionResult result) {}

  /** The run is paused before its next action. */
  default void onPause(String reason) {}

  /** The run goes on after a pause. */
  default void onResume() {}

  StepListener NONE = step -> {};
}
