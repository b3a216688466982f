package dev.deskpilot.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.budget.Budget;
import dev.deskpilot.agent.control.ActionVerdict;
import dev.deskpilot.agent.control.Consent;
import dev.deskpilot.agent.control.RuleSafetyGate;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.replay.StepJson;
import dev.deskpilot.perception.OcrEngine;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.ScreenReader;
import dev.deskpilot.perception.TextLine;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop against a fake desktop and scripted policies. */
class AgentTest {
  private static final Action A = Action.Click.left(new Point(10, 10));
  private static final Action B = Action.Click.left(new Point(20, 20));
  private static final Action CHANGE = Action.Click.left(new Point(0, 0));

  private final FakeDesktop desktop = new FakeDesktop();
  private final ScreenReader reader = new ScreenReader(new OcrEngine() {
    @Override
    public List<TextLine> read(BufferedImage image) {
      return List.of();
    }

    @Override
    public void close() {}
  });
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  private Agent.Builder agent(Policy policy) {
    return Agent.builder(desktop, reader, policy).listener(new Recorder());
  }

  /** Records every event as a short line. */
  private class Recorder implements StepListener {
    final List<Step> steps = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onStep(Step step) {
      events.add("step " + step.index());
    }

    @Override
    public void onOutcome(Outcome outcome) {
      events.add("outcome " + outcome.status());
    }

    @Override
    public void onScreenshot(int step, dev.deskpilot.perception.Screenshot s) {
      events.add("screenshot " + step);
    }

    @Override
    public void onMessage(int step, String message) {
      events.add("message " + step + " " + message);
    }

    @Override
    public void onUsage(int step, Usage usage, double stepCost, double totalCost) {
      events.add("usage " + step);
    }

    @Override
    public void onThought(int step, String thought) {
      events.add("thought " + step + " " + thought);
    }

    @Override
    public void onQuestion(int step, String question) {
      events.add("question " + step + " " + question);
    }

    @Override
    public void onVerdict(int step, Action action, ActionVerdict verdict) {
      events.add("verdict " + step + " " + verdict.verdict().kind() + (verdict.allowed() ? " allowed" : " refused"));
    }

    @Override
    public void onAction(int step, Action action, ActionResult result) {
      events.add("action " + step + " " + (result.ok() ? "ok" : "failed"));
    }

    @Override
    public void onPause(String reason) {
      events.add("pause " + reason);
    }

    @Override
    public void onResume() {
      events.add("resume");
    }
  }

  /** Collects the steps a run records. */
  private static final class Steps implements StepListener {
    final List<Step> all = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onStep(Step step) {
      all.add(step);
    }
  }

  @Test
  void everyEventIsStreamedInOrder() {
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("click it", A), in -> Decision.of("done", new Action.Done()));
    Outcome o = agent(policy).build().run("task");
    assertThat(o.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(events).containsExactly(
        "screenshot 1", "usage 1", "thought 1 click it", "verdict 1 ALLOW allowed", "action 1 ok", "step 1",
        "screenshot 2", "usage 2", "thought 2 done", "action 2 ok", "step 2", "outcome DONE");
  }

  @Test
  void pauseHoldsTheNextActionUntilResume() {
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("two clicks", A, B), in -> Decision.of("", new Action.Done()));
    Agent agent = agent(policy).build();
    agent.control().pause("let me look");
    CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> agent.run("task"));
    await().until(() -> events.contains("pause let me look"));
    assertThat(desktop.captures()).isZero();
    agent.control().resume();
    // pause again between the two clicks of the first step
    await().until(() -> events.contains("action 1 ok"));
    assertThat(run.join().status()).isEqualTo(Outcome.Status.DONE);
    assertThat(desktop.performed()).containsExactly(A, B);
  }

  @Test
  void pauseBetweenActionsThenStopPerformsNothingMore() {
    Agent[] self = new Agent[1];
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("two clicks", A, B));
    Agent agent = Agent.builder(desktop, reader, policy).listener(new Recorder() {
      @Override
      public void onAction(int step, Action action, ActionResult result) {
        super.onAction(step, action, result);
        self[0].control().pause("hold on");
      }
    }).build();
    self[0] = agent;
    CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> agent.run("task"));
    await().until(() -> events.contains("pause hold on"));
    assertThat(desktop.performed()).containsExactly(A);
    agent.stop("the person pressed stop");
    Outcome o = run.join();
    assertThat(o.status()).isEqualTo(Outcome.Status.STOPPED);
    assertThat(o.reason()).isEqualTo("stopped: the person pressed stop");
    assertThat(desktop.performed()).containsExactly(A);
    assertThat(events).contains("step 1").doesNotContain("screenshot 2");
  }

  @Test
  void stopAbandonsADecisionInFlight() {
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    ScriptedPolicy policy = new ScriptedPolicy(in -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
        Thread.currentThread().interrupt();
      }
      throw new PolicyException("interrupted");
    });
    Agent agent = agent(policy).build();
    CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> agent.run("task"));
    await().until(() -> policy.inputs().size() == 1);
    agent.stop("enough");
    assertThat(run.join().status()).isEqualTo(Outcome.Status.STOPPED);
    await().untilTrue(interrupted);
    assertThat(desktop.performed()).isEmpty();
  }

  @Test
  void aDecisionOverTheStepTimeLimitEndsTheRun() {
    CountDownLatch never = new CountDownLatch(1);
    ScriptedPolicy policy = new ScriptedPolicy(in -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new PolicyException("interrupted");
    });
    Outcome o = agent(policy).limits(new Agent.Limits(5, Duration.ofMinutes(1)).withStepTimeout(Duration.ofMillis(100)))
        .build().run("task");
    assertThat(o.status()).isEqualTo(Outcome.Status.LIMIT);
    assertThat(o.reason()).isEqualTo("step 1: the policy took longer than 0.1 s to decide");
  }

  @Test
  void steeringMessagesReachTheNextDecisionOnce() {
    Agent[] self = new Agent[1];
    ScriptedPolicy policy = new ScriptedPolicy(
        in -> {
          self[0].control().steer("use the File menu instead");
          return Decision.of("", A);
        },
        in -> Decision.of("", B),
        in -> Decision.of("", new Action.Done()));
    Steps steps = new Steps();
    Agent agent = Agent.builder(desktop, reader, policy).listener(steps).build();
    self[0] = agent;
    agent.control().steer("be quick");
    agent.run("task");
    assertThat(policy.inputs()).extracting(PolicyInput::personMessages)
        .containsExactly(List.of("be quick"), List.of("use the File menu instead"), List.of());
    assertThat(steps.all.get(1).personMessages()).containsExactly("use the File menu instead");
  }

  @Test
  void aQuestionGoesToThePersonAndTheAnswerToTheNextDecision() {
    ScriptedPolicy policy = new ScriptedPolicy(
        in -> Decision.ask("which file?", "Which file should I open?"),
        in -> Decision.of("", new Action.Done()));
    List<String> asked = new ArrayList<>();
    Outcome o = agent(policy).person((q, screen) -> {
      asked.add(q);
      return Optional.of("report.txt");
    }).build().run("task");
    assertThat(o.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(asked).containsExactly("Which file should I open?");
    assertThat(policy.inputs().get(1).personMessages())
        .containsExactly("(answer to your question \"Which file should I open?\") report.txt");
    assertThat(events).contains("question 1 Which file should I open?");
  }

  @Test
  void aQuestionNobodyAnswersFailsTheRun() {
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.ask("", "Should I pay?"));
    Outcome o = agent(policy).build().run("task");
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.reason()).isEqualTo("the policy needs a person: Should I pay?");
  }

  @Test
  void endlessWaitsAreCapped() {
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("still loading", new Action.Wait(Duration.ZERO)));
    Outcome o = agent(policy).limits(new Agent.Limits(50, Duration.ofMinutes(1)).withMaxConsecutiveWaits(4)).build().run("t");
    assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(o.reason()).isEqualTo("the policy only waited for 4 steps in a row (limit 4)");
    assertThat(o.steps()).isEqualTo(4);
  }

  @Test
  void anActionBetweenWaitsResetsTheCount() {
    AtomicInteger n = new AtomicInteger();
    ScriptedPolicy policy = new ScriptedPolicy(in -> n.incrementAndGet() % 3 == 0
        ? Decision.of("", A) : Decision.of("", new Action.Wait(Duration.ZERO)));
    Outcome o = agent(policy).limits(new Agent.Limits(12, Duration.ofMinutes(1)).withMaxConsecutiveWaits(3)).build().run("t");
    assertThat(o.status()).isEqualTo(Outcome.Status.LIMIT);
  }

  @Test
  void theCostLimitStopsTheRunCleanly() {
    // 100k input + 2k output tokens of Sonnet 4.5 per decision: $0.30 + $0.03 = $0.33
    ScriptedPolicy policy = new ScriptedPolicy(ModelSpec.parse("anthropic:claude-sonnet-4-5"),
        new Usage(100_000, 2_000, 0, 0, 1), in -> Decision.of("", A));
    Steps steps = new Steps();
    Outcome o = Agent.builder(desktop, reader, policy).listener(steps).budget(Budget.maxCost(0.5)).build().run("t");
    assertThat(o.status()).isEqualTo(Outcome.Status.LIMIT);
    assertThat(o.reason()).isEqualTo("spent $0.6600, reaching the cost limit of $0.50");
    assertThat(o.steps()).isEqualTo(2);
    assertThat(steps.all).extracting(Step::costUsd).hasSize(2)
        .allSatisfy(c -> assertThat(c).isCloseTo(0.33, org.assertj.core.api.Assertions.within(1e-9)));
    assertThat(steps.all.getFirst().usage().inputTokens()).isEqualTo(100_000);
    assertThat(desktop.performed()).containsExactly(A, A);
  }

  @Test
  void aCostLimitNeedsAPrice() {
    ScriptedPolicy policy = new ScriptedPolicy(ModelSpec.parse("openai-compat:http://localhost:8000/v1#ui-tars"),
        Usage.ZERO, in -> Decision.of("", A));
    assertThatThrownBy(() -> agent(policy).budget(Budget.maxCost(1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no price known for openai-compat:http://localhost:8000/v1#ui-tars");
  }

  @Test
  void anAskIsPerformedWhenThePersonAllows() {
    Action sudo = new Action.TypeText("sudo apt install vim\n");
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("", sudo), in -> Decision.of("", new Action.Done()));
    List<Verdict> asked = new ArrayList<>();
    Steps steps = new Steps();
    Outcome o = Agent.builder(desktop, reader, policy).listener(steps).gate(RuleSafetyGate.defaults())
        .consent((action, verdict, screen) -> {
          asked.add(verdict);
          return Consent.ALLOW_ONCE;
        }).build().run("t");
    assertThat(o.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(asked).extracting(Verdict::rule).containsExactly("privilege-escalation");
    assertThat(desktop.performed()).containsExactly(sudo);
    assertThat(steps.all.getFirst().verdicts()).containsExactly(
        new ActionVerdict(0, asked.getFirst(), Consent.ALLOW_ONCE, true));
  }

  @Test
  void anAskThePersonDeniesIsNotPerformedAndThePolicySeesWhy() {
    Action sudo = new Action.TypeText("sudo apt install vim\n");
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("", sudo, A), in -> Decision.of("", new Action.Done()));
    Steps steps = new Steps();
    agent(policy).listener(steps).gate(RuleSafetyGate.defaults()).build().run("t"); // headless: DENY_ALL
    assertThat(desktop.performed()).isEmpty();
    Step first = steps.all.getFirst();
    assertThat(first.results()).hasSize(1);
    assertThat(first.results().getFirst().ok()).isFalse();
    assertThat(first.results().getFirst().error())
        .startsWith("not allowed by the person (privilege-escalation): typing a command that runs as root");
    assertThat(first.verdicts().getFirst().consent()).isEqualTo(Consent.DENY);
    assertThat(policy.inputs().get(1).history().getLast().results()).isEqualTo(first.results());
  }

  @Test
  void allowForRunIsAskedOnce() {
    Action sudo = new Action.TypeText("sudo ls\n");
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("", sudo), in -> Decision.of("", sudo),
        in -> Decision.of("", new Action.Done()));
    AtomicInteger asked = new AtomicInteger();
    Steps steps = new Steps();
    Agent.builder(desktop, reader, policy).listener(steps).gate(RuleSafetyGate.defaults())
        .consent((a, v, s) -> {
          asked.incrementAndGet();
          return Consent.ALLOW_FOR_RUN;
        }).build().run("t");
    assertThat(asked).hasValue(1);
    assertThat(desktop.performed()).containsExactly(sudo, sudo);
    assertThat(steps.all.get(1).verdicts().getFirst().consent()).isEqualTo(Consent.ALLOW_FOR_RUN);
  }

  @Test
  void aDenyIsRecordedInTheStepAndItsJson() {
    Action wipe = new Action.TypeText("rm -rf ~\n");
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("clean up", wipe), in -> Decision.of("", new Action.Done()));
    AtomicInteger asked = new AtomicInteger();
    Steps steps = new Steps();
    Agent.builder(desktop, reader, policy).listener(steps).gate(RuleSafetyGate.defaults())
        .consent((a, v, s) -> {
          asked.incrementAndGet();
          return Consent.ALLOW_ONCE;
        }).build().run("t");
    assertThat(asked).hasValue(0);
    assertThat(desktop.performed()).isEmpty();
    ActionVerdict v = steps.all.getFirst().verdicts().getFirst();
    assertThat(v.verdict().kind()).isEqualTo(Verdict.Kind.DENY);
    assertThat(v.allowed()).isFalse();
    String json = StepJson.write(steps.all.getFirst()).toString();
    assertThat(json).contains("\"verdicts\":[{\"action\":0,\"kind\":\"DENY\",\"rule\":\"destructive-shell\"");
    assertThat(json).contains("refused by the safety gate (destructive-shell)");
  }

  @Test
  void aProviderSafetyCheckGoesToTheSameConsentAndIntoTheStep() {
    ScriptedPolicy policy = new ScriptedPolicy(in -> {
      boolean ok = in.approval().orElseThrow().approve(B,
          Verdict.ask("provider-check:malicious_instructions", "The page may be hostile."));
      return ok ? Decision.of("", A, B) : Decision.of("", new Action.Fail("not approved"));
    }, in -> Decision.of("", new Action.Done()));
    List<String> asked = new ArrayList<>();
    Steps steps = new Steps();
    Agent.builder(desktop, reader, policy).listener(steps).consent((a, v, s) -> {
      asked.add(v.rule() + " " + a);
      return Consent.ALLOW_ONCE;
    }).build().run("t");
    assertThat(asked).containsExactly("provider-check:malicious_instructions " + B);
    List<ActionVerdict> verdicts = steps.all.getFirst().verdicts();
    assertThat(verdicts.getFirst()).isEqualTo(new ActionVerdict(1,
        Verdict.ask("provider-check:malicious_instructions", "The page may be hostile."), Consent.ALLOW_ONCE, true));
    assertThat(desktop.performed()).containsExactly(A, B);
  }

  @Test
  void thePolicyIsToldWhenTheScreenDidNotChange() {
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("", A), in -> Decision.of("", CHANGE),
        in -> Decision.of("", new Action.Done()));
    agent(policy).build().run("t");
    assertThat(policy.inputs()).extracting(PolicyInput::screenChanged).containsExactly(true, false, true);
  }

  @Test
  void theStepKeepsItsObservationAndTimings() {
    Steps steps = new Steps();
    agent(new ScriptedPolicy(in -> Decision.of("", new Action.Done()))).listener(steps).build().run("t");
    Step s = steps.all.getFirst();
    assertThat(s.observation()).isNotNull();
    assertThat(s.observation().screenshot()).isSameAs(s.screenshot());
    assertThat(s.usage()).isEqualTo(Usage.ZERO);
  }
}
