package dev.deskpilot.app.ui;

import dev.deskpilot.agent.control.SafetyGate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** Builds app contexts for tests and runs code on the JavaFX thread. */
final class AppFixture {
  /** Where the screens of the app are saved for people to look at. */
  static final Path SCREENS = Path.of("target", "screens");

  final Path config;
  final Path results;
  final List<Path> opened = new ArrayList<>();

  AppFixture(Path base) throws IOException {
    this.config = Files.createDirectories(base.resolve("config"));
    this.results = Files.createDirectories(base.resolve("results"));
  }

  AppContext context(dev.deskpilot.vm.EnvironmentFactory sandboxes, Map<String, String> env) {
    return new AppContext(new SettingsFile(config.resolve("settings.json")), new KeyFile(config.resolve("keys.properties")),
        env, sandboxes, Optional.empty(), opened::add, Optional.of(results),
        // Headless tests have no display to hook: runs get a brake that only the app's buttons work.
        (killSwitch, thisDesktop) -> dev.deskpilot.actuators.Supervisor.unattended());
  }

  AppContext context(dev.deskpilot.vm.EnvironmentFactory sandboxes, Map<String, String> env, SafetyGate gate) {
    return context(sandboxes, env).withGate(gate);
  }

  /** Writes settings with a short preview delay (tests should not wait long for previews). */
  void settings(AppSettings s) throws IOException {
    new SettingsFile(config.resolve("settings.json")).save(s);
  }

  static <T> T onFx(Callable<T> c) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(() -> {
      try {
        f.complete(c.call());
      } catch (Throwable t) {
        f.completeExceptionally(t);
      }
    });
    try {
      return f.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("JavaFX task failed: " + e, e);
    }
  }

  static void onFx(Runnable r) {
    onFx(() -> {
      r.run();
      return null;
    });
  }
}
