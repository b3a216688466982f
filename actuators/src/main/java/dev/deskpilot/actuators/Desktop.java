package dev.deskpilot.actuators;

import dev.deskpilot.perception.Screenshot;

/**
 * The port every environment implements: the local screen, a sandbox's or VM's in-guest server,
 * an OSWorld VM. Failures of the world (guest gone, refused, garbled reply) are {@link
 * DesktopException}s; a failed action is an {@link ActionResult}.
 */
public interface Desktop extends AutoCloseable {
  /** The whole screen now. */
  Screenshot capture();

  /** Performs one action and waits until input has settled. */
  ActionResult perform(Action action);

  /** Runs a command to completion (or its timeout) inside the desktop's session. */
  CommandResult run(Command command);

  /** Starts a command in the background inside the desktop's session and returns at once. */
  void launch(Command command);

  /**
   * Reads a file of the desktop.
   *
   * @throws DesktopException of kind {@link DesktopException.Kind#NO_SUCH_FILE} when it is not there
   */
  byte[] readFile(String path);

  /** Writes a file of the desktop, creating parent directories. */
  void writeFile(String path, byte[] content);

  @Override
  void close();
}
