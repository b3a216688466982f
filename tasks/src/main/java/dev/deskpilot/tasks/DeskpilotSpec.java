package dev.deskpilot.tasks;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Deskpilot's own optional task field, {@code "deskpilot": {"script": [...], "max_steps": N,
 * "timeout_s": N}}; OSWorld ignores it.
 *
 * @param script step-script lines (e.g. {@code click "File"}) that solve the task offline; may be empty
 * @param maxSteps a step limit for this task instead of the run's default
 * @param timeout a time limit for this task instead of the run's default
 */
public record DeskpilotSpec(List<String> script, OptionalInt maxSteps, Optional<Duration> timeout) {
  public DeskpilotSpec {
    script = List.copyOf(script);
    if (maxSteps.isPresent() && maxSteps.getAsInt() < 1) {
      throw new IllegalArgumentException("max_steps must be >= 1, was " + maxSteps.getAsInt());
    }
    if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout.get());
    }
  }
}
