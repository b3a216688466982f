package dev.deskpilot.agent.control;

/** A person's answer to an "ask" verdict or a provider's safety check. */
public enum Consent {
  ALLOW_ONCE,
  /** Allow this rule for the rest of the run. */
  ALLOW_FOR_RUN,
  DENY
}
