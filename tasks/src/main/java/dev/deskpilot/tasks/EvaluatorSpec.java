package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A task's {@code evaluator} object, checked: its metric calls in order (one for a string
 * {@code func}, one per item for a list), how they combine, and the steps to run before scoring.
 *
 * @param calls the metric calls, at least one
 * @param funcIsList whether {@code func} was written as a list (reports use the list pointers)
 * @param conj how several scores combine
 * @param postconfig setup steps run before scoring
 * @param raw the evaluator object as written (do not modify)
 */
public record EvaluatorSpec(
    List<MetricCall> calls, boolean funcIsList, Conjunction conj, List<SetupStep> postconfig, ObjectNode raw) {
  /** The func name of tasks that should be judged impossible. */
  public static final String INFEASIBLE = "infeasible";

  public EvaluatorSpec {
    calls = List.copyOf(calls);
    postconfig = List.copyOf(postconfig);
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("an evaluator needs at least one metric call");
    }
    Objects.requireNonNull(conj, "conj");
    Objects.requireNonNull(raw, "raw");
  }

  /** True when {@code func} is {@code "infeasible"}: the agent should answer FAIL. */
  public boolean infeasible() {
    return !funcIsList && calls.getFirst().func().equals(INFEASIBLE);
  }
}
