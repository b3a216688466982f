package dev.deskpilot.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.control.ActionVerdict;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Screenshot;
import java.time.Instant;
import java.util.List;

/**
 * One turn of the loop: what was seen, decided, judged and done, with timings and costs.
 *
 * @param index 1-based step number
 * @param startedAt when the capture began
 * @param screenshot the frame the decision was made on (not serialised)
 * @param screenText the OCR text of that frame
 * @param decision what the policy decided
 * @param results one result per performed action, in order (an action the safety gate refused
 *     has a failed result saying so)
 * @param timings milliseconds spent per phase
 * @param observation what perception read from the frame, words with boxes (not serialised; null
 *     for steps made by code that does not keep it)
 * @param verdicts the safety gate's judgement of every proposed action, and of every provider
 *     safety check, with the person's consent where one was asked
 * @param personMessages messages from the person (steering, answers) given to the policy with this
 *     step's decision
 * @param usage tokens the policy's model calls of this step used ({@link Usage#ZERO} for policies
 *     without a model)
 * @param costUsd what those tokens cost, by the run's price table (0 when unknown or free)
 */
public record Step(
    int index,
    Instant startedAt,
    @JsonIgnore Screenshot screenshot,
    String screenText,
    Decision decision,
    List<ActionResult> results,
    Timings timings,
    @JsonIgnore Observation observation,
    List<ActionVerdict> verdicts,
    List<String> personMessages,
    Usage usage,
    double costUsd) {
  public Step {
    results = List.copyOf(results);
    verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
    personMessages = personMessages == null ? List.of() : List.copyOf(personMessages);
    usage = usage == null ? Usage.ZERO : usage;
    if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
      throw new IllegalArgumentException("costUsd must be a finite number >= 0, was " + costUsd);
    }
  }

  /** A step without observation, verdicts, messages or usage (policies and tests of the first loop). */
  public Step(
      int index,
      Instant startedAt,
      Screenshot screenshot,
      String screenText,
      Decision decision,
      List<ActionResult> results,
      Timings timings) {
    this(index, startedAt, screenshot, screenText, decision, results, timings, null, List.of(), List.of(),
        Usage.ZERO, 0);
  }

  /** Milliseconds per phase of a step. */
  public record Timings(long captureMs, long perceiveMs, long decideMs, long actMs) {}
}
