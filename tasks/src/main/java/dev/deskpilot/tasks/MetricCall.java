package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric of an evaluator with its getters and options: OSWorld calls
 * {@code func(result, expected, **options)}, or {@code func(result, **options)} without an expected.
 *
 * @param func the metric name
 * @param result where the result comes from (empty only for {@code infeasible})
 * @param expected where the expected value comes from, if any
 * @param options keyword options for the metric (empty object when none)
 * @param pointer JSON pointer of the func name ({@code /evaluator/func} or {@code /evaluator/func/1})
 * @param optionsPointer JSON pointer of the options object (it may be absent from the file)
 */
public record MetricCall(
    String func,
    Optional<GetterSpec> result,
    Optional<GetterSpec> expected,
    ObjectNode options,
    String pointer,
    String optionsPointer) {
  public MetricCall {
    if (func == null || func.isBlank()) {
      throw new IllegalArgumentException("a metric call needs a func");
    }
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(optionsPointer, "optionsPointer");
  }
}
