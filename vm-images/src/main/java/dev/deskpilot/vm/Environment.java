package dev.deskpilot.vm;

import dev.deskpilot.actuators.Desktop;
import java.nio.file.Path;
import java.util.Map;

/**
 * A place where tasks run (a sandbox, a VM, this machine's screen), owning the {@link Desktop} that
 * drives it. Closing it ends everything it started.
 */
public interface Environment extends AutoCloseable {
  /** The desktop of this environment; valid until {@link #close()}. */
  Desktop desktop();

  /** One line for logs and reports, e.g. {@code "sandbox sb-1a2b3c4d5e on :3 (1920x1080, openbox)"}. */
  String description();

  /**
   * The environment's own log files worth keeping with a task's results (e.g. a VM's serial
   * console), by the file name to keep each under. They are valid until {@link #close()}, so a
   * caller copies them before closing. None by default.
   */
  default Map<String, Path> logFiles() {
    return Map.of();
  }

  /** Ends the environment and everything started in it; safe to call twice. */
  @Override
  void close();
}
