package dev.deskpilot.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.control.ActionVerdict;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.ScreenChange;
import dev.deskpilot.perception.Screenshot;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
 * @param changeAfter what this step's actions changed on screen: the loop looks again right after
 *     acting and compares that frame with this step's (the look is the next step's frame). Empty
 *     when the run ended with this step or the loop did not look (steps made by other code)
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
    double costUsd,
    Optional<ScreenChange> changeAfter) {
  public Step {
    changeAfter = changeAfter == null ? Optional.empty() : changeAfter;
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

  /** A step whose loop did not look at the screen after acting. */
  public Step(
      int index,
      Instant startedAt,
      Screenshot screenshot,
      String screenText,
      Decision decision,
      List<ActionResult> results,
      Timings timings,
      Observation observation,
      List<ActionVerdict> verdicts,
      List<String> personMessages,
      Usage usage,
      double costUsd) {
    this(index, startedAt, screenshot, screenText, decision, results, timings, observation, verdicts,
        personMessages, usage, costUsd, Optional.empty());
  }

  /** True when the loop looked after this step's actions and not one pixel had changed. */
  public boolean changedNothing() {
    return changeAfter.map(ScreenChange::nothingChanged).orElse(false);
  }

  /** Milliseconds per phase of a step. */
  public record Timings(long captureMs, long perceiveMs, long decideMs, long actMs) {}
}
