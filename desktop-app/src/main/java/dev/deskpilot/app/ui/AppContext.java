package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.actuators.ScreenLayout;
import dev.deskpilot.actuators.Supervisor;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.vm.EnvironmentFactory;
import dev.deskpilot.vm.Sandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the app is built from, fixed at launch: where settings and keys live, the process
 * environment, how sandboxes start, and (for tests) a safety gate that replaces the settings' one.
 *
 * @param resultsOverride a results root given on the command line, replacing the settings' one
 * @param inputHook puts the person's hand on each run (the global kill switch, takeover detection)
 */
record AppContext(
    SettingsFile settingsFile,
    KeyFile keyFile,
    Map<String, String> processEnv,
    EnvironmentFactory sandboxes,
    Optional<SafetyGate> gateOverride,
    PathOpener opener,
    Optional<Path> resultsOverride,
    InputHook inputHook) {

  /**
   * Attaches the person's brake for one run: the global kill-switch hotkey and, on this desktop,
   * takeover detection and the failsafe corners. The caller closes what it returns.
   */
  @FunctionalInterface
  interface InputHook {
    /**
     * @param killSwitch the kill-switch chord (e.g. {@code ctrl+shift+escape})
     * @param thisDesktop whether the run drives the display the hook watches (then the failsafe
     *     corners of its monitors stop the run too)
     * @throws DesktopException of kind UNREACHABLE when no global hook can watch this display
     */
    Supervisor attach(String killSwitch, boolean thisDesktop);

    /** jnativehook on this JVM's display (actuators' {@link Supervisor#attach}). */
    InputHook GLOBAL = (killSwitch, thisDesktop) -> {
      List<java.awt.Rectangle> monitors;
      try {
        monitors = thisDesktop ? ScreenLayout.current().bounds() : List.of();
      } catch (RuntimeException | java.awt.AWTError e) {
        throw new DesktopException(DesktopException.Kind.UNREACHABLE, "no screen to watch: " + e.getMessage(), e);
      }
      return Supervisor.attach(Supervisor.Config.defaults(monitors).withKillHotkey(killSwitch));
    };
  }

  /** Opens a file or folder for the person (their file manager or browser). */
  @FunctionalInterface
  interface PathOpener {
    void open(Path path) throws IOException;

    /** {@code xdg-open PATH}, failing with a clear message when it is not installed. */
    PathOpener XDG_OPEN = path -> {
      try {
        new ProcessBuilder("xdg-open", path.toAbsolutePath().toString())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
      } catch (IOException e) {
        throw new IOException("cannot open " + path + ": xdg-open is not available (" + e.getMessage() + ")", e);
      }
    };
  }

  /** The real thing: files under {@code ~/.config/deskpilot}, this process's environment. */
  static AppContext standard(Optional<Path> configDir, Optional<Path> results) {
    Path dir = configDir.orElseGet(SettingsFile::defaultDir);
    return new AppContext(new SettingsFile(dir.resolve("settings.json")), new KeyFile(dir.resolve("keys.properties")),
        System.getenv(), Sandbox::start, Optional.empty(), PathOpener.XDG_OPEN, results, InputHook.GLOBAL);
  }

  AppContext withGate(SafetyGate gate) {
    return new AppContext(settingsFile, keyFile, processEnv, sandboxes, Optional.of(gate), opener, resultsOverride, inputHook);
  }

  AppContext withOpener(PathOpener o) {
    return new AppContext(settingsFile, keyFile, processEnv, sandboxes, gateOverride, o, resultsOverride, inputHook);
  }

  AppContext withInputHook(InputHook h) {
    return new AppContext(settingsFile, keyFile, processEnv, sandboxes, gateOverride, opener, resultsOverride, h);
  }

  AppContext withSandboxes(EnvironmentFactory f) {
    return new AppContext(settingsFile, keyFile, processEnv, f, gateOverride, opener, resultsOverride, inputHook);
  }
}
