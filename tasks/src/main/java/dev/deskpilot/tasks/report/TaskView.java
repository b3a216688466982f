package dev.deskpilot.tasks.report;

import dev.deskpilot.tasks.ResultsIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One task folder as the report shows it.
 *
 * @param state finished, errored or unfinished, as {@link ResultsIndex} sees it
 * @param score the result when finished
 * @param error {@code error.txt}'s text when errored
 * @param outcome how the agent's loop ended, from {@code runtime.log}
 * @param scoreReason {@code score.json}'s reason, empty without one
 * @param funcs {@code score.json}'s per-metric lines
 * @param steps the steps, by index
 * @param log {@code runtime.log}, possibly cut (see {@code logCut})
 * @param screen the screen size the actions' coordinates refer to, when the log names it
 * @param warnings what could not be read (shown, never hidden)
 */
record TaskView(
    String domain,
    String taskId,
    Path dir,
    ResultsIndex.State state,
    OptionalDouble score,
    String error,
    Optional<Outcome> outcome,
    String scoreReason,
    List<Func> funcs,
    List<StepView> steps,
    String log,
    boolean logCut,
    Optional<Instant> started,
    Optional<Instant> ended,
    Optional<Size> screen,
    List<String> warnings) {
  TaskView {
    funcs = List.copyOf(funcs);
    steps = List.copyOf(steps);
    warnings = List.copyOf(warnings);
  }

  /** The agent loop's ending: {@code outcome DONE after 5 steps[: reason]}. */
  record Outcome(String status, int steps, String reason) {}

  /** One metric of {@code score.json}. */
  record Func(String func, String value, String result, String expected, String note) {}

  record Size(int width, int height) {}

  /** What the report calls the task: passed, failed (partial credit included), error, unfinished. */
  enum Status {
    PASSED,
    FAILED,
    ERROR,
    UNFINISHED;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  Status status() {
    return switch (state) {
      case FINISHED -> score.orElse(0) >= 1.0 ? Status.PASSED : Status.FAILED;
      case ERROR -> Status.ERROR;
      case UNFINISHED -> Status.UNFINISHED;
    };
  }

  String key() {
    return domain + "/" + taskId;
  }

  /** Wall time from the first to the last line of {@code runtime.log}, if known. */
  Optional<Duration> wallTime() {
    return started.isPresent() && ended.isPresent() && ended.get().isAfter(started.get())
        ? Optional.of(Duration.between(started.get(), ended.get()))
        : Optional.empty();
  }

  StepView.Usage usage() {
    StepView.Usage u = StepView.Usage.ZERO;
    for (StepView s : steps) {
      u = u.plus(s.usage());
    }
    return u;
  }

  double costUsd() {
    return steps.stream().mapToDouble(StepView::costUsd).sum();
  }

  /** Milliseconds the agent's steps took (capture + perceive + decide + act). */
  long agentMs() {
    return steps.stream().flatMap(s -> s.timings().stream()).mapToLong(StepView.Timings::totalMs).sum();
  }
}
