package dev.deskpilot.agent;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;

/**
 * A test desktop that only shows a screen and takes input: the loop must never ask it to run a
 * command or touch a file, so doing so fails the test.
 */
abstract class ScreenOnlyDesktop implements Desktop {
  @Override
  public CommandResult run(Command command) {
    throw new UnsupportedOperationException("a screen-only test desktop runs no commands");
  }

  @Override
  public void launch(Command command) {
    throw new UnsupportedOperationException("a screen-only test desktop runs no commands");
  }

  @Override
  public byte[] readFile(String path) {
    throw new UnsupportedOperationException("a screen-only test desktop has no files");
  }

  @Override
  public void writeFile(String path, byte[] content) {
    throw new UnsupportedOperationException("a screen-only test desktop has no files");
  }

  @Override
  public void close() {}
}
