package dev.deskpilot.agent.control;

import java.util.ArrayList;
import java.util.List;

/**
 * A person's hand on a running agent, safe to use from any thread: pause and resume, stop, and
 * steering messages that reach the policy's next decision (marked as from the person).
 */
public final class RunControl {
  private boolean paused;
  private String pauseReason = "";
  private boolean stopped;
  private String stopReason = "";
  private final List<String> messages = new ArrayList<>();

  public synchronized void pause(String reason) {
    paused = true;
    pauseReason = reason == null ? "" : reason;
    notifyAll();
  }

  public synchronized void resume() {
    paused = false;
    pauseReason = "";
    notifyAll();
  }

  public synchronized void stop(String reason) {
    stopped = true;
    stopReason = reason == null ? "" : reason;
    notifyAll();
  }

  public synchronized boolean isPaused() {
    return paused;
  }

  public synchronized String pauseReason() {
    return pauseReason;
  }

  public synchronized boolean isStopped() {
    return stopped;
  }

  public synchronized String stopReason() {
    return stopReason;
  }

  /** Queues a message from the person for the policy's next decision. */
  public synchronized void steer(String message) {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a steering message needs text");
    }
    messages.add(message.strip());
  }

  /** Takes the queued steering messages, oldest first. */
  public synchronized List<String> drainMessages() {
    List<String> out = List.copyOf(messages);
    messages.clear();
    return out;
  }

  /**
   * Lets a person's hand on the real input devices steer this run: the kill switch stops it, a
   * takeover pauses it, the resume chord resumes it.
   *
   * @return closing it stops following
   */
  public AutoCloseable follow(dev.deskpilot.actuators.HumanControl human) {
    dev.deskpilot.actuators.HumanControl.Listener l =
        new dev.deskpilot.actuators.HumanControl.Listener() {
          @Override
          public void stopRequested(String reason) {
            stop(reason);
          }

          @Override
          public void paused(String reason) {
            pause(reason);
          }

          @Override
          public void resumed() {
            resume();
          }
        };
    human.addListener(l);
    return () -> human.removeListener(l);
  }

  /**
   * Blocks while paused (and not stopped).
   *
   * @throws InterruptedException when interrupted while waiting
   */
  public synchronized void awaitNotPaused() throws InterruptedException {
    while (paused && !stopped) {
      wait();
    }
  }
}
