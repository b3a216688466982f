package dev.deskpilot.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.perception.Screenshot;
import java.time.Instant;
import java.util.List;

/**
 * One turn of the loop: what was seen, decided and done, with timings.
 *
 * @param index 1-based step number
 * @param startedAt when the capture began
 * @param screenshot the frame the decision was made on (not serialised)
 * @param screenText the OCR text of that frame
 * @param decision what the policy decided
 * @param results one result per performed action, in order
 * @param timings milliseconds spent per phase
 */
public record Step(
    int index,
    Instant startedAt,
    @JsonIgnore Screenshot screenshot,
    String screenText,
    Decision decision,
    List<ActionResult> results,
    Timings timings) {
  public Step {
    results = List.copyOf(results);
  }

  /** Milliseconds per phase of a step. */
  public record Timings(long captureMs, long perceiveMs, long decideMs, long actMs) {}
}
