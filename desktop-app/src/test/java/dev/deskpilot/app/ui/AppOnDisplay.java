package dev.deskpilot.app.ui;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A test's own X display (Xvfb on the number it picked, openbox) and the real app started on it in
 * a JVM of its own ({@link AppLauncher} with {@code --events}), so that its global input hook,
 * java.awt.Robot and JavaFX all use that display. Input from "the person" is sent with xdotool
 * (XTEST), which the app's hook sees through XRecord. Every process is ended by pid on close.
 */
final class AppOnDisplay implements AutoCloseable {
  /** One line of the app's event log. */
  record Event(long nanos, String name, String detail) {
    static Optional<Event> parse(String line) {
      if (!line.startsWith(RunEventLog.PREFIX)) {
        return Optional.empty();
      }
      String[] p = line.substring(RunEventLog.PREFIX.length()).split(" ", 3);
      return Optional.of(new Event(Long.parseLong(p[0]), p[1], p.length > 2 ? p[2] : ""));
    }
  }

  final String display;
  final Path base;
  private final List<Process> processes = new ArrayList<>();
  private final List<String> output = new ArrayList<>();
  private Process app;

  AppOnDisplay(Path base) throws IOException {
    this.base = base;
    Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    processes.add(xvfb);
    String line = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    if (line == null || !line.strip().matches("\\d+")) {
      close();
      throw new IOException("Xvfb did not print its display number (got " + line + ")");
    }
    display = ":" + line.strip();
    // openbox now and then exits at once on a display that has just come up (seen once in CI on
    // :0): it is started again, up to 3 times, before the display counts as unmanaged.
    for (int attempt = 1; ; attempt++) {
      Process wm = background(List.of("openbox", "--sm-disable"));
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      boolean managed = false;
      while (!managed && wm.isAlive() && System.nanoTime() < deadline) {
        managed = run("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").contains("window id");
        if (!managed) {
          pause(50);
        }
      }
      if (managed) {
        return;
      }
      if (attempt == 3 || wm.isAlive()) {
        String log = Files.exists(base.resolve("display.log")) ? Files.readString(base.resolve("display.log")).strip() : "";
        close();
        throw new IOException("openbox did not manage " + display + " (attempt " + attempt + "): "
            + log.substring(Math.max(0, log.length() - 300)));
      }
      pause(200);
    }
  }

  /** Starts a program on the display, in the background. */
  Process background(List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("display.log").toFile()));
    pb.environment().put("DISPLAY", display);
    pb.environment().remove("SESSION_MANAGER");
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  /** Runs a program on the display to its end and returns what it printed. */
  String run(String... command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("DISPLAY", display);
    Process p = pb.start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", command) + " did not end within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }

  /**
   * Starts the app with {@code --events} plus {@code args}, its settings written first.
   *
   * @param settings what the app's settings file holds
   */
  void startApp(AppSettings settings, String... args) throws IOException {
    Path config = Files.createDirectories(base.resolve("config"));
    new SettingsFile(config.resolve("settings.json")).save(settings);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String cp = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString())
        .reduce((a, b) -> a + File.pathSeparator + b).orElse("");
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw",
        "-cp", cp, AppLauncher.class.getName(), "--events", "--config", config.toString(),
        "--results", base.resolve("results").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(base.resolve("app.err").toFile()));
    pb.environment().put("DISPLAY", display);
    pb.environment().put("OMP_THREAD_LIMIT", "1");
    pb.environment().put("GSETTINGS_BACKEND", "memory");
    app = pb.start();
    processes.add(app);
    Process reading = app;
    Thread.ofPlatform().daemon(true).name("app-output").start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(reading.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          synchronized (output) {
            output.add(l);
            output.notifyAll();
          }
        }
      } catch (IOException e) {
        // the app ended
      }
    });
  }

  /** The app's events so far. */
  List<Event> events() {
    synchronized (output) {
      return output.stream().map(Event::parse).flatMap(Optional::stream).toList();
    }
  }

  /**
   * Waits (bounded) for an event; fails with everything the app printed when it does not come.
   */
  Event await(String name, Predicate<Event> test, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checksAfterExit = 0;
    synchronized (output) {
      while (true) {
        Optional<Event> e = output.stream().map(Event::parse).flatMap(Optional::stream)
            .filter(ev -> ev.name().equals(name) && test.test(ev)).findFirst();
        if (e.isPresent()) {
          return e.get();
        }
        long left = deadline - System.nanoTime();
        boolean gone = app != null && !app.isAlive() && checksAfterExit++ > 10; // its last lines read meanwhile
        if (left <= 0 || gone) {
          throw new AssertionError("no '" + name + "' event within " + timeout + "; the app printed:\n"
              + String.join("\n", output) + "\nstderr:\n" + tail(base.resolve("app.err")));
        }
        try {
          output.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", ex);
        }
      }
    }
  }

  Event await(String name, Duration timeout) throws IOException {
    return await(name, e -> true, timeout);
  }

  /** xdotool on the display: the person's hand. */
  void xdotool(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("xdotool"));
    cmd.addAll(List.of(args));
    run(cmd.toArray(String[]::new));
  }

  /** Waits (bounded) for the app to exit by itself. */
  boolean awaitExit(Duration timeout) throws InterruptedException {
    return app.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(no " + file + ")";
    }
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    for (Process p : processes.reversed()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
