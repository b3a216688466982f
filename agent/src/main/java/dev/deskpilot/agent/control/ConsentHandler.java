package dev.deskpilot.agent.control;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.perception.Screenshot;

/**
 * Asks a person whether a gated action may happen. Called on the agent's thread and may block
 * until the person answers (the app shows a dialog; headless runs answer from a policy file).
 */
@FunctionalInterface
public interface ConsentHandler {
  Consent ask(Action action, Verdict verdict, Screenshot screen);

  /** Headless default: what would ask is denied. */
  ConsentHandler DENY_ALL = (action, verdict, screen) -> Consent.DENY;
}
