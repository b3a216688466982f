package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Screenshot;
import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * What a {@link RunSession} reports, called on the agent's (or the live feed's) thread, never on
 * the JavaFX thread; {@link FxRunEvents} hands each call to the JavaFX thread.
 */
interface RunEvents {
  /** One line about what is going on ("Starting the sandbox", "Reading the screen"). */
  void status(String text);

  /** A new picture of the target's screen. */
  void frame(Screenshot screen);

  /** The policy decided step {@code stepIndex}: its thought and actions, before any happens. */
  void decided(int stepIndex, dev.deskpilot.agent.Decision decision);

  /** The next action, shown before it happens (for the preview delay). */
  void pendingAction(Action action, Screenshot on);

  /** The action was carried out (or failed, or was denied). */
  void actionDone(Action action, ActionResult result);

  /** A step finished: screenshot, thought, actions and their results. */
  void step(Step step);

  /** A steering message was handed to the policy for step {@code stepIndex}. */
  void steered(int stepIndex, String message);

  /** Tokens so far and their cost when the model is priced. */
  void usage(Usage total, OptionalDouble costUsd);

  /** The person stopped the run with the global kill switch (called on the hook's thread). */
  void stopRequested(String reason);

  /** Something the person should know that does not end the run (e.g. no global kill switch). */
  void warning(String text);

  void paused(String reason, boolean takeover);

  void resumed();

  /** The model asked the person something. */
  void question(String text);

  /** The run ended; {@code runDir} is where it was recorded. */
  void outcome(Outcome outcome, Path runDir);

  /** The run could not start (no sandbox, bad script, missing key). */
  void failedToStart(String why);
}
