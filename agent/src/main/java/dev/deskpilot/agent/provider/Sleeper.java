package dev.deskpilot.agent.provider;

import java.time.Duration;

/**
 * Waits between retries. Injected so that tests record the waits instead of sleeping.
 */
@FunctionalInterface
public interface Sleeper {
  /** Really sleeps ({@link Thread#sleep(Duration)}). */
  Sleeper SYSTEM = Thread::sleep;

  void sleep(Duration duration) throws InterruptedException;
}
