package dev.deskpilot.app.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures how long the app takes to show a usable window: launches it several times in fresh
 * JVMs on an Xvfb display of its own (started here, killed by pid after), each with {@code
 * --exit-when-ready}, and times from process start to the window's first painted frame.
 */
public final class AppStartupBenchmark {
  private static final long LAUNCH_TIMEOUT_S = 60;

  private AppStartupBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param launches how many launches (at least 1); the first warms the disk cache and is reported
   *     apart from the rest
   * @return {@code {"benchmark":"app-startup","launches":N,"startup_p50_ms":..,"startup_max_ms":..,
   *     "jvm_ready_p50_ms":..,"samples_ms":[..],"first_launch_ms":..,"display":":N"}}
   * @throws IOException when Xvfb or a launch cannot start, or a launch never reports ready
   */
  public static ObjectNode run(int launches) throws IOException, InterruptedException {
    if (launches < 1) {
      throw new IllegalArgumentException("launches must be at least 1, was " + launches);
    }
    Process xvfb = startXvfb();
    String display;
    Path config = Files.createTempDirectory("deskpilot-bench-config");
    Path results = Files.createTempDirectory("deskpilot-bench-results");
    try {
      display = ":" + readDisplay(xvfb);
      List<Long> wall = new ArrayList<>();
      List<Long> uptime = new ArrayList<>();
      long first = -1;
      for (int i = 0; i < launches + 1; i++) {
        long[] r = launchOnce(display, config, results, config.resolve("app.jsa"));
        if (i == 0) {
          first = r[0];
          continue;
        }
        wall.add(r[0]);
        uptime.add(r[1]);
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("benchmark", "app-startup");
      o.put("launches", launches);
      o.put("startup_p50_ms", percentile(wall, 50));
      o.put("startup_max_ms", wall.stream().mapToLong(Long::longValue).max().orElse(0));
      o.put("jvm_ready_p50_ms", percentile(uptime, 50));
      o.put("first_launch_ms", first);
      ArrayNode samples = o.putArray("samples_ms");
      wall.forEach(samples::add);
      o.put("display", display);
      o.put("target_ms", 2000);
      o.put("jvm_flags", String.join(" ", jvmFlags(Path.of("<archive>"))));
      o.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      return o;
    } finally {
      xvfb.destroy();
      if (!xvfb.waitFor(2, TimeUnit.SECONDS)) {
        xvfb.destroyForcibly();
      }
      deleteTree(config);
      deleteTree(results);
    }
  }

  static Process startXvfb() throws IOException {
    return new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  static String readDisplay(Process xvfb) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII));
    String line = r.readLine();
    if (line == null || !line.strip().matches("\\d+")) {
      throw new IOException("Xvfb did not report a display number (got '" + line + "'); is xvfb installed?");
    }
    return line.strip();
  }

  /** One launch: {wall ms from spawn to ready, JVM uptime at ready}. */
  private static long[] launchOnce(String display, Path config, Path results, Path archive)
      throws IOException, InterruptedException {
    String javaExe = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String cp = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString())
        .reduce((a, b) -> a + File.pathSeparator + b).orElse("");
    List<String> cmd = new ArrayList<>(List.of(javaExe));
    cmd.addAll(jvmFlags(archive));
    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw", "-cp", cp, AppLauncher.class.getName(),
        "--exit-when-ready", "--config", config.toString(), "--results", results.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("DISPLAY", display);
    pb.environment().put("OMP_THREAD_LIMIT", "1");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    long t0 = System.nanoTime();
    Process p = pb.start();
    long readyAt = -1;
    long uptime = -1;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith(AppLauncher.READY)) {
          readyAt = System.nanoTime();
          uptime = Long.parseLong(line.substring(AppLauncher.READY.length()).strip());
        }
      }
    }
    if (!p.waitFor(LAUNCH_TIMEOUT_S, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("the app did not exit within " + LAUNCH_TIMEOUT_S + " s");
    }
    if (readyAt < 0) {
      throw new IOException("the app exited (code " + p.exitValue() + ") without reporting ready");
    }
    return new long[] {(readyAt - t0) / 1_000_000, uptime};
  }

  /**
   * The JVM flags the app starts fastest with (measured on 2 busy cores: about 1.5-2x faster to a
   * painted window): C1 only (no C2 compile threads competing with startup) and a class-data
   * sharing archive that the first launch writes and later launches map.
   */
  public static List<String> jvmFlags(Path archive) {
    return List.of("-XX:TieredStopAtLevel=1", "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive);
  }

  static long percentile(List<Long> xs, int pct) {
    List<Long> s = xs.stream().sorted().toList();
    if (s.isEmpty()) {
      return 0;
    }
    int idx = (int) Math.ceil(pct / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, idx)));
  }

  /** The last lines of a log file, for a failure message. */
  static String tailOf(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
