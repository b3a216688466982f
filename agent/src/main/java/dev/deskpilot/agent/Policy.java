package dev.deskpilot.agent;

import dev.deskpilot.perception.Observation;
import java.util.List;

/**
 * Decides the next actions from what is on screen. One policy instance serves one run and may keep
 * state between calls. Implementations: step scripts, replays, model providers.
 */
public interface Policy {
  /**
   * @param instruction the task in words
   * @param history the steps so far, oldest first
   * @param observation the screen now
   * @throws PolicyException when the policy cannot decide (model unreachable, script broken)
   */
  Decision decide(String instruction, List<Step> history, Observation observation);

  /** A short name for results paths and reports, e.g. {@code step-script}. */
  String name();
}
