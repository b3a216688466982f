package dev.deskpilot.agent;

/** Receives a run's events as they happen, on the agent's thread. */
public interface StepListener {
  void onStep(Step step);

  default void onOutcome(Outcome outcome) {}

  StepListener NONE = step -> {};
}
