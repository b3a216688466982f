package dev.deskpilot.agent;

/** A policy could not produce a decision (model API down, unparseable script, ...). */
public final class PolicyException extends RuntimeException {
  public PolicyException(String message) {
    super(message);
  }

  public PolicyException(String message, Throwable cause) {
    super(message, cause);
  }
}
