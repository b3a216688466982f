package dev.deskpilot.agent;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.ScreenReader;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The step loop: capture, perceive, decide, act, record; until the policy says DONE or FAIL, a
 * limit runs out, someone calls {@link #stop()}, or the desktop or policy breaks.
 *
 * <p>Every step is handed to the listener as soon as its actions have been performed, so a run
 * killed at any moment loses at most the step in flight. Runs on the caller's thread.
 */
public final class Agent {
  /**
   * Limits of one run.
   *
   * @param maxSteps most policy decisions (OSWorld counts one model call as one step)
   * @param timeout wall-clock limit of the whole run
   */
  public record Limits(int maxSteps, Duration timeout) {
    public Limits {
      if (maxSteps < 1) {
        throw new IllegalArgumentException("maxSteps must be at least 1, was " + maxSteps);
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
    }

    public static final Limits DEFAULT = new Limits(15, Duration.ofMinutes(10));
  }

  private final Desktop desktop;
  private final ScreenReader reader;
  private final Policy policy;
  private final Limits limits;
  private final StepListener listener;
  private final InstantSource clock;
  private volatile boolean stopRequested;
  private volatile String stopReason = "";

  public Agent(Desktop desktop, ScreenReader reader, Policy policy, Limits limits, StepListener listener) {
    this(desktop, reader, policy, limits, listener, InstantSource.system());
  }

  public Agent(
      Desktop desktop,
      ScreenReader reader,
      Policy policy,
      Limits limits,
      StepListener listener,
      InstantSource clock) {
    this.desktop = Objects.requireNonNull(desktop, "desktop");
    this.reader = Objects.requireNonNull(reader, "reader");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Asks the run to stop before its next action; safe from any thread. */
  public void stop(String reason) {
    stopReason = reason == null ? "" : reason;
    stopRequested = true;
  }

  /** Runs the task to an outcome; never throws for failures of the world (they are the outcome). */
  public Outcome run(String instruction) {
    Instant deadline = clock.instant().plus(limits.timeout());
    List<Step> history = new ArrayList<>();
    Outcome outcome = null;
    while (outcome == null) {
      if (stopRequested) {
        outcome = new Outcome(Outcome.Status.STOPPED, "stopped: " + stopReason, history.size());
        break;
      }
      if (Thread.currentThread().isInterrupted()) {
        outcome = new Outcome(Outcome.Status.STOPPED, "interrupted", history.size());
        break;
      }
      if (history.size() >= limits.maxSteps()) {
        outcome = new Outcome(Outcome.Status.LIMIT, "reached the limit of " + limits.maxSteps() + " steps", history.size());
        break;
      }
      if (clock.instant().isAfter(deadline)) {
        outcome = new Outcome(Outcome.Status.LIMIT, "ran out of time (" + limits.timeout().toSeconds() + " s)", history.size());
        break;
      }
      Instant started = clock.instant();
      long t0 = System.nanoTime();
      Screenshot shot;
      try {
        shot = desktop.capture();
      } catch (DesktopException e) {
        outcome = new Outcome(Outcome.Status.ERROR, "capture failed: " + e.getMessage(), history.size());
        break;
      }
      long t1 = System.nanoTime();
      Observation obs = reader.read(shot);
      long t2 = System.nanoTime();
      Decision decision;
      try {
        decision = policy.decide(instruction, List.copyOf(history), obs);
      } catch (PolicyException e) {
        outcome = new Outcome(Outcome.Status.ERROR, "policy " + policy.name() + " failed: " + e.getMessage(), history.size());
        break;
      }
      long t3 = System.nanoTime();
      List<ActionResult> results = new ArrayList<>();
      try {
        for (Action action : decision.actions()) {
          if (stopRequested) {
            break;
          }
          switch (action) {
            case Action.Done d -> {
              results.add(ActionResult.success(0));
              outcome = new Outcome(Outcome.Status.DONE, "", history.size() + 1);
            }
            case Action.Fail f -> {
              results.add(ActionResult.success(0));
              outcome = new Outcome(Outcome.Status.FAILED, f.reason(), history.size() + 1);
            }
            default -> results.add(desktop.perform(action));
          }
          if (outcome != null) {
            break;
          }
        }
      } catch (DesktopException e) {
        outcome = new Outcome(Outcome.Status.ERROR, "action failed: " + e.getMessage(), history.size() + 1);
      }
      long t4 = System.nanoTime();
      Step step =
          new Step(
              history.size() + 1,
              started,
              shot,
              obs.text(),
              decision,
              results,
              new Step.Timings(ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t4 - t3)));
      history.add(step);
      listener.onStep(step);
    }
    listener.onOutcome(outcome);
    return outcome;
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
