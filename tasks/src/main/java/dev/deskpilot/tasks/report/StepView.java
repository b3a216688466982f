package dev.deskpilot.tasks.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One step of a task run as the report shows it, merged from {@code steps.jsonl} (Deskpilot's
 * own record) and {@code traj.jsonl} (OSWorld's), whichever holds what.
 *
 * @param index the 1-based step number
 * @param thought the model's text for the step (untrusted: escape before showing)
 * @param question what the policy asked a person, empty if nothing
 * @param actions what it did, in order
 * @param results one per performed action (may be shorter than {@code actions})
 * @param timings milliseconds per phase, empty when not recorded
 * @param usage tokens of the step's model calls (zero when not recorded)
 * @param costUsd what those cost (0 when unknown)
 * @param verdicts the safety gate's judgements that were not plain "allow"
 * @param personMessages messages from a person given with this step
 * @param after the screenshot taken after the step ({@code step_<n>_*.png}), if saved
 */
record StepView(
    int index,
    Optional<Instant> startedAt,
    String thought,
    String question,
    List<ShownAction> actions,
    List<Result> results,
    Optional<Timings> timings,
    Usage usage,
    double costUsd,
    List<Verdict> verdicts,
    List<String> personMessages,
    Optional<Path> after) {
  StepView {
    actions = List.copyOf(actions);
    results = List.copyOf(results);
    verdicts = List.copyOf(verdicts);
    personMessages = List.copyOf(personMessages);
  }

  /** How one performed action went. */
  record Result(boolean ok, String error, long millis) {}

  /** Milliseconds per phase. */
  record Timings(long captureMs, long perceiveMs, long decideMs, long actMs) {
    long totalMs() {
      return captureMs + perceiveMs + decideMs + actMs;
    }
  }

  /** Tokens as the provider counted them. */
  record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, int calls) {
    static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    long totalTokens() {
      return inputTokens + outputTokens;
    }

    Usage plus(Usage o) {
      return new Usage(inputTokens + o.inputTokens, outputTokens + o.outputTokens,
          cacheReadTokens + o.cacheReadTokens, cacheWriteTokens + o.cacheWriteTokens, calls + o.calls);
    }
  }

  /** A safety verdict on action {@code action} (index in {@link #actions}). */
  record Verdict(int action, String kind, String rule, String reason, String consent, boolean allowed) {}

  /** Whether any performed action failed. */
  boolean anyFailed() {
    return results.stream().anyMatch(r -> !r.ok());
  }
}
