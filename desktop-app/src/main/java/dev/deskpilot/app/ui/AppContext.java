package dev.deskpilot.app.ui;

import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.vm.EnvironmentFactory;
import dev.deskpilot.vm.Sandbox;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the app is built from, fixed at launch: where settings and keys live, the process
 * environment, how sandboxes start, and (for tests) a safety gate that replaces the settings' one.
 *
 * @param resultsOverride a results root given on the command line, replacing the settings' one
 */
record AppContext(
    SettingsFile settingsFile,
    KeyFile keyFile,
    Map<String, String> processEnv,
    EnvironmentFactory sandboxes,
    Optional<SafetyGate> gateOverride,
    PathOpener opener,
    Optional<Path> resultsOverride) {

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
        System.getenv(), Sandbox::start, Optional.empty(), PathOpener.XDG_OPEN, results);
  }

  AppContext withGate(SafetyGate gate) {
    return new AppContext(settingsFile, keyFile, processEnv, sandboxes, Optional.of(gate), opener, resultsOverride);
  }

  AppContext withOpener(PathOpener o) {
    return new AppContext(settingsFile, keyFile, processEnv, sandboxes, gateOverride, o, resultsOverride);
  }

  AppContext withSandboxes(EnvironmentFactory f) {
    return new AppContext(settingsFile, keyFile, processEnv, f, gateOverride, opener, resultsOverride);
  }
}
