package dev.deskpilot.app;

import java.nio.file.Path;

/** Where the Deskpilot checkout is: {@code -Ddeskpilot.home} (set by the launcher), else the working directory. */
final class Home {
  private Home() {}

  static Path dir() {
    String home = System.getProperty("deskpilot.home");
    return Path.of(home == null || home.isBlank() ? "." : home);
  }
}
