package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Screenshot;
import java.nio.file.Path;
import java.util.OptionalDouble;
import javafx.application.Platform;

/**
 * Hands every event of a run to the JavaFX thread with {@link Platform#runLater}: the agent never
 * touches the UI, the UI never waits for the agent.
 */
final class FxRunEvents implements RunEvents {
  private final RunEvents onFx;

  FxRunEvents(RunEvents onFx) {
    this.onFx = onFx;
  }

  @Override
  public void status(String text) {
    Platform.runLater(() -> onFx.status(text));
  }

  @Override
  public void frame(Screenshot screen) {
    Platform.runLater(() -> onFx.frame(screen));
  }

  @Override
  public void decided(int stepIndex, Decision decision) {
    Platform.runLater(() -> onFx.decided(stepIndex, decision));
  }

  @Override
  public void pendingAction(Action action, Screenshot on) {
    Platform.runLater(() -> onFx.pendingAction(action, on));
  }

  @Override
  public void actionDone(Action action, ActionResult result) {
    Platform.runLater(() -> onFx.actionDone(action, result));
  }

  @Override
  public void step(Step step) {
    Platform.runLater(() -> onFx.step(step));
  }

  @Override
  public void steered(int stepIndex, String message) {
    Platform.runLater(() -> onFx.steered(stepIndex, message));
  }

  @Override
  public void usage(Usage total, OptionalDouble costUsd) {
    Platform.runLater(() -> onFx.usage(total, costUsd));
  }

  @Override
  public void stopRequested(String reason) {
    Platform.runLater(() -> onFx.stopRequested(reason));
  }

  @Override
  public void warning(String text) {
    Platform.runLater(() -> onFx.warning(text));
  }

  @Override
  public void paused(String reason, boolean takeover) {
    Platform.runLater(() -> onFx.paused(reason, takeover));
  }

  @Override
  public void resumed() {
    Platform.runLater(onFx::resumed);
  }

  @Override
  public void question(String text) {
    Platform.runLater(() -> onFx.question(text));
  }

  @Override
  public void outcome(Outcome outcome, Path runDir) {
    Platform.runLater(() -> onFx.outcome(outcome, runDir));
  }

  @Override
  public void failedToStart(String why) {
    Platform.runLater(() -> onFx.failedToStart(why));
  }
}
