package dev.deskpilot.actuators;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A private X session for integration tests: its own Xvfb (display chosen with -displayfd), a D-Bus
 * session, openbox and a throwaway HOME; child JVMs and programs run on it. Everything started is
 * ended by pid on close.
 */
final class XSession implements AutoCloseable {
  private final Process xvfb;
  private final List<Process> children = new ArrayList<>();
  private final String display;
  private final Path home;
  private final String dbus;

  private XSession(Process xvfb, String display, Path home, String dbus) {
    this.xvfb = xvfb;
    this.display = display;
    this.home = home;
    this.dbus = dbus;
  }

  static XSession start() throws IOException, InterruptedException {
    Process x = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String number = new String(x.getInputStream().readNBytes(8), StandardCharsets.US_ASCII).strip();
    if (!number.matches("\\d+")) {
      x.destroyForcibly();
      throw new IOException("Xvfb printed no display number: '" + number + "'");
    }
    Path home = Files.createTempDirectory("xsession-home");
    XSession s = new XSession(x, ":" + number, home, "unix:path=" + home.resolve("bus"));
    Process bus = s.launch("dbus-daemon", "--session", "--nofork", "--nopidfile", "--address=" + s.dbus);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!Files.exists(home.resolve("bus")) && bus.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    // openbox occasionally dies at start on a loaded machine: give it a second chance, never wait forever.
    for (int attempt = 1; ; attempt++) {
      s.launch("openbox", "--sm-disable");
      try {
        s.run(15, "sh", "-c", "until xprop -root _NET_SUPPORTING_WM_CHECK | grep -q 'window id'; do sleep 0.05; done");
        return s;
      } catch (IOException e) {
        if (attempt == 2) {
          s.close();
          throw new IOException("no window manager on " + s.display + " after 2 tries: " + e.getMessage(), e);
        }
      }
    }
  }

  Path home() {
    return home;
  }

  String display() {
    return display;
  }

  private ProcessBuilder builder(List<String> argv) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    Map<String, String> env = pb.environment();
    env.put("DISPLAY", display);
    env.put("HOME", home.toString());
    env.put("DBUS_SESSION_BUS_ADDRESS", dbus);
    env.put("GSETTINGS_BACKEND", "memory");
    env.put("NO_AT_BRIDGE", "1");
    return pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
  }

  /** Starts a program on the display, ended at close. */
  Process launch(String... argv) throws IOException {
    Process p = builder(List.of(argv)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    children.add(p);
    return p;
  }

  /** Runs a program to completion; returns its stdout; fails on a non-zero exit or timeout. */
  String run(int timeoutSeconds, String... argv) throws IOException, InterruptedException {
    Process p = builder(List.of(argv)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    children.add(p);
    // Read on another thread so the timeout applies even when the program never closes its output.
    java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return p.getInputStream().readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    });
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new IOException(String.join(" ", argv) + " did not finish in " + timeoutSeconds + " s");
    }
    byte[] out = read.join();
    if (p.exitValue() != 0) {
      throw new IOException(String.join(" ", argv) + " exited with " + p.exitValue());
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Runs a main class of this test classpath in a JVM on the display; returns its stdout. */
  String java(int timeoutSeconds, Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=false",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    argv.addAll(List.of(args));
    Process p = builder(argv).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    children.add(p);
    java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return p.getInputStream().readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    });
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(main.getSimpleName() + " did not finish in " + timeoutSeconds + " s");
    }
    return new String(read.join(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    for (Process p : children.reversed()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    xvfb.destroyForcibly();
    try (var files = Files.walk(home)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
