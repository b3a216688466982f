package dev.deskpilot.tasks.internal;

import dev.deskpilot.actuators.DesktopException;

/** Shared failure handling of setup steps. */
final class SetupFailures {
  private SetupFailures() {}

  /** A desktop that cannot be reached stops the setup; other refusals are the step's to judge. */
  static void rethrowIfUnreachable(DesktopException e) {
    switch (e.kind()) {
      case UNREACHABLE, UNAUTHORIZED, BAD_REPLY -> throw e;
      case NO_SUCH_FILE, FAILED -> {}
    }
  }

  static String firstLine(String s) {
    String t = s.strip();
    int nl = t.indexOf('\n');
    String line = nl < 0 ? t : t.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
