package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Screenshot;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.OptionalDouble;
import javafx.application.Platform;

/**
 * A run's events as lines on a stream ({@code deskpilot app --events}), for scripts, tests and the
 * benchmark, then handed on unchanged. Each line is {@code deskpilot-app event <nanos> <name>
 * <detail>}, where nanos is {@link System#nanoTime()} when the event happened (the same clock in
 * every process of this machine), printed on the thread that saw the event; a {@code banner} line
 * follows each pause and resume once the window shows it.
 */
final class RunEventLog implements RunEvents {
  /** The prefix of every line. */
  static final String PREFIX = "deskpilot-app event ";

  private final RunEvents next;
  private final PrintStream out;
  private final DeskpilotWindow window;

  RunEventLog(RunEvents next, PrintStream out, DeskpilotWindow window) {
    this.next = next;
    this.out = out;
    this.window = window;
  }

  private void line(String name, String detail) {
    String clean = detail.replaceAll("[\\r\\n]+", " ");
    synchronized (out) {
      out.println(PREFIX + System.nanoTime() + " " + name + (clean.isEmpty() ? "" : " " + clean));
      out.flush();
    }
  }

  /** After the JavaFX thread has applied what came before: what the person sees of the pause. */
  private void bannerLater() {
    Platform.runLater(() -> {
      RunView v = window.runView;
      CompactBar bar = window.compactBar();
      String button = "";
      if (bar.isShowing()) {
        javafx.geometry.Bounds b = bar.pause.localToScreen(bar.pause.getBoundsInLocal());
        button = " button-at=" + (int) b.getCenterX() + "," + (int) b.getCenterY();
      }
      line("banner", "visible=" + v.pauseBanner.isVisible() + " title=" + v.pauseTitle.getText()
          + " | bar=" + (bar.isShowing() ? bar.state.getText() + " [" + bar.pause.getText() + "]" + button : "hidden"));
    });
  }

  @Override
  public void status(String text) {
    line("status", text);
    next.status(text);
  }

  @Override
  public void frame(Screenshot screen) {
    next.frame(screen);
  }

  @Override
  public void decided(int stepIndex, Decision decision) {
    line("decided", stepIndex + " " + decision.actions().stream().map(ActionText::describe).toList());
    next.decided(stepIndex, decision);
  }

  @Override
  public void pendingAction(Action action, Screenshot on) {
    next.pendingAction(action, on);
  }

  @Override
  public void actionDone(Action action, ActionResult result) {
    line("action", (result.ok() ? "ok " : "failed ") + ActionText.describe(action) + (result.ok() ? "" : ": " + result.error()));
    next.actionDone(action, result);
  }

  @Override
  public void step(Step step) {
    line("step", String.valueOf(step.index()));
    next.step(step);
  }

  @Override
  public void steered(int stepIndex, String message) {
    next.steered(stepIndex, message);
  }

  @Override
  public void usage(Usage total, OptionalDouble costUsd) {
    next.usage(total, costUsd);
  }

  @Override
  public void stopRequested(String reason) {
    line("stop-requested", reason);
    next.stopRequested(reason);
  }

  @Override
  public void warning(String text) {
    line("warning", text);
    next.warning(text);
  }

  @Override
  public void paused(String reason, boolean takeover) {
    line("paused", (takeover ? "takeover " : "by-app ") + reason);
    next.paused(reason, takeover);
    bannerLater();
  }

  @Override
  public void resumed() {
    line("resumed", "");
    next.resumed();
    bannerLater();
  }

  @Override
  public void question(String text) {
    next.question(text);
  }

  @Override
  public void outcome(Outcome outcome, Path runDir) {
    line("outcome", outcome.status() + " " + runDir.toAbsolutePath() + " " + outcome.reason());
    next.outcome(outcome, runDir);
  }

  @Override
  public void failedToStart(String why) {
    line("failed-to-start", why);
    next.failedToStart(why);
  }
}
