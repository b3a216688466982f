package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Policy;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.control.Consent;
import dev.deskpilot.agent.control.ConsentHandler;
import dev.deskpilot.agent.control.RunControl;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Screenshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A person's supervision of one run, put around the desktop and the policy the {@link
 * dev.deskpilot.agent.Agent} is given: waits while the run is paused (before each capture and each
 * action), hands steering messages to the next decision, passes every action through the safety
 * gate (asking the person when it says so), and shows each action on the screen for the preview
 * delay before it happens. All of it runs on the agent's thread.
 */
final class RunSupervision {
  private static final Duration POLL = Duration.ofMillis(20);

  private final RunControl control;
  private final SafetyGate gate;
  private final ConsentHandler consent;
  private final RunEvents events;
  private final Duration previewDelay;
  private final Set<String> allowedForRun = ConcurrentHashMap.newKeySet();
  private final List<String> steering = new ArrayList<>();
  private final java.util.function.Consumer<String> stopRun;
  private volatile Observation lastObservation;
  private volatile List<Step> lastHistory = List.of();
  // The current decision's actions and how many have reached the desktop (agent thread only).
  private List<Action> batch = List.of();
  private int reached;
  private String refusedInBatch = "";

  /**
   * @param stopRun ends the run with a reason; used when an action is refused and the same decision
   *     would then declare the task done (a run cannot be done past a refused action)
   */
  RunSupervision(RunControl control, SafetyGate gate, ConsentHandler consent, RunEvents events, Duration previewDelay,
      java.util.function.Consumer<String> stopRun) {
    this.stopRun = stopRun;
    this.control = control;
    this.gate = gate;
    this.consent = consent;
    this.events = events;
    this.previewDelay = previewDelay;
  }

  /** Rules the person allowed for the rest of this run. */
  Set<String> allowedForRun() {
    return Set.copyOf(allowedForRun);
  }

  Desktop desktop(Desktop inner) {
    return new SupervisedDesktop(inner);
  }

  Policy policy(Policy inner) {
    return new SupervisedPolicy(inner);
  }

  /** Blocks while paused; true when the run may go on, false when it was stopped meanwhile. */
  private boolean awaitGo() {
    try {
      control.awaitNotPaused();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !control.isStopped();
  }

  /** Sleeps for the preview delay in small slices; false when stopped or interrupted meanwhile. */
  private boolean preview() {
    long end = System.nanoTime() + previewDelay.toNanos();
    while (System.nanoTime() < end) {
      if (control.isStopped() || Thread.currentThread().isInterrupted()) {
        return false;
      }
      try {
        Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return !control.isStopped();
  }

  /** The gate's verdict, with the person asked when it says ASK. Empty when the action may go. */
  private String refusal(Action action, int index) {
    Observation obs = lastObservation;
    if (obs == null) {
      return "";
    }
    // The decision's earlier actions tell the gate where typed text goes (the click on a field).
    List<Action> earlier = batch.subList(0, Math.min(index, batch.size()));
    Verdict v = gate.check(action, earlier, obs, lastHistory);
    return switch (v.kind()) {
      case ALLOW -> "";
      case DENY -> "blocked by the safety rule " + v.rule() + ": " + v.reason();
      case ASK -> {
        if (allowedForRun.contains(v.rule())) {
          yield "";
        }
        events.status("Waiting for your approval");
        Consent answer = consent.ask(action, v, obs.screenshot());
        if (control.isStopped()) {
          yield "not performed: the run was stopped";
        }
        yield switch (answer) {
          case ALLOW_ONCE -> "";
          case ALLOW_FOR_RUN -> {
            allowedForRun.add(v.rule());
            yield "";
          }
          case DENY -> "denied by the person (" + v.rule() + ": " + v.reason() + ")";
        };
      }
    };
  }

  private final class SupervisedDesktop implements Desktop {
    private final Desktop inner;

    SupervisedDesktop(Desktop inner) {
      this.inner = inner;
    }

    @Override
    public Screenshot capture() {
      awaitGo();
      events.status("Looking at the screen");
      Screenshot shot = inner.capture();
      events.frame(shot);
      return shot;
    }

    @Override
    public ActionResult perform(Action action) {
      int index = reached++;
      if (!awaitGo()) {
        return ActionResult.failure("not performed: the run was stopped", 0);
      }
      if (!refusedInBatch.isEmpty()) {
        return ActionResult.failure("skipped: an earlier action of this step was refused", 0);
      }
      String refused = refusal(action, index);
      if (!refused.isEmpty()) {
        refusedInBatch = refused;
        ActionResult r = ActionResult.failure(refused, 0);
        events.actionDone(action, r);
        if (batch.subList(Math.min(index + 1, batch.size()), batch.size()).stream().anyMatch(Action::isTerminal)) {
          stopRun.accept(refused);
        }
        return r;
      }
      Observation obs = lastObservation;
      if (obs != null && !(action instanceof Action.Wait)) {
        events.pendingAction(action, obs.screenshot());
        if (!preview()) {
          ActionResult r = ActionResult.failure("not performed: the run was stopped", 0);
          events.actionDone(action, r);
          return r;
        }
      }
      events.status("Acting: " + ActionText.describe(action));
      ActionResult r = inner.perform(action);
      events.actionDone(action, r);
      return r;
    }

    @Override
    public CommandResult run(Command command) {
      return inner.run(command);
    }

    @Override
    public void launch(Command command) {
      inner.launch(command);
    }

    @Override
    public byte[] readFile(String path) {
      return inner.readFile(path);
    }

    @Override
    public void writeFile(String path, byte[] content) {
      inner.writeFile(path, content);
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private final class SupervisedPolicy implements Policy {
    private final Policy inner;
    /** The person's messages the loop drained from the RunControl for this decision. */
    private List<String> handedOver = List.of();

    SupervisedPolicy(Policy inner) {
      this.inner = inner;
    }

    @Override
    public Decision decide(dev.deskpilot.agent.PolicyInput input) {
      handedOver = input.personMessages();
      return decide(input.instruction(), input.history(), input.observation());
    }

    @Override
    public Decision decide(String instruction, List<Step> history, Observation observation) {
      lastObservation = observation;
      lastHistory = List.copyOf(history);
      int stepIndex = history.size() + 1;
      List<String> fresh = new java.util.ArrayList<>(handedOver);
      handedOver = List.of();
      fresh.addAll(control.drainMessages());
      for (String m : fresh) {
        steering.add(m);
        events.steered(stepIndex, m);
      }
      String told = instruction;
      if (!steering.isEmpty()) {
        StringBuilder sb = new StringBuilder(instruction);
        for (String m : steering) {
          sb.append("\n\nMessage from the person supervising you: ").append(m);
        }
        told = sb.toString();
      }
      events.status("Deciding (" + inner.name() + ")");
      Decision d = inner.decide(told, history, observation);
      if (!fresh.isEmpty()) {
        d = new Decision("[steered: " + String.join(" | ", fresh) + "] " + d.thought(), d.actions());
      }
      batch = d.actions();
      reached = 0;
      refusedInBatch = "";
      events.decided(stepIndex, d);
      question(d).ifPresent(events::question);
      return d;
    }

    @Override
    public String name() {
      return inner.name();
    }
  }

  /** The model's question to the person, when its decision ends the run by asking one. */
  static java.util.Optional<String> question(Decision d) {
    boolean ends = d.actions().isEmpty() || d.actions().getLast().isTerminal();
    if (!ends) {
      return java.util.Optional.empty();
    }
    if (!d.actions().isEmpty() && d.actions().getLast() instanceof Action.Fail f
        && f.reason().contains("asked for a person's help")) {
      return java.util.Optional.of(d.thought().isBlank() ? f.reason() : d.thought());
    }
    String t = d.thought().strip();
    return t.endsWith("?") ? java.util.Optional.of(t) : java.util.Optional.empty();
  }
}
