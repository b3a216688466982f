package dev.deskpilot.tasks;

/**
 * A task could not be judged: a file it needs is not cached, a metric or getter is not implemented,
 * the desktop failed during evaluation, or a metric could not read its input. The task counts as an
 * error (not as a 0), with this one-line message as its reason.
 */
public final class EvaluationException extends RuntimeException {
  /** Why evaluation failed. */
  public enum Kind {
    /** A downloadable file has no local copy ({@code not cached: <url>}). */
    NOT_CACHED,
    /** The task uses a metric or getter Deskpilot does not have yet. */
    NOT_IMPLEMENTED,
    /** The desktop failed while a getter asked it for something. */
    DESKTOP,
    /** A getter failed on this machine (e.g. could not write its copy). */
    GETTER_FAILED,
    /** A metric failed (unreadable file, a value of the wrong kind). */
    METRIC_FAILED
  }

  private final Kind kind;

  public EvaluationException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public EvaluationException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
