package dev.deskpilot.tasks;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.internal.AtomicFiles;
import dev.deskpilot.tasks.internal.SetupSteps;
import dev.deskpilot.tasks.internal.StepHandler;
import dev.deskpilot.tasks.internal.StepParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs OSWorld setup steps on a {@link Desktop} with OSWorld's semantics:
 *
 * <ul>
 *   <li>{@code execute}/{@code command}: run to completion with placeholders substituted; a string
 *       without {@code shell} is split like {@code shlex.split}; {@code stdout}/{@code stderr} save
 *       the output into the work folder; {@code until} repeats the command (every 0.3 s) until the
 *       exit code or output matches, giving up after 5 desktop failures or {@value #MAX_UNTIL_ATTEMPTS}
 *       attempts (OSWorld has no attempt limit);
 *   <li>{@code launch}: start in the background (no placeholders, as in OSWorld; a string without
 *       {@code shell} is split at whitespace);
 *   <li>{@code sleep}: wait {@code seconds};
 *   <li>{@code download} ({@code files: [{url, path}]}): each file from the run's {@link FileCache}
 *       (or a {@code file:} URL, or the network when it can be reached) written to the desktop;
 *   <li>{@code open} ({@code path}): open a document (LibreOffice for office files, else
 *       {@code xdg-open}) or start a program, then wait for a window whose title has the file name
 *       ({@code wmctrl -l}) and activate it;
 *   <li>{@code activate_window}/{@code close_window} ({@code window_name}, {@code strict},
 *       {@code by_class}): {@code wmctrl -a}/{@code -c} as OSWorld's server does;
 *   <li>{@code chrome_open_tabs} ({@code urls_to_open}), {@code chrome_close_tabs}
 *       ({@code urls_to_close}), {@code update_browse_history} ({@code history}): Chromium through
 *       its DevTools port 9222, reached from inside the desktop with python3.
 * </ul>
 *
 * Before running anything, every step must be of a supported type, else {@link
 * UnsupportedStepException} names the first one that is not. A command that fails does not stop the
 * setup (OSWorld logs it and goes on), nor does activating or closing a window that is not there; a
 * desktop that cannot be reached does ({@link DesktopException} of kind UNREACHABLE, UNAUTHORIZED or
 * BAD_REPLY is rethrown), and so do the steps OSWorld treats as fatal: a file that cannot be had for
 * {@code download} ({@link EvaluationException} NOT_CACHED, "not cached: URL"), a document whose
 * window never shows for {@code open}, a browser that never answers ({@link DesktopException}
 * FAILED). A malformed step parameter is a {@link TaskFormatException}.
 */
public final class SetupRunner {
  /** Most {@code until} attempts before the step is reported as not met. */
  public static final int MAX_UNTIL_ATTEMPTS = 200;

  private static final Duration UNTIL_PAUSE = Duration.ofMillis(300);
  private static final int MAX_UNTIL_FAILURES = 5;

  /** Step types this runner runs. */
  public static Set<String> supportedTypes() {
    Set<String> all = new TreeSet<>(SetupStep.SUPPORTED_TYPES);
    all.addAll(SetupSteps.types());
    return java.util.Collections.unmodifiableSet(all);
  }

  /** The first step of {@code steps} this runner cannot run, as the exception it would throw. */
  public static Optional<UnsupportedStepException> firstUnsupported(String taskId, String where, List<SetupStep> steps) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) instanceof SetupStep.Other o && SetupSteps.handler(o.type()).isEmpty()) {
        return Optional.of(new UnsupportedStepException(taskId, where, i, o.type()));
      }
    }
    return Optional.empty();
  }

  /** Runs the task's {@code config} steps. */
  public List<StepOutcome> runConfig(TaskContext ctx) throws InterruptedException {
    return run(ctx, "config", ctx.task().config());
  }

  /**
   * Runs steps in order.
   *
   * @param where names the list in messages: {@code config} or {@code evaluator.postconfig}
   * @throws UnsupportedStepException before running anything, when a step type is not supported
   * @throws DesktopException when the desktop cannot be reached
   * @throws InterruptedException when interrupted while waiting (nothing further runs)
   */
  public List<StepOutcome> run(TaskContext ctx, String where, List<SetupStep> steps) throws InterruptedException {
    Optional<UnsupportedStepException> unsupported = firstUnsupported(ctx.task().id(), where, steps);
    if (unsupported.isPresent()) {
      throw unsupported.get();
    }
    List<StepOutcome> outcomes = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      String label = where + "[" + i + "]";
      StepOutcome outcome =
          switch (steps.get(i)) {
            case SetupStep.Execute e -> execute(ctx, label, e);
            case SetupStep.Launch l -> launch(ctx, label, l);
            case SetupStep.Sleep s -> {
              ctx.sleeper().sleep(s.duration());
              yield new StepOutcome(label, "sleep", true, "slept " + s.duration().toMillis() / 1000.0 + " s");
            }
            case SetupStep.Other o -> {
              int index = i;
              StepHandler handler = SetupSteps.handler(o.type())
                  .orElseThrow(() -> new UnsupportedStepException(ctx.task().id(), where, index, o.type()));
              yield handler.run(ctx, new StepParams(label, o.type(), o.parameters(), StepParams.pointerOf(where, i), ctx.task().source()));
            }
          };
      ctx.log().accept(label + " " + outcome.type() + (outcome.ok() ? ": " : " FAILED: ") + outcome.detail());
      outcomes.add(outcome);
    }
    return outcomes;
  }

  private StepOutcome execute(TaskContext ctx, String label, SetupStep.Execute step) throws InterruptedException {
    CommandLine line = step.command().substitute(ctx.placeholders());
    Command command = line.toExecuteCommand(ctx.commandTimeout());
    int failures = 0;
    String last = "";
    for (int attempt = 1; ; attempt++) {
      CommandResult r = null;
      try {
        r = ctx.desktop().run(command);
      } catch (DesktopException e) {
        rethrowIfUnreachable(e);
        failures++;
        last = "desktop refused: " + e.getMessage();
      }
      if (r != null) {
        saveOutput(ctx, step.stdoutFile(), r.stdout());
        saveOutput(ctx, step.stderrFile(), r.stderr());
        last = describe(r);
      }
      if (step.until().isEmpty()) {
        boolean ok = r != null && r.exitCode() == 0 && !r.timedOut();
        return new StepOutcome(label, step.type(), ok, line.display() + " -> " + last);
      }
      if (r != null && met(step.until().get(), r)) {
        return new StepOutcome(label, step.type(), true, line.display() + " -> " + last + " (until met, attempt " + attempt + ")");
      }
      if (failures >= MAX_UNTIL_FAILURES || attempt >= MAX_UNTIL_ATTEMPTS) {
        return new StepOutcome(
            label, step.type(), false, line.display() + " -> " + last + " (until not met after " + attempt + " attempts)");
      }
      ctx.sleeper().sleep(UNTIL_PAUSE);
    }
  }

  private static boolean met(SetupStep.Until u, CommandResult r) {
    return (u.returncode().isPresent() && r.exitCode() == u.returncode().getAsInt())
        || (u.stdout().isPresent() && r.stdout().contains(u.stdout().get()))
        || (u.stderr().isPresent() && r.stderr().contains(u.stderr().get()));
  }

  private static StepOutcome launch(TaskContext ctx, String label, SetupStep.Launch step) {
    Command command = step.command().toLaunchCommand(ctx.commandTimeout());
    try {
      ctx.desktop().launch(command);
      return new StepOutcome(label, "launch", true, step.command().display());
    } catch (DesktopException e) {
      rethrowIfUnreachable(e);
      return new StepOutcome(label, "launch", false, step.command().display() + " -> " + e.getMessage());
    }
  }

  private static void saveOutput(TaskContext ctx, Optional<String> name, String text) {
    if (name.isEmpty()) {
      return;
    }
    try {
      AtomicFiles.write(ctx.workDir().resolve(name.get()), text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save command output to " + ctx.workDir().resolve(name.get()), e);
    }
  }

  static void rethrowIfUnreachable(DesktopException e) {
    switch (e.kind()) {
      case UNREACHABLE, UNAUTHORIZED, BAD_REPLY -> throw e;
      case NO_SUCH_FILE, FAILED -> {}
    }
  }

  private static String describe(CommandResult r) {
    if (r.timedOut()) {
      return "timed out";
    }
    String s = "exit " + r.exitCode();
    if (r.exitCode() != 0 && !r.stderr().isBlank()) {
      s += ": " + firstLine(r.stderr());
    }
    return s;
  }

  static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    String line = nl < 0 ? t : t.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
