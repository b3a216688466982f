package dev.deskpilot.tasks;

import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.agent.Agent;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.Policy;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.StepListener;
import dev.deskpilot.agent.budget.Budget;
import dev.deskpilot.agent.control.ConsentHandler;
import dev.deskpilot.agent.control.RuleSafetyGate;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.agent.control.SafetyPolicy;
import dev.deskpilot.perception.FrameReader;
import dev.deskpilot.vm.Environment;
import dev.deskpilot.vm.EnvironmentFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs tasks in fresh environments, side by side, resumably: reset (a new environment), setup,
 * the policy's steps, evaluation, results. A task whose folder holds {@code result.txt} is skipped;
 * a partial folder is cleared and redone. A task whose environment dies is retried once on a fresh
 * one and then marked error, never lost. Results are written as they happen, so a kill at any moment
 * loses at most the task in flight.
 */
public final class SuiteRunner {
  /**
   * @param resultsRoot where the OSWorld layout goes (e.g. {@code results/})
   * @param actionSpace results path segment (e.g. {@code computer_13})
   * @param observationType results path segment (e.g. {@code screenshot})
   * @param parallel environments side by side, at least 1
   * @param taskTimeout wall-clock limit of a task's policy steps, unless the task file says otherwise
   * @param maxSteps step limit unless the task file says otherwise (OSWorld: 15)
   * @param files offline copies of downloads
   */
  public record Options(
      Path resultsRoot,
      String actionSpace,
      String observationType,
      int parallel,
      Duration taskTimeout,
      int maxSteps,
      FileCache files,
      Guard guard) {
    public Options {
      Objects.requireNonNull(guard, "guard");
      Objects.requireNonNull(resultsRoot, "resultsRoot");
      if (parallel < 1 || parallel > 64) {
        throw new IllegalArgumentException("parallel must be 1..64, was " + parallel);
      }
      if (maxSteps < 1) {
        throw new IllegalArgumentException("maxSteps must be at least 1, was " + maxSteps);
      }
    }

    public static Options defaults(Path resultsRoot) {
      return new Options(resultsRoot, "computer_13", "screenshot", 1, Duration.ofMinutes(10), 15, FileCache.none(), Guard.NONE);
    }

    public Options withParallel(int n) {
      return new Options(resultsRoot, actionSpace, observationType, n, taskTimeout, maxSteps, files, guard);
    }
  }

  /**
   * What every action of a run passes before it reaches the screen, and what a run may spend.
   *
   * @param gate classifies each action (allow / ask / deny)
   * @param consent answers "ask" verdicts (headless: from a policy file, default deny)
   * @param budget a cost limit per task, if any
   */
  public record Guard(SafetyGate gate, ConsentHandler consent, Optional<Budget> budget) {
    public Guard {
      Objects.requireNonNull(gate, "gate");
      Objects.requireNonNull(consent, "consent");
      Objects.requireNonNull(budget, "budget");
    }

    /** No gate, no budget: trusted step scripts. */
    public static final Guard NONE = new Guard(SafetyGate.ALLOW_ALL, ConsentHandler.DENY_ALL, Optional.empty());

    /** The default rules, with "ask" answered by the policy's headless answer (default deny). */
    public static Guard of(SafetyPolicy policy, Optional<Budget> budget) {
      return new Guard(new RuleSafetyGate(policy), policy.headlessConsent(), budget);
    }
  }

  public enum Status {
    PASSED,
    FAILED,
    ERROR,
    /** Already finished by an earlier run: its result is reused. */
    SKIPPED
  }

  /**
   * How one task went.
   *
   * @param score 0..1 (0 for errors)
   * @param reason why it failed or errored, or the policy's outcome
   * @param overhead reset + setup + scoring time, excluding the policy's own steps
   */
  public record TaskResult(
      String domain, String id, Status status, double score, String reason, int steps, Duration total, Duration overhead) {}

  /** Progress callbacks, called from worker threads. */
  public interface Listener {
    default void started(Task task) {}

    default void finished(TaskResult result) {}
  }

  private final EnvironmentFactory environments;
  private final PolicyFactory policies;
  private final Supplier<? extends FrameReader> readers;
  private final Evaluator evaluator;
  private final Options options;
  private final Listener listener;

  /**
   * @param readers opens the frame reader of one worker (e.g. {@code Perceiver::open}); each worker
   *     reads its tasks' runs with its own, one after another, and the runner closes them at the end
   */
  public SuiteRunner(
      EnvironmentFactory environments,
      PolicyFactory policies,
      Supplier<? extends FrameReader> readers,
      Evaluator evaluator,
      Options options,
      Listener listener) {
    this.environments = Objects.requireNonNull(environments, "environments");
    this.policies = Objects.requireNonNull(policies, "policies");
    this.readers = Objects.requireNonNull(readers, "readers");
    this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The folder holding this runner's task folders: {@code <root>/<action_space>/<obs>/<model>}. */
  public Path modelDir() {
    return options.resultsRoot().resolve(options.actionSpace()).resolve(options.observationType()).resolve(policies.model());
  }

  /**
   * Runs the tasks (in order, {@code parallel} at a time) and returns one result per task, in the
   * order given.
   *
   * @throws InterruptedException when interrupted; finished tasks' results are kept on disk
   */
  public List<TaskResult> run(List<Task> tasks) throws InterruptedException {
    ResultsIndex done;
    try {
      done = ResultsIndex.scan(modelDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read results in " + modelDir(), e);
    }
    int workers = Math.min(options.parallel(), Math.max(1, tasks.size()));
    BlockingQueue<FrameReader> free = new ArrayBlockingQueue<>(workers);
    List<FrameReader> opened = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(workers, Thread.ofPlatform().name("suite-worker-", 1).factory());
    try {
      for (int i = 0; i < workers; i++) {
        FrameReader reader = Objects.requireNonNull(readers.get(), "frame reader");
        opened.add(reader);
        free.add(reader);
      }
      List<Future<TaskResult>> futures = new ArrayList<>();
      for (Task task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  Optional<ResultsIndex.Entry> prior = done.entry(task.domain(), task.id());
                  if (prior.isPresent() && prior.get().state() == ResultsIndex.State.FINISHED) {
                    double v = prior.get().result().orElse(0);
                    TaskResult r = new TaskResult(task.domain(), task.id(), Status.SKIPPED, v,
                        "finished earlier (result " + v + ")", 0, Duration.ZERO, Duration.ZERO);
                    listener.finished(r);
                    return r;
                  }
                  FrameReader reader = free.take();
                  try {
                    listener.started(task);
                    TaskResult r = runOne(task, reader);
                    listener.finished(r);
                    return r;
                  } finally {
                    free.put(reader);
                  }
                }));
      }
      List<TaskResult> results = new ArrayList<>();
      for (Future<TaskResult> f : futures) {
        try {
          results.add(f.get());
        } catch (ExecutionException e) {
          throw new IllegalStateException("suite worker failed: " + e.getCause(), e.getCause());
        }
      }
      return results;
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
      opened.forEach(FrameReader::close);
    }
  }

  /** Writes the summary of these tasks' folders (as OSWorld's score script counts them). */
  public ResultsSummary summarise(List<Task> tasks, Path file) throws IOException {
    java.util.Set<String> keys = new java.util.HashSet<>();
    for (Task t : tasks) {
      keys.add(t.domain() + "/" + t.id());
    }
    ResultsSummary summary = ResultsIndex.scan(modelDir()).summary(e -> keys.contains(e.domain() + "/" + e.taskId()));
    summary.write(file);
    return summary;
  }

  private TaskResult runOne(Task task, FrameReader reader) throws InterruptedException {
    long start = System.nanoTime();
    RunPath path = new RunPath(options.actionSpace(), options.observationType(), policies.model(), task.domain(), task.id());
    Optional<String> unsupported = evaluator.unsupportedReason(task);
    if (unsupported.isPresent()) {
      return error(task, start, 0, 0, openDir(path), "unsupported: " + unsupported.get());
    }
    String lastError = "";
    for (int attempt = 1; attempt <= 2; attempt++) {
      RunDirectory dir = openDir(path);
      if (!lastError.isEmpty()) {
        dir.log("attempt 1 failed: " + lastError);
      }
      Policy policy;
      try {
        policy = policies.create(task);
      } catch (IllegalArgumentException e) {
        return error(task, start, 0, 0, dir, e.getMessage());
      }
      long agentNanos = 0;
      int steps = 0;
      try (Environment env = environments.start();
          var _ = keepLogsOnClose(env, dir)) {
        dir.log("environment " + env.description() + " (attempt " + attempt + ")");
        TaskContext ctx =
            TaskContext.of(task, env.desktop(), dir.evaluationDir())
                .withLog(dir.logSink())
                .withFiles(options.files());
        new SetupRunner().runConfig(ctx);
        List<Step> history = new ArrayList<>();
        RunRecorder recorder = new RunRecorder(dir, () -> captureQuietly(env));
        StepListener both =
            new StepListener() {
              @Override
              public void onStep(Step step) {
                history.add(step);
                recorder.onStep(step);
              }

              @Override
              public void onOutcome(Outcome outcome) {
                recorder.onOutcome(outcome);
              }
            };
        int maxSteps = task.deskpilot().flatMap(d -> d.maxSteps().isPresent() ? Optional.of(d.maxSteps().getAsInt()) : Optional.empty()).orElse(options.maxSteps());
        Duration timeout = task.deskpilot().flatMap(DeskpilotSpec::timeout).orElse(options.taskTimeout());
        long a0 = System.nanoTime();
        Agent.Builder agent =
            Agent.builder(env.desktop(), reader, policy)
                .limits(policies.maxConsecutiveWaits() > 0
                    ? new Agent.Limits(maxSteps, timeout).withMaxConsecutiveWaits(policies.maxConsecutiveWaits())
                    : new Agent.Limits(maxSteps, timeout))
                .listener(both)
                .gate(options.guard().gate())
                .consent(options.guard().consent());
        options.guard().budget().ifPresent(agent::budget);
        Outcome outcome = agent.build().run(task.instruction());
        agentNanos = System.nanoTime() - a0;
        steps = outcome.steps();
        if (outcome.status() == Outcome.Status.ERROR && !alive(env)) {
          throw new DesktopException(DesktopException.Kind.UNREACHABLE, "environment died during the run: " + outcome.reason());
        }
        if (outcome.status() == Outcome.Status.STOPPED) {
          Thread.currentThread().interrupt();
          throw new InterruptedException(outcome.reason());
        }
        Score score = evaluator.evaluate(ctx, Evaluator.lastActionWasFail(history));
        dir.finish(score);
        Duration total = Duration.ofNanos(System.nanoTime() - start);
        String reason = outcome.status() + (outcome.reason().isEmpty() ? "" : ": " + outcome.reason())
            + (score.value() >= 1.0 || score.reason().isEmpty() ? "" : "; " + score.reason());
        return new TaskResult(task.domain(), task.id(), score.value() >= 1.0 ? Status.PASSED : Status.FAILED,
            score.value(), reason, steps, total, total.minusNanos(agentNanos));
      } catch (DesktopException e) {
        lastError = "environment failed: " + e.getMessage();
        dir.log(lastError + (attempt == 1 ? "; retrying on a fresh environment" : ""));
        if (attempt == 2) {
          return error(task, start, agentNanos, steps, dir, lastError + " (after a retry)");
        }
        dir.fail(lastError + "; retried");
      } catch (EvaluationException | UnsupportedStepException | TaskFormatException e) {
        return error(task, start, agentNanos, steps, dir, e.getMessage());
      } catch (RuntimeException e) {
        // A bug or bad input in one task never ends the suite: the task is an error with its cause.
        return error(task, start, agentNanos, steps, dir, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
    throw new IllegalStateException("unreachable: " + lastError);
  }

  private RunDirectory openDir(RunPath path) {
    try {
      return RunDirectory.start(options.resultsRoot(), path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + path.taskDir(options.resultsRoot()), e);
    }
  }

  private static TaskResult error(Task task, long start, long agentNanos, int steps, RunDirectory dir, String reason) {
    String line = reason.replaceAll("\\s*\\R\\s*", " ");
    if (!dir.isClosed()) {
      dir.log("error: " + line);
      dir.fail(line);
    }
    Duration total = Duration.ofNanos(System.nanoTime() - start);
    return new TaskResult(task.domain(), task.id(), Status.ERROR, 0, line, steps, total, total.minusNanos(agentNanos));
  }

  /** Closed before the environment: copies its own logs (a VM's serial console) into the task folder. */
  private interface KeptLogs extends AutoCloseable {
    @Override
    void close();
  }

  private static KeptLogs keepLogsOnClose(Environment env, RunDirectory dir) {
    return () -> {
      for (Map.Entry<String, Path> log : env.logFiles().entrySet()) {
        try {
          if (Files.isRegularFile(log.getValue())) {
            Files.copy(log.getValue(), dir.dir().resolve(log.getKey()), StandardCopyOption.REPLACE_EXISTING);
          }
        } catch (IOException e) {
          dir.log("could not keep the environment's log " + log.getValue() + ": " + e.getMessage());
        }
      }
    };
  }

    private static boolean alive(Environment env) {
    try {
      env.desktop().capture();
      return true;
    } catch (DesktopException e) {
      return false;
    }
  }

  private static Optional<dev.deskpilot.perception.Screenshot> captureQuietly(Environment env) {
    try {
      return Optional.of(env.desktop().capture());
    } catch (DesktopException e) {
      return Optional.empty();
    }
  }
}
