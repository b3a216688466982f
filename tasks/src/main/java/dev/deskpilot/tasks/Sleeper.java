package dev.deskpilot.tasks;

import java.time.Duration;

/** Waits; setup {@code sleep} steps and {@code until} retries use it, so tests can record waits. */
@FunctionalInterface
public interface Sleeper {
  /** Really sleeps on the calling thread. */
  Sleeper REAL = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
