package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.tasks.internal.JsonFields;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric call's inputs: {@code func(result, expected, **options)}.
 *
 * @param task the task being judged
 * @param call the metric call (func name, pointers, options)
 * @param result the result getter's value
 * @param expected the expected getter's value; empty when the evaluator has none (OSWorld then
 *     calls {@code func(result, **options)})
 */
public record MetricInput(Task task, MetricCall call, Value result, Optional<Value> expected) {
  public MetricInput {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(expected, "expected");
  }

  public ObjectNode options() {
    return call.options();
  }

  /** The expected value, or an error when the task gives none (a Python TypeError in OSWorld). */
  public Value requireExpected() {
    return expected.orElseThrow(
        () -> fail("needs an expected value, but the evaluator has no \"expected\" getter"));
  }

  /** A boolean option, {@code absent} when not given; anything but a boolean is a format error. */
  public boolean booleanOption(String name, boolean absent) {
    JsonNode n = options().get(name);
    if (n == null || n.isNull()) {
      return absent;
    }
    if (!n.isBoolean()) {
      throw badOption(name, "expected true or false, found " + JsonFields.describe(n));
    }
    return n.booleanValue();
  }

  /** A {@link TaskFormatException} for option {@code name}. */
  public TaskFormatException badOption(String name, String problem) {
    return new TaskFormatException(task.source(), JsonFields.child(call.optionsPointer(), name), problem);
  }

  /** An {@link EvaluationException} (METRIC_FAILED) naming the task and this metric call. */
  public EvaluationException fail(String problem) {
    return new EvaluationException(
        EvaluationException.Kind.METRIC_FAILED,
        "task " + task.id() + ": " + call.pointer() + ": " + call.func() + " " + problem);
  }
}
