package dev.deskpilot.tasks;

import java.io.IOException;

/**
 * An OSWorld metric, {@code func(result, expected, **options) -> float}. Register one under its
 * OSWorld name in an {@link EvaluationRegistry}; the {@link Evaluator} never needs to change.
 *
 * <p>Follow the Python function's behaviour exactly, including what it does with {@code None}
 * ({@link Value.Nothing}), and cite it in a comment. A bad option is a {@link TaskFormatException}
 * (use {@link MetricInput#badOption}); an input of the wrong kind is an {@link EvaluationException}
 * of kind METRIC_FAILED (use {@link MetricInput#fail}).
 */
@FunctionalInterface
public interface Metric {
  /**
   * @return the score, 0..1
   * @throws IOException when a file it reads cannot be read (the task errors)
   */
  double score(MetricInput in) throws IOException;
}
