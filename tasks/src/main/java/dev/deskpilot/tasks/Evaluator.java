package dev.deskpilot.tasks;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.agent.Step;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;

/**
 * Judges a finished task run as OSWorld's {@code DesktopEnv.evaluate()} does:
 *
 * <ol>
 *   <li>run the evaluator's {@code postconfig} steps;
 *   <li>{@code "func": "infeasible"}: 1 if the run's last action was FAIL, else 0;
 *   <li>any other task whose last action was FAIL: 0, without running a getter;
 *   <li>one func: {@code func(result, expected, **options)} (or without expected);
 *   <li>a list of funcs, in order, with {@code conj} "and" (a 0 ends it with 0, else the mean) or
 *       "or" (a 1 ends it with 1, else the maximum).
 * </ol>
 *
 * <p>OSWorld applies the FAIL rules to its raw action history, where FAIL is the string the agent
 * answers in the {@code pyautogui} action space (the space leaderboard runs use); Deskpilot applies
 * them to {@link Action.Fail} whatever the action space. Where OSWorld would crash (a getter or
 * metric it does not have, a download that fails) Deskpilot throws {@link EvaluationException} and
 * the task counts as an error, never as a silent 0. A null item in an {@code expected} list means
 * "no expected" for that func (OSWorld would crash).
 */
public final class Evaluator {
  private final EvaluationRegistry registry;
  private final SetupRunner setup;

  public Evaluator(EvaluationRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.setup = new SetupRunner();
  }

  /** An evaluator with {@link EvaluationRegistry#builtIn()}. */
  public static Evaluator builtIn() {
    return new Evaluator(EvaluationRegistry.builtIn());
  }

  /** Metric names this evaluator can judge, {@code infeasible} included, sorted. */
  public Set<String> implementedMetrics() {
    Set<String> names = new TreeSet<>(registry.metricNames());
    names.add(EvaluatorSpec.INFEASIBLE);
    return names;
  }

  /** Getter types this evaluator can call, sorted. */
  public Set<String> implementedGetters() {
    return registry.getterNames();
  }

  /**
   * Why this task cannot be run and judged now, before anything starts: the first setup step
   * (config, then postconfig), metric or getter that is not implemented. Empty when it can.
   */
  public Optional<String> unsupportedReason(Task task) {
    Optional<UnsupportedStepException> step =
        SetupRunner.firstUnsupported(task.id(), "config", task.config())
            .or(() -> SetupRunner.firstUnsupported(task.id(), "evaluator.postconfig", task.evaluator().postconfig()));
    if (step.isPresent()) {
      return Optional.of(step.get().getMessage());
    }
    return firstNotImplemented(task).map(Throwable::getMessage);
  }

  private Optional<EvaluationException> firstNotImplemented(Task task) {
    EvaluatorSpec spec = task.evaluator();
    if (spec.infeasible()) {
      return Optional.empty();
    }
    for (MetricCall call : spec.calls()) {
      if (registry.metric(call.func()).isEmpty()) {
        return Optional.of(notImplemented(task, call.pointer(), "metric '" + call.func() + "'"));
      }
      for (Optional<GetterSpec> g : List.of(call.result(), call.expected())) {
        if (g.isPresent() && registry.getter(g.get().type()).isEmpty()) {
          return Optional.of(notImplemented(task, g.get().pointer(), "getter '" + g.get().type() + "'"));
        }
      }
    }
    return Optional.empty();
  }

  private static EvaluationException notImplemented(Task task, String pointer, String what) {
    return new EvaluationException(
        EvaluationException.Kind.NOT_IMPLEMENTED, "task " + task.id() + ": " + pointer + ": " + what + " is not implemented yet");
  }

  /**
   * Runs postconfig and scores the run.
   *
   * @param lastActionWasFail whether the run's last action was FAIL (see {@link #lastActionWasFail})
   * @throws UnsupportedStepException when a postconfig step type is not supported (nothing ran)
   * @throws EvaluationException when the task cannot be judged (not implemented, not cached, ...)
   * @throws TaskFormatException when a getter's or metric's options are malformed
   * @throws DesktopException when the desktop cannot be reached during postconfig
   * @throws InterruptedException when interrupted during postconfig
   */
  public Score evaluate(TaskContext ctx, boolean lastActionWasFail) throws InterruptedException {
    Task task = ctx.task();
    EvaluatorSpec spec = task.evaluator();
    SetupRunner.firstUnsupported(task.id(), "evaluator.postconfig", spec.postconfig()).ifPresent(e -> {
      throw e;
    });
    Optional<EvaluationException> missing = firstNotImplemented(task);
    if (missing.isPresent()) {
      throw missing.get();
    }
    setup.run(ctx, "evaluator.postconfig", spec.postconfig());

    if (spec.infeasible()) {
      MetricCall call = spec.calls().getFirst();
      double v = lastActionWasFail ? 1 : 0;
      String why = lastActionWasFail ? "the last action was FAIL" : "the last action was not FAIL";
      return log(ctx, new Score(v, "infeasible task: " + why,
          List.of(new Score.FuncScore(call.func(), call.pointer(), OptionalDouble.of(v), "", "", why))));
    }
    if (lastActionWasFail) {
      return log(ctx, new Score(0, "the last action was FAIL on a feasible task", skipped(spec.calls(), 0, "not judged: the agent gave up")));
    }

    List<Score.FuncScore> funcs = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<MetricCall> calls = spec.calls();
    for (int i = 0; i < calls.size(); i++) {
      MetricCall call = calls.get(i);
      Value result = get(ctx, call.result().orElseThrow());
      Optional<Value> expected = call.expected().isPresent() ? Optional.of(get(ctx, call.expected().get())) : Optional.empty();
      double v = score(task, call, result, expected);
      ctx.log().accept(call.pointer() + " " + call.func() + " = " + v + " (result " + result.summary()
          + expected.map(e -> ", expected " + e.summary()).orElse("") + ")");
      funcs.add(new Score.FuncScore(call.func(), call.pointer(), OptionalDouble.of(v), result.summary(),
          expected.map(Value::summary).orElse(""), ""));
      if (!spec.funcIsList()) {
        return log(ctx, new Score(v, call.func() + " scored " + v, funcs));
      }
      if (spec.conj() == Conjunction.AND && v == 0.0) {
        funcs.addAll(skipped(calls, i + 1, "not judged: an earlier metric scored 0 (conj and)"));
        return log(ctx, new Score(0, "and: " + call.func() + " (" + call.pointer() + ") scored 0", funcs));
      }
      if (spec.conj() == Conjunction.OR && v == 1.0) {
        funcs.addAll(skipped(calls, i + 1, "not judged: an earlier metric scored 1 (conj or)"));
        return log(ctx, new Score(1, "or: " + call.func() + " (" + call.pointer() + ") scored 1", funcs));
      }
      values.add(v);
    }
    double total =
        spec.conj() == Conjunction.AND
            ? values.stream().mapToDouble(Double::doubleValue).sum() / values.size()
            : values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    String how = spec.conj() == Conjunction.AND ? "and: mean of " : "or: maximum of ";
    return log(ctx, new Score(total, how + values.size() + " metrics", funcs));
  }

  private static Score log(TaskContext ctx, Score s) {
    ctx.log().accept("score " + s.value() + ": " + s.reason());
    return s;
  }

  private static List<Score.FuncScore> skipped(List<MetricCall> calls, int from, String note) {
    List<Score.FuncScore> out = new ArrayList<>();
    for (int i = from; i < calls.size(); i++) {
      out.add(new Score.FuncScore(calls.get(i).func(), calls.get(i).pointer(), OptionalDouble.empty(), "", "", note));
    }
    return out;
  }

  private Value get(TaskContext ctx, GetterSpec spec) throws InterruptedException {
    Getter getter = registry.getter(spec.type()).orElseThrow(() -> notImplemented(ctx.task(), spec.pointer(), "getter '" + spec.type() + "'"));
    String where = "task " + ctx.task().id() + ": " + spec.pointer() + ": getter '" + spec.type() + "' ";
    try {
      Value v = getter.get(new GetterInput(ctx, spec));
      if (v == null) {
        throw new EvaluationException(EvaluationException.Kind.GETTER_FAILED, where + "returned null (use Value.NOTHING for None)");
      }
      return v;
    } catch (DesktopException e) {
      throw new EvaluationException(EvaluationException.Kind.DESKTOP, where + "desktop failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EvaluationException(EvaluationException.Kind.GETTER_FAILED, where + "failed: " + e, e);
    }
  }

  private double score(Task task, MetricCall call, Value result, Optional<Value> expected) {
    Metric metric = registry.metric(call.func()).orElseThrow(() -> notImplemented(task, call.pointer(), "metric '" + call.func() + "'"));
    String where = "task " + task.id() + ": " + call.pointer() + ": " + call.func() + " ";
    double v;
    try {
      v = metric.score(new MetricInput(task, call, result, expected));
    } catch (IOException e) {
      throw new EvaluationException(EvaluationException.Kind.METRIC_FAILED, where + "could not read its input: " + e, e);
    }
    if (!(v >= 0 && v <= 1)) {
      throw new EvaluationException(EvaluationException.Kind.METRIC_FAILED, where + "returned " + v + ", not a score in 0..1");
    }
    return v;
  }

  /**
   * Whether a run's last action was FAIL: the last action decided in the last step that decided
   * any, as OSWorld's {@code action_history[-1]}.
   */
  public static boolean lastActionWasFail(List<Step> steps) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      List<Action> actions = steps.get(i).decision().actions();
      if (!actions.isEmpty()) {
        return actions.getLast() instanceof Action.Fail;
      }
    }
    return false;
  }
}
