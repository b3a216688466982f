package dev.deskpilot.vm;

import dev.deskpilot.actuators.Desktop;

/**
 * A place where tasks run (a sandbox, a VM, this machine's screen), owning the {@link Desktop} that
 * drives it. Closing it ends everything it started.
 */
public interface Environment extends AutoCloseable {
  /** The desktop of this environment; valid until {@link #close()}. */
  Desktop desktop();

  /** One line for logs and reports, e.g. {@code "sandbox sb-1a2b3c4d5e on :3 (1920x1080, openbox)"}. */
  String description();

  /** Ends the environment and everything started in it; safe to call twice. */
  @Override
  void close();
}
