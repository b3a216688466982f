package dev.deskpilot.actuators;

/**
 * Carries out {@link Action}s on one screen. A failed action (a point off the screen, text the
 * executor cannot type) is returned as a failed {@link ActionResult}, never thrown, so a policy can
 * see it and recover.
 */
public interface ActionExecutor {
  /** Performs the action and returns once its input has settled. */
  ActionResult perform(Action action);
}
