package dev.deskpilot.vm;

/** Starts fresh environments, one per task (e.g. {@code () -> Sandbox.start(options)}). */
@FunctionalInterface
public interface EnvironmentFactory {
  /**
   * Starts an environment and returns it ready to use.
   *
   * @throws dev.deskpilot.actuators.DesktopException when it cannot be started
   */
  Environment start();
}
