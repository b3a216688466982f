package dev.deskpilot.agent;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.agent.budget.Budget;
import dev.deskpilot.agent.budget.FrameFingerprint;
import dev.deskpilot.agent.control.ActionApproval;
import dev.deskpilot.agent.control.ActionVerdict;
import dev.deskpilot.agent.control.Consent;
import dev.deskpilot.agent.control.ConsentHandler;
import dev.deskpilot.agent.control.PersonChannel;
import dev.deskpilot.agent.control.RunControl;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.FrameReader;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.ScreenChange;
import dev.deskpilot.perception.Screenshot;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The step loop: capture, perceive, decide, judge, act, record; until the policy says DONE or
 * FAIL, a limit runs out, a person stops it, or the desktop or policy breaks.
 *
 * <p>Each step: the frame is captured and read; the person's queued messages (steering, answers)
 * go with it to {@link Policy#decide(PolicyInput)}, which runs on a worker thread so that a stop or
 * the per-step time limit ends it at once; a question of the policy goes to the {@link
 * PersonChannel}; every proposed action passes the {@link SafetyGate} (ASK verdicts go to the
 * {@link ConsentHandler}, and so do provider safety checks; refused actions are not performed and
 * get a failed result saying why); then the actions are performed, pausing between them while the
 * run is paused and stopping before the next one once stopped. Every event streams to the {@link
 * StepListener} as it happens; the finished {@link Step} too, so a run killed at any moment loses
 * at most the step in flight. Runs on the caller's thread.
 *
 * <p>Frames are read by one {@link FrameReader} for the whole run, in order (a {@link
 * dev.deskpilot.perception.Perceiver} re-reads only what changed). Right after a step's actions the
 * loop looks again: that frame's {@link ScreenChange} is the step's {@link Step#changeAfter()}
 * ("nothing changed" after a click that did nothing: said only after {@value #SETTLE_LOOKS} more
 * looks {@value #SETTLE_MS} ms apart showed nothing either), and the frame is the next step's,
 * unless the run was paused in between (then the next step captures anew).
 */
public final class Agent {
  /** How often waits look at the run control. */
  private static final long POLL_MS = 20;

  /**
   * After actions other than waits, a look that shows not one pixel changed is repeated this many
   * times, {@link #SETTLE_MS} apart, before the step says its actions changed nothing: applications
   * draw a click's effect some milliseconds after the input settled.
   */
  static final int SETTLE_LOOKS = 2;

  static final long SETTLE_MS = 100;

  /**
   * Limits of one run.
   *
   * @param maxSteps most policy decisions (OSWorld counts one model call as one step)
   * @param timeout wall-clock limit of the whole run
   * @param stepTimeout limit of one decision (a model call with its retries); time spent waiting for
   *     a person's consent does not count
   * @param maxConsecutiveWaits steps in a row that only wait (or look again) before the run fails;
   *     0 = no cap (step scripts bound their own waits)
   */
  public record Limits(int maxSteps, Duration timeout, Duration stepTimeout, int maxConsecutiveWaits) {
    public Limits {
      if (maxSteps < 1) {
        throw new IllegalArgumentException("maxSteps must be at least 1, was " + maxSteps);
      }
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      if (stepTimeout == null || stepTimeout.isNegative() || stepTimeout.isZero()) {
        throw new IllegalArgumentException("stepTimeout must be positive, was " + stepTimeout);
      }
      if (maxConsecutiveWaits < 0) {
        throw new IllegalArgumentException("maxConsecutiveWaits must be 0 (no cap) or more, was " + maxConsecutiveWaits);
      }
    }

    /** Steps and run time only: a step may take the whole run time, waits are not capped. */
    public Limits(int maxSteps, Duration timeout) {
      this(maxSteps, timeout, timeout, 0);
    }

    public static final Limits DEFAULT = new Limits(15, Duration.ofMinutes(10));

    public Limits withStepTimeout(Duration d) {
      return new Limits(maxSteps, timeout, d, maxConsecutiveWaits);
    }

    public Limits withMaxConsecutiveWaits(int n) {
      return new Limits(maxSteps, timeout, stepTimeout, n);
    }
  }

  private final Desktop desktop;
  private final FrameReader reader;
  private final Policy policy;
  private final Limits limits;
  private final StepListener listener;
  private final InstantSource clock;
  private final RunControl control;
  private final SafetyGate gate;
  private final ConsentHandler consent;
  private final PersonChannel person;
  private final Budget budget;

  public Agent(Desktop desktop, FrameReader reader, Policy policy, Limits limits, StepListener listener) {
    this(builder(desktop, reader, policy).limits(limits).listener(listener));
  }

  public Agent(
      Desktop desktop,
      FrameReader reader,
      Policy policy,
      Limits limits,
      StepListener listener,
      InstantSource clock) {
    this(builder(desktop, reader, policy).limits(limits).listener(listener).clock(clock));
  }

  private Agent(Builder b) {
    this.desktop = Objects.requireNonNull(b.desktop, "desktop");
    this.reader = Objects.requireNonNull(b.reader, "reader");
    this.policy = Objects.requireNonNull(b.policy, "policy");
    this.limits = Objects.requireNonNull(b.limits, "limits");
    this.listener = Objects.requireNonNull(b.listener, "listener");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    this.control = Objects.requireNonNull(b.control, "control");
    this.gate = Objects.requireNonNull(b.gate, "gate");
    this.consent = Objects.requireNonNull(b.consent, "consent");
    this.person = Objects.requireNonNull(b.person, "person");
    this.budget = Objects.requireNonNull(b.budget, "budget");
    budget.requirePriced(policy);
  }

  /**
   * Starts an agent. Defaults: {@link Limits#DEFAULT}, no listener, a fresh {@link RunControl},
   * {@link SafetyGate#ALLOW_ALL}, {@link ConsentHandler#DENY_ALL}, {@link PersonChannel#NONE},
   * {@link Budget#UNLIMITED}, the system clock.
   */
  public static Builder builder(Desktop desktop, FrameReader reader, Policy policy) {
    return new Builder(desktop, reader, policy);
  }

  /** Configures an {@link Agent}; every setter has the default named in {@link #builder}. */
  public static final class Builder {
    private final Desktop desktop;
    private final FrameReader reader;
    private final Policy policy;
    private Limits limits = Limits.DEFAULT;
    private StepListener listener = StepListener.NONE;
    private InstantSource clock = InstantSource.system();
    private RunControl control = new RunControl();
    private SafetyGate gate = SafetyGate.ALLOW_ALL;
    private ConsentHandler consent = ConsentHandler.DENY_ALL;
    private PersonChannel person = PersonChannel.NONE;
    private Budget budget = Budget.UNLIMITED;

    private Builder(Desktop desktop, FrameReader reader, Policy policy) {
      this.desktop = desktop;
      this.reader = reader;
      this.policy = policy;
    }

    public Builder limits(Limits v) { limits = v; return this; }
    public Builder listener(StepListener v) { listener = v; return this; }
    public Builder clock(InstantSource v) { clock = v; return this; }
    /** The person's hand on the run (pause, resume, stop, steer); share it with the UI. */
    public Builder control(RunControl v) { control = v; return this; }
    public Builder gate(SafetyGate v) { gate = v; return this; }
    public Builder consent(ConsentHandler v) { consent = v; return this; }
    public Builder person(PersonChannel v) { person = v; return this; }
    public Builder budget(Budget v) { budget = v; return this; }

    /**
     * @throws IllegalArgumentException when a cost limit is set and the policy's model has no price
     */
    public Agent build() {
      return new Agent(this);
    }
  }

  /** The run control this agent obeys. */
  public RunControl control() {
    return control;
  }

  /** Asks the run to stop before its next action (a decision in flight is abandoned); any thread. */
  public void stop(String reason) {
    control.stop(reason);
  }

  /** Runs the task to an outcome; never throws for failures of the world (they are the outcome). */
  public Outcome run(String instruction) {
    reader.newSequence();
    Run run = new Run(instruction);
    Outcome outcome = run.loop();
    listener.onOutcome(outcome);
    return outcome;
  }

  /** The state of one run. */
  private final class Run {
    private final String instruction;
    private final Instant deadline;
    private final List<Step> history = new ArrayList<>();
    private final List<String> answers = new ArrayList<>();
    private final Set<String> allowedForRun = Collections.synchronizedSet(new HashSet<>());
    private double totalCost;
    private int consecutiveWaits;
    private FrameFingerprint previousFrame;
    /** The frame looked at after the last step's actions: the next step's, unless a pause came between. */
    private Look pending;

    Run(String instruction) {
      this.instruction = instruction;
      this.deadline = clock.instant().plus(limits.timeout());
    }

    /** Captures and reads a frame. */
    private Look look() {
      Instant at = clock.instant();
      long t0 = System.nanoTime();
      Screenshot shot = desktop.capture();
      long t1 = System.nanoTime();
      Observation obs = reader.read(shot);
      FrameFingerprint print = FrameFingerprint.of(shot.image());
      long t2 = System.nanoTime();
      return new Look(at, shot, obs, print, ms(t1 - t0), ms(t2 - t1));
    }

    Outcome loop() {
      while (true) {
        Outcome limit = checkBeforeStep();
        if (limit != null) {
          return limit;
        }
        int index = history.size() + 1;
        Look look = pending;
        pending = null;
        if (look == null) {
          try {
            look = look();
          } catch (DesktopException e) {
            return new Outcome(Outcome.Status.ERROR, "capture failed: " + e.getMessage(), history.size());
          }
        }
        Instant started = look.at();
        Screenshot shot = look.shot();
        Observation obs = look.observation();
        listener.onScreenshot(index, shot);
        boolean changed = previousFrame == null || !look.print().sameScreen(previousFrame);
        previousFrame = look.print();
        long t2 = System.nanoTime();

        List<String> messages = new ArrayList<>(answers);
        answers.clear();
        messages.addAll(control.drainMessages());
        for (String m : messages) {
          listener.onMessage(index, m);
        }
        List<ProviderCheck> checks = Collections.synchronizedList(new ArrayList<>());
        AtomicLong personNanos = new AtomicLong();
        ActionApproval approval = (action, verdict) -> {
          long a = System.nanoTime();
          try {
            Resolution r = resolve(action, verdict, shot);
            checks.add(new ProviderCheck(action, verdict, r.consent(), r.allowed()));
            listener.onVerdict(index, action, new ActionVerdict(0, verdict, r.consent(), r.allowed()));
            return r.allowed();
          } finally {
            personNanos.addAndGet(System.nanoTime() - a);
          }
        };
        PolicyInput input = new PolicyInput(instruction, List.copyOf(history), obs, messages, changed, Optional.of(approval));
        Decision decision;
        try {
          decision = decideInTime(input, personNanos);
        } catch (EndOfRun e) {
          return new Outcome(e.status, e.getMessage(), history.size());
        } catch (RuntimeException e) {
          // PolicyException for failures of the world; anything else is a broken policy, same ending
          return new Outcome(Outcome.Status.ERROR, "policy " + policy.name() + " failed: " + e.getMessage(), history.size());
        }
        long t3 = System.nanoTime();
        Usage usage = policy.lastUsage();
        double cost = budget.cost(policy, usage);
        totalCost += cost;
        listener.onUsage(index, usage, cost, totalCost);
        listener.onThought(index, decision.thought());

        List<ActionVerdict> verdicts = new ArrayList<>();
        synchronized (checks) {
          for (ProviderCheck c : checks) {
            int at = Math.max(0, decision.actions().indexOf(c.action()));
            verdicts.add(new ActionVerdict(at, c.verdict(), c.consent(), c.allowed()));
          }
        }
        Outcome outcome = null;
        if (decision.asksPerson()) {
          listener.onQuestion(index, decision.question());
          Optional<String> answer = person.ask(decision.question(), shot);
          if (answer.isPresent() && !answer.get().isBlank()) {
            answers.add("(answer to your question \"" + decision.question() + "\") " + answer.get().strip());
          } else {
            outcome = new Outcome(Outcome.Status.FAILED, "the policy needs a person: " + decision.question(), index);
          }
        }
        List<ActionResult> results = new ArrayList<>();
        if (outcome == null) {
          outcome = act(index, decision, obs, shot, results, verdicts);
        }
        long t4 = System.nanoTime();
        Optional<ScreenChange> after = Optional.empty();
        // A pause asked for while acting is taken before looking again (the pause drops that look
        // anyway, and a desktop that waits out pauses itself must not hold the loop unannounced).
        if (outcome == null && !control.isPaused()) {
          try {
            pending = look();
            boolean acted = decision.actions().stream().anyMatch(a -> !(a instanceof Action.Wait));
            for (int i = 0; acted && i < SETTLE_LOOKS && pending.observation().change().nothingChanged()
                && !control.isStopped() && !control.isPaused(); i++) {
              if (!waitFor(Duration.ofMillis(SETTLE_MS)).ok()) {
                break;
              }
              pending = look(); // compared with the same frame again, so a change is the actions'
            }
            ScreenChange change = pending.observation().change();
            if (change.kind() != ScreenChange.Kind.NOT_COMPARED) {
              after = Optional.of(change);
            }
          } catch (DesktopException e) {
            outcome = new Outcome(Outcome.Status.ERROR, "capture failed: " + e.getMessage(), index);
          }
        }
        Step step = new Step(index, started, shot, obs.text(), decision, results,
            new Step.Timings(look.captureMs(), look.perceiveMs(), ms(t3 - t2), ms(t4 - t3)),
            obs, verdicts, messages, usage, cost, after);
        history.add(step);
        listener.onStep(step);
        if (outcome != null) {
          return outcome;
        }
        boolean waitOnly = !decision.asksPerson()
            && decision.actions().stream().allMatch(a -> a instanceof Action.Wait);
        consecutiveWaits = waitOnly ? consecutiveWaits + 1 : 0;
        if (limits.maxConsecutiveWaits() > 0 && consecutiveWaits >= limits.maxConsecutiveWaits()) {
          return new Outcome(Outcome.Status.FAILED, "the policy only waited for " + consecutiveWaits
              + " steps in a row (limit " + limits.maxConsecutiveWaits() + ")", history.size());
        }
      }
    }

    /** A stop, an interrupt, a limit or the budget; null when the next step may start. */
    private Outcome checkBeforeStep() {
      if (control.isPaused() && !control.isStopped()) {
        if (!awaitResume()) {
          return new Outcome(Outcome.Status.STOPPED, "interrupted", history.size());
        }
      }
      if (control.isStopped()) {
        return new Outcome(Outcome.Status.STOPPED, "stopped: " + control.stopReason(), history.size());
      }
      if (Thread.currentThread().isInterrupted()) {
        return new Outcome(Outcome.Status.STOPPED, "interrupted", history.size());
      }
      if (history.size() >= limits.maxSteps()) {
        return new Outcome(Outcome.Status.LIMIT, "reached the limit of " + limits.maxSteps() + " steps", history.size());
      }
      if (clock.instant().isAfter(deadline)) {
        return new Outcome(Outcome.Status.LIMIT, "ran out of time (" + limits.timeout().toSeconds() + " s)", history.size());
      }
      if (budget.exhausted(totalCost)) {
        return new Outcome(Outcome.Status.LIMIT, String.format(Locale.ROOT,
            "spent $%.4f, reaching the cost limit of $%.2f", totalCost, budget.maxCostUsd().getAsDouble()),
            history.size());
      }
      return null;
    }

    /** Blocks while paused; false when interrupted (the flag is restored). */
    private boolean awaitResume() {
      pending = null; // the screen may change while paused (a person took over): look anew
      listener.onPause(control.pauseReason());
      try {
        control.awaitNotPaused();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      listener.onResume();
      return true;
    }

    private Decision decideInTime(PolicyInput input, AtomicLong personNanos) {
      CompletableFuture<Decision> result = new CompletableFuture<>();
      Thread worker = Thread.ofVirtual().name("deskpilot-decide").start(() -> {
        try {
          result.complete(policy.decide(input));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
      Instant started = clock.instant();
      Duration allowed = limits.stepTimeout();
      while (true) {
        try {
          return result.get(POLL_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException notYet) {
          if (control.isStopped()) {
            worker.interrupt();
            throw new EndOfRun(Outcome.Status.STOPPED, "stopped: " + control.stopReason());
          }
          Instant now = clock.instant();
          Duration spent = Duration.between(started, now).minusNanos(personNanos.get());
          if (spent.compareTo(allowed) > 0) {
            worker.interrupt();
            throw new EndOfRun(Outcome.Status.LIMIT, "step " + (history.size() + 1) + ": the policy took longer than "
                + allowed.toMillis() / 1000.0 + " s to decide");
          }
          if (now.isAfter(deadline.plusNanos(personNanos.get()))) {
            worker.interrupt();
            throw new EndOfRun(Outcome.Status.LIMIT, "ran out of time (" + limits.timeout().toSeconds() + " s)");
          }
        } catch (ExecutionException failed) {
          Throwable cause = failed.getCause();
          if (cause instanceof RuntimeException re) {
            throw re;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new PolicyException("policy failed: " + cause, cause);
        } catch (InterruptedException e) {
          worker.interrupt();
          Thread.currentThread().interrupt();
          throw new EndOfRun(Outcome.Status.STOPPED, "interrupted");
        }
      }
    }

    /** Judges and performs the decision's actions; returns the outcome they end the run with, or null. */
    private Outcome act(int index, Decision decision, Observation obs, Screenshot shot,
        List<ActionResult> results, List<ActionVerdict> verdicts) {
      List<Action> actions = decision.actions();
      for (int i = 0; i < actions.size(); i++) {
        Action action = actions.get(i);
        if (control.isStopped()) {
          return null;
        }
        if (control.isPaused() && !awaitResume()) {
          return new Outcome(Outcome.Status.STOPPED, "interrupted", index);
        }
        if (control.isStopped()) {
          return null;
        }
        switch (action) {
          case Action.Done d -> {
            results.add(ActionResult.success(0));
            listener.onAction(index, action, results.getLast());
            return new Outcome(Outcome.Status.DONE, "", index);
          }
          case Action.Fail f -> {
            results.add(ActionResult.success(0));
            listener.onAction(index, action, results.getLast());
            return new Outcome(Outcome.Status.FAILED, f.reason(), index);
          }
          default -> {
            // judged and performed below
          }
        }
        Verdict verdict;
        try {
          verdict = Objects.requireNonNull(gate.check(action, actions.subList(0, i), obs, List.copyOf(history)), "verdict");
        } catch (RuntimeException e) {
          verdict = Verdict.deny("gate-error", "the safety gate failed: " + e.getMessage());
        }
        Resolution r = verdict.kind() == Verdict.Kind.ALLOW ? Resolution.ALLOWED : resolve(action, verdict, shot);
        ActionVerdict judged = new ActionVerdict(i, verdict, r.consent(), r.allowed());
        verdicts.add(judged);
        listener.onVerdict(index, action, judged);
        ActionResult result;
        if (!r.allowed()) {
          String who = verdict.kind() == Verdict.Kind.DENY ? "refused by the safety gate" : "not allowed by the person";
          result = ActionResult.failure(who + " (" + verdict.rule() + "): " + verdict.reason(), 0);
        } else if (action instanceof Action.Wait w) {
          result = waitFor(w.duration());
        } else {
          try {
            result = desktop.perform(action);
          } catch (DesktopException e) {
            results.add(ActionResult.failure(e.getMessage() == null ? "desktop failed" : e.getMessage(), 0));
            listener.onAction(index, action, results.getLast());
            return new Outcome(Outcome.Status.ERROR, "action failed: " + e.getMessage(), index);
          }
        }
        results.add(result);
        listener.onAction(index, action, result);
        if (!result.ok()) {
          return null; // later actions of the batch may depend on this one
        }
      }
      return null;
    }

    /** An ASK (or DENY) verdict turned into allowed or not, asking the person for an ASK. */
    private Resolution resolve(Action action, Verdict verdict, Screenshot shot) {
      if (verdict.kind() == Verdict.Kind.ALLOW) {
        return Resolution.ALLOWED;
      }
      if (verdict.kind() == Verdict.Kind.DENY) {
        return new Resolution(null, false);
      }
      if (allowedForRun.contains(verdict.rule())) {
        return new Resolution(Consent.ALLOW_FOR_RUN, true);
      }
      Consent answer;
      try {
        answer = Objects.requireNonNullElse(consent.ask(action, verdict, shot), Consent.DENY);
      } catch (RuntimeException e) {
        answer = Consent.DENY;
      }
      if (answer == Consent.ALLOW_FOR_RUN) {
        allowedForRun.add(verdict.rule());
      }
      return new Resolution(answer, answer != Consent.DENY);
    }

    private ActionResult waitFor(Duration d) {
      long start = System.nanoTime();
      long end = start + d.toNanos();
      try {
        while (System.nanoTime() < end && !control.isStopped()) {
          long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
          Thread.sleep(Math.max(1, Math.min(POLL_MS, left)));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ActionResult.failure("interrupted while waiting", ms(System.nanoTime() - start));
      }
      return ActionResult.success(ms(System.nanoTime() - start));
    }
  }

  private record Resolution(Consent consent, boolean allowed) {
    static final Resolution ALLOWED = new Resolution(null, true);
  }

  /** A captured and read frame, with what capturing and reading it took. */
  private record Look(Instant at, Screenshot shot, Observation observation, FrameFingerprint print,
      long captureMs, long perceiveMs) {}

  private record ProviderCheck(Action action, Verdict verdict, Consent consent, boolean allowed) {}

  /** Ends the run from inside a decision wait. */
  private static final class EndOfRun extends RuntimeException {
    final Outcome.Status status;

    EndOfRun(Outcome.Status status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
