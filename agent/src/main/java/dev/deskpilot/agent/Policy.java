package dev.deskpilot.agent;

import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Observation;
import java.util.List;

/**
 * Decides the next actions from what is on screen. One policy instance serves one run and may keep
 * state between calls. Implementations: step scripts, replays, model providers.
 *
 * <p>The loop calls {@link #decide(PolicyInput)}, which carries the person's messages, whether the
 * screen changed, and the way to ask the person about a provider's safety check. Policies that need
 * none of that implement only the three-argument {@link #decide(String, List, Observation)}.
 */
public interface Policy {
  /**
   * @param instruction the task in words
   * @param history the steps so far, oldest first
   * @param observation the screen now
   * @throws PolicyException when the policy cannot decide (model unreachable, script broken)
   */
  Decision decide(String instruction, List<Step> history, Observation observation);

  /**
   * Decides with everything the loop knows. The default ignores the person's messages (a step
   * script has no use for them) and calls {@link #decide(String, List, Observation)}.
   *
   * @throws PolicyException when the policy cannot decide
   */
  default Decision decide(PolicyInput input) {
    return decide(input.instruction(), input.history(), input.observation());
  }

  /** A short name for results paths and reports, e.g. {@code step-script}. */
  String name();

  /** Tokens of the most recent decision; {@link Usage#ZERO} for policies without a model. */
  default Usage lastUsage() {
    return Usage.ZERO;
  }
}
