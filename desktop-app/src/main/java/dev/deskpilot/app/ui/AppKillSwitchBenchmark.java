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
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Measures the global kill switch of the real app: on an Xvfb display of its own (started here,
 * killed by pid after), launches the app several times in fresh JVMs, each running a step script on
 * this desktop ({@code --target this --start --events}), and while the run waits presses the kill
 * switch with xdotool (XTEST, seen by the app's hook through XRecord). Ctrl and Shift go down
 * first; the clock starts just before the xdotool process that presses Escape is spawned, so every
 * figure includes that spawn ({@code xdotool_spawn_p50_ms} says how long it is).
 *
 * <ul>
 *   <li>{@code killswitch_p50_ms}: Escape pressed to the run's brake set (its control stopped and
 *       the executor's brake pulled: no further action can start, an action in flight ends at its
 *       next small piece), read from the app's own event line (the same monotonic clock);
 *   <li>{@code killswitch_outcome_p50_ms}: Escape pressed to the run ended (outcome recorded).
 * </ul>
 */
public final class AppKillSwitchBenchmark {
  private static final long TIMEOUT_S = 90;

  private AppKillSwitchBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param presses how many launches, one press each (at least 1)
   * @return {@code {"killswitch_p50_ms":..,"killswitch_max_ms":..,"killswitch_outcome_p50_ms":..,
   *     "killswitch_samples_ms":[..],"xdotool_spawn_p50_ms":..,"killswitch_target_ms":100}}
   * @throws IOException when Xvfb, the app or xdotool cannot start, or a run never stops
   */
  public static ObjectNode run(int presses) throws IOException, InterruptedException {
    if (presses < 1) {
      throw new IllegalArgumentException("presses must be at least 1, was " + presses);
    }
    Process xvfb = AppStartupBenchmark.startXvfb();
    Path work = Files.createTempDirectory("deskpilot-bench-kill");
    try {
      String display = ":" + AppStartupBenchmark.readDisplay(xvfb);
      Path script = Files.writeString(work.resolve("wait.script"), "wait 120\ndone\n");
      List<Long> brake = new ArrayList<>();
      List<Long> ended = new ArrayList<>();
      List<Long> spawn = new ArrayList<>();
      for (int i = 0; i < presses; i++) {
        long[] r = pressOnce(display, work, script, i);
        brake.add(r[0]);
        ended.add(r[1]);
        spawn.add(r[2]);
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("killswitch_presses", presses);
      o.put("killswitch_p50_ms", AppStartupBenchmark.percentile(brake, 50));
      o.put("killswitch_max_ms", brake.stream().mapToLong(Long::longValue).max().orElse(0));
      o.put("killswitch_outcome_p50_ms", AppStartupBenchmark.percentile(ended, 50));
      ArrayNode samples = o.putArray("killswitch_samples_ms");
      brake.forEach(samples::add);
      o.put("xdotool_spawn_p50_ms", AppStartupBenchmark.percentile(spawn, 50));
      o.put("killswitch_target_ms", 100);
      o.put("killswitch_chord", AppSettings.defaults().killSwitch());
      return o;
    } finally {
      xvfb.destroy();
      if (!xvfb.waitFor(2, TimeUnit.SECONDS)) {
        xvfb.destroyForcibly();
      }
      AppStartupBenchmark.deleteTree(work);
    }
  }

  /** One launch and press: {ms to the brake, ms to the outcome, ms of a bare xdotool spawn}. */
  private static long[] pressOnce(String display, Path work, Path script, int n) throws IOException, InterruptedException {
    Path config = Files.createDirectories(work.resolve("config"));
    Path results = Files.createDirectories(work.resolve("results"));
    String javaExe = ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String cp = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(p -> Path.of(p).toAbsolutePath().toString())
        .reduce((a, b) -> a + File.pathSeparator + b).orElse("");
    List<String> cmd = new ArrayList<>(List.of(javaExe));
    cmd.addAll(AppStartupBenchmark.jvmFlags(work.resolve("app.jsa")));
    cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dprism.order=sw", "-cp", cp, AppLauncher.class.getName(),
        "--config", config.toString(), "--results", results.toString(), "--events", "--target", "this",
        "--script", script.toString(), "--start", "--exit-after-run"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(work.resolve("app-" + n + ".err").toFile());
    pb.environment().put("DISPLAY", display);
    pb.environment().put("OMP_THREAD_LIMIT", "1");
    Process app = pb.start();
    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = Thread.ofPlatform().daemon(true).start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
        String l;
        while ((l = r.readLine()) != null) {
          lines.add(l);
        }
      } catch (IOException e) {
        // the app ended
      }
    });
    try {
      await(lines, "decided", app, work, n);
      long t = System.nanoTime();
      xdotool(display, "keydown", "ctrl+shift");
      long spawnMs = (System.nanoTime() - t) / 1_000_000;
      long pressed = System.nanoTime();
      xdotool(display, "keydown", "Escape");
      long brake = eventNanos(await(lines, "stop-requested", app, work, n));
      long ended = eventNanos(await(lines, "outcome", app, work, n));
      xdotool(display, "keyup", "Escape", "keyup", "shift", "keyup", "ctrl");
      if (!app.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
        throw new IOException("the app did not exit after its run (launch " + n + ")");
      }
      return new long[] {(brake - pressed) / 1_000_000, (ended - pressed) / 1_000_000, spawnMs};
    } finally {
      app.descendants().forEach(ProcessHandle::destroyForcibly);
      app.destroyForcibly();
      reader.join(5_000);
    }
  }

  private static String await(LinkedBlockingQueue<String> lines, String event, Process app, Path work, int n)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (System.nanoTime() < deadline) {
      String l = lines.poll(100, TimeUnit.MILLISECONDS);
      if (l != null && l.startsWith(RunEventLog.PREFIX) && l.split(" ").length > 3 && l.split(" ")[3].equals(event)) {
        return l;
      }
      if (l != null && l.contains(" failed-to-start ")) {
        throw new IOException("the app's run did not start: " + l);
      }
      if (l == null && !app.isAlive() && lines.isEmpty()) {
        throw new IOException("the app exited (code " + app.exitValue() + ") before '" + event + "'; stderr: "
            + AppStartupBenchmark.tailOf(work.resolve("app-" + n + ".err")));
      }
    }
    throw new IOException("no '" + event + "' from the app within " + TIMEOUT_S + " s");
  }

  private static long eventNanos(String line) {
    return Long.parseLong(line.substring(RunEventLog.PREFIX.length()).split(" ")[0]);
  }

  private static void xdotool(String display, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("xdotool"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("DISPLAY", display);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IOException("cannot run xdotool (is it installed? scripts/install-deps.sh core): " + e.getMessage(), e);
    }
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("xdotool " + String.join(" ", args) + " failed: "
          + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
    }
  }
}
