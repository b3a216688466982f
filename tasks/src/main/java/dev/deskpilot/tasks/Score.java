package dev.deskpilot.tasks;

import java.util.List;
import java.util.OptionalDouble;

/**
 * The judged score of one task run.
 *
 * @param value 0..1, what {@code result.txt} holds
 * @param reason one line on how it came about (e.g. "and: all 2 metrics passed, mean 1.0")
 * @param funcs per metric call, in order; calls skipped by a short-circuit have no value
 */
public record Score(double value, String reason, List<FuncScore> funcs) {
  public Score {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("a score is 0..1, was " + value);
    }
    reason = reason == null ? "" : reason;
    funcs = List.copyOf(funcs);
  }

  /**
   * One metric call's part.
   *
   * @param func the metric name
   * @param pointer JSON pointer of the func in the task file
   * @param value its score, empty when it was not computed
   * @param result summary of the result getter's value (empty when not computed)
   * @param expected summary of the expected getter's value (empty when none)
   * @param note why it has no value, or other remarks
   */
  public record FuncScore(
      String func, String pointer, OptionalDouble value, String result, String expected, String note) {}
}
