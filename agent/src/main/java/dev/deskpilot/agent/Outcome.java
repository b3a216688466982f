package dev.deskpilot.agent;

/**
 * How a run ended.
 *
 * @param status the kind of ending
 * @param reason why, in one line (empty for DONE)
 * @param steps steps taken
 */
public record Outcome(Status status, String reason, int steps) {
  public enum Status {
    /** The policy said the task is complete. */
    DONE,
    /** The policy gave up (its last action was FAIL). */
    FAILED,
    /** The step or time limit ran out. */
    LIMIT,
    /** A person or the kill switch stopped it. */
    STOPPED,
    /** The environment or policy broke. */
    ERROR
  }
}
