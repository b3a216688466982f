package dev.deskpilot.vm.qemu;

/**
 * A QEMU virtual machine or its image failed; the {@link Kind} says how. Messages name the file,
 * port or process concerned and, for a guest that never became ready, end with the tail of its
 * serial console.
 */
public final class VmException extends RuntimeException {
  /** What went wrong. */
  public enum Kind {
    /**
     * The image directory is missing, incomplete, a file does not match its manifest, or its guest
     * server speaks another protocol.
     */
    BAD_IMAGE,
    /** A saved state does not belong to the disk or machine it would be restored onto. */
    STATE_MISMATCH,
    /** QEMU (or another tool it needs) is not installed. */
    QEMU_MISSING,
    /** The chosen host port was taken before QEMU could bind it. */
    PORT_IN_USE,
    /** QEMU exited or refused a command. */
    QEMU_FAILED,
    /** The guest server did not answer in time. */
    GUEST_NOT_READY,
    /** Building an image failed, or cannot run here (no root, a missing tool). */
    BUILD_FAILED
  }

  private final Kind kind;

  public VmException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public VmException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
