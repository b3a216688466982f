package dev.deskpilot.agent.provider;

/**
 * Asks a person whether an action flagged by a provider's safety check may go ahead. Called on the
 * agent's thread, once per check, before the flagged action is returned to the loop.
 */
@FunctionalInterface
public interface SafetyCheckHandler {
  /** Approves nothing: every flagged action ends the run with a Fail naming the check. */
  SafetyCheckHandler DENY_ALL = check -> false;

  /**
   * @return true to acknowledge the check (it is echoed to the provider and the action runs), false
   *     to end the run with a Fail decision giving the check's message
   */
  boolean approve(SafetyCheck check);
}
