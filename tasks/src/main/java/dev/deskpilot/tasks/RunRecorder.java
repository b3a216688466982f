package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.StepListener;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.tasks.internal.RunJson;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Records a run's steps into its {@link RunDirectory} as they happen.
 *
 * <p>{@code steps.jsonl} gets each step at once. {@code traj.jsonl} follows OSWorld, whose
 * screenshot for step n shows the screen <em>after</em> its actions: that is the frame step n+1
 * was decided on, so step n's lines and PNG are written when step n+1 arrives, and the last
 * step's when the outcome arrives, with a frame from {@code finalFrame} (a step without a frame is
 * written with {@code "screenshot_file": null} and a note in {@code runtime.log}).
 */
public final class RunRecorder implements StepListener {
  private final RunDirectory dir;
  private final Supplier<Optional<Screenshot>> finalFrame;
  private Step pending;

  /**
   * @param dir where to write
   * @param finalFrame gives the screen after the last step (e.g. {@code () ->
   *     Optional.of(desktop.capture())}); called once, when the outcome arrives
   */
  public RunRecorder(RunDirectory dir, Supplier<Optional<Screenshot>> finalFrame) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.finalFrame = Objects.requireNonNull(finalFrame, "finalFrame");
  }

  @Override
  public synchronized void onStep(Step step) {
    dir.appendStep(step);
    if (pending != null) {
      writeTraj(pending, step.screenshot());
    }
    pending = step;
  }

  @Override
  public synchronized void onOutcome(Outcome outcome) {
    flush();
    dir.log("outcome " + outcome.status() + " after " + outcome.steps() + " steps"
        + (outcome.reason().isEmpty() ? "" : ": " + outcome.reason()));
  }

  /** Writes the last step's trajectory lines now, if still pending (also done by onOutcome). */
  public synchronized void flush() {
    if (pending == null) {
      return;
    }
    Screenshot frame = null;
    try {
      frame = finalFrame.get().orElse(null);
    } catch (RuntimeException e) {
      dir.log("no frame after step " + pending.index() + ": " + e.getMessage());
    }
    writeTraj(pending, frame);
    pending = null;
  }

  private void writeTraj(Step step, Screenshot after) {
    List<Action> actions = step.decision() == null ? List.of() : step.decision().actions();
    List<ActionResult> results = step.results();
    if (actions.isEmpty()) {
      return;
    }
    Instant at = step.startedAt() == null ? Instant.now() : step.startedAt();
    if (step.timings() != null) {
      at = at.plusMillis(step.timings().captureMs() + step.timings().perceiveMs() + step.timings().decideMs());
    }
    String png = null;
    if (after != null) {
      png = dir.saveScreenshot(step.index(), dir.actionTimestamp(at), after.image());
    } else {
      dir.log("step " + step.index() + ": no screen after it; traj.jsonl has screenshot_file null");
    }
    for (int i = 0; i < actions.size(); i++) {
      Action a = actions.get(i);
      boolean performed = i < results.size();
      if (!performed && !a.isTerminal()) {
        continue;
      }
      ObjectNode info = JsonNodeFactory.instance.objectNode();
      if (a instanceof Action.Done) {
        info.put("done", true);
      } else if (a instanceof Action.Fail f) {
        info.put("fail", true);
        if (!f.reason().isEmpty()) {
          info.put("reason", f.reason());
        }
      }
      if (performed && !results.get(i).ok()) {
        info.put("error", results.get(i).error());
      }
      dir.appendTraj(new TrajEntry(step.index(), dir.actionTimestamp(at), RunJson.action(a),
          step.decision().thought(), 0, a.isTerminal(), info, png));
      if (performed) {
        at = at.plusMillis(results.get(i).millis());
      }
    }
  }
}
