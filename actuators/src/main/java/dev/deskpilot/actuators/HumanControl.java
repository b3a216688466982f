package dev.deskpilot.actuators;

import java.time.Duration;

/**
 * The brake a person holds on a run: stop it (the kill switch), pause it (taking over the mouse or
 * keyboard, or a model asking for help) and resume it. The agent loop asks {@link #awaitGo()}
 * before each action; executors check {@link #state()} between the small pieces of a long action
 * and report every input event they send to {@link #synthetic()}, so that the agent's own input is
 * never mistaken for a person's.
 *
 * <p>{@link Supervisor} implements it with a global keyboard and mouse hook; {@link #unattended()}
 * is a brake nobody watches (sandboxes, CI), which still honours {@link #stop} and {@link #pause}
 * called by code. Implementations are thread-safe; listeners are called on the thread that changed
 * the state and must return quickly.
 */
public interface HumanControl {
  /** Where a run stands. STOPPED is final until {@link #rearm()}. */
  enum State {
    RUNNING,
    PAUSED,
    STOPPED
  }

  /** Hears state changes. */
  interface Listener {
    default void stopRequested(String reason) {}

    default void paused(String reason) {}

    default void resumed() {}
  }

  State state();

  /** Why the run is paused or stopped; empty while running. */
  String reason();

  /**
   * Blocks while paused.
   *
   * @return true when the run may go on, false when it is stopped
   */
  boolean awaitGo() throws InterruptedException;

  /**
   * Sleeps up to {@code duration}, waking early when the run is paused or stopped.
   *
   * @return the state that ended the sleep ({@link State#RUNNING} when it ran its full length)
   */
  State sleep(Duration duration) throws InterruptedException;

  /** Pauses a running run; no effect when paused or stopped. */
  void pause(String reason);

  /** Resumes a paused run; no effect when running or stopped. */
  void resume();

  /** Stops the run (final until {@link #rearm()}). */
  void stop(String reason);

  /** Makes a stopped or paused control run again, for the next run. */
  void rearm();

  void addListener(Listener listener);

  void removeListener(Listener listener);

  /** Where executors report the input events they are about to send. */
  SyntheticInput synthetic();

  /** Whether a chord (AWT key codes) is reserved for this control (the kill switch): agents may not press it. */
  default boolean reserves(java.util.Set<Integer> chord) {
    return false;
  }

  /** Whether a person watches (a hook is attached): only then can a run wait for one. */
  default boolean attended() {
    return false;
  }

  /** A control nobody watches: no hook, no takeover detection; stop/pause/resume from code only. */
  static HumanControl unattended() {
    return Supervisor.unattended();
  }
}
