package dev.deskpilot.actuators;

/** A desktop (local, sandbox, VM) failed to do what was asked; the kind says how. */
public final class DesktopException extends RuntimeException {
  public enum Kind {
    /** Not reachable (connection refused, timed out, process gone). */
    UNREACHABLE,
    /** The desktop refused our credentials. */
    UNAUTHORIZED,
    /** The reply was not what the protocol promises. */
    BAD_REPLY,
    /** A file asked for does not exist. */
    NO_SUCH_FILE,
    /** Anything else the desktop reported. */
    FAILED
  }

  private final Kind kind;

  public DesktopException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public DesktopException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
