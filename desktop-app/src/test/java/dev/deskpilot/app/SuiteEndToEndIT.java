package dev.deskpilot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation's promises, end to end through the command line, on real sandboxes (Xvfb,
 * openbox, real apps): bad input in a suite is reported per task while good tasks still run and
 * keep their results; a run killed with SIGKILL (once at a chosen moment, then four times at random
 * ones) leaves nothing running, never loses or tears a finished result, and resumes.
 */
class SuiteEndToEndIT {
  private static final Path DEMO = Path.of("../tasks/suites/demo").toAbsolutePath().normalize();
  private static final String MODEL_DIR = "computer_13/screenshot/step-script";

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void badTasksAreReportedOneLineEachAndGoodTasksStillPass(@TempDir Path tmp) throws IOException {
    Path suite = tmp.resolve("suite");
    Path basic = Files.createDirectories(suite.resolve("examples/basic"));
    Files.writeString(basic.resolve("good.json"), """
        {"id": "good", "instruction": "make a file",
         "config": [{"type": "execute", "parameters": {"command": "echo made > ~/made.txt", "shell": true}}],
         "evaluator": {"func": "exact_match",
           "result": {"type": "vm_command_line", "command": "cat ~/made.txt", "shell": true},
           "expected": {"type": "rule", "rules": {"expected": "made\\n"}}},
         "deskpilot": {"script": ["done"]}}
        """);
    Files.writeString(basic.resolve("broken.json"), "{\"id\": \"broken\", \"instruction\": ");
    Files.writeString(basic.resolve("unknown-step.json"), """
        {"id": "unknown-step", "instruction": "x",
         "config": [{"type": "googledrive", "parameters": {}}],
         "evaluator": {"func": "exact_match", "result": {"type": "rule", "rules": {}}, "expected": {"type": "rule", "rules": {}}},
         "deskpilot": {"script": ["done"]}}
        """);
    Files.writeString(basic.resolve("unknown-metric.json"), """
        {"id": "unknown-metric", "instruction": "x", "config": [],
         "evaluator": {"func": "no_such_metric", "result": {"type": "rule", "rules": {}}, "expected": {"type": "rule", "rules": {}}},
         "deskpilot": {"script": ["done"]}}
        """);
    Files.writeString(basic.resolve("bad-script.json"), """
        {"id": "bad-script", "instruction": "x", "config": [],
         "evaluator": {"func": "exact_match", "result": {"type": "rule", "rules": {}}, "expected": {"type": "rule", "rules": {}}},
         "deskpilot": {"script": ["clik \\"x\\""]}}
        """);
    Files.writeString(suite.resolve("test_all.json"),
        "{\"basic\": [\"good\", \"broken\", \"unknown-step\", \"unknown-metric\", \"bad-script\", \"ghost\"]}");
    Path results = tmp.resolve("results");

    Run run = cli("suite", suite.toString(), "--results", results.toString());

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).contains("broken.json:1:").contains("malformed JSON");
    assertThat(run.err()).contains("basic/ghost is named in the index but its file");
    Path tasks = results.resolve(MODEL_DIR).resolve("basic");
    assertThat(Files.readString(tasks.resolve("good/result.txt")).strip()).isEqualTo("1.0");
    assertThat(Files.readString(tasks.resolve("unknown-step/error.txt"))).contains("googledrive").doesNotContain("\n\n");
    assertThat(Files.readString(tasks.resolve("unknown-metric/error.txt"))).contains("no_such_metric");
    assertThat(Files.readString(tasks.resolve("bad-script/error.txt")))
        .contains("/deskpilot/script: script line 1: unknown step 'clik'");
    String summary = Files.readString(results.resolve("suite/summary.json"));
    assertThat(summary).contains("\"passed\" : 1").contains("\"errors\" : 3").contains("\"missing_task_files\" : 1")
        .contains("\"unreadable_task_files\" : 1");
  }

  @Test
  void sigkillMidRunLeavesNothingRunningAndTheRerunResumes(@TempDir Path tmp) throws Exception {
    Path results = tmp.resolve("results");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "suite", DEMO.toString(), "--results", results.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("OMP_THREAD_LIMIT", "1");
    Process child = pb.start();
    Path tasks = results.resolve(MODEL_DIR);
    Path secondLog;
    try {
      // Wait until one task has finished and another is in flight, then kill -9.
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
          .until(() -> !child.isAlive() || finished(tasks).size() == 1 && inFlight(tasks) != null);
      assertThat(child.isAlive()).as("child ended early: " + Files.readString(tmp.resolve("child.log"))).isTrue();
      secondLog = inFlight(tasks);
    } finally {
      child.destroyForcibly();
      child.waitFor();
    }
    List<Path> done = finished(tasks);
    FileTime doneAt = Files.getLastModifiedTime(done.getFirst());
    String sandboxId = sandboxIdIn(secondLog);

    // The sandbox's supervisor sees its owner die and takes every process of the sandbox with it.
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
        .until(() -> processesOf(sandboxId).isEmpty());

    Run rerun = cli("suite", DEMO.toString(), "--results", results.toString());
    assertThat(rerun.exit()).as(rerun.out() + rerun.err()).isZero();
    assertThat(rerun.out()).contains("SKIPPED");
    assertThat(Files.getLastModifiedTime(done.getFirst())).isEqualTo(doneAt);
    assertThat(finished(tasks)).hasSize(3);
  }

  @Test
  void sigkillAtRandomMomentsNeverLosesAFinishedResultAndTheRerunCompletes(@TempDir Path tmp) throws Exception {
    long seed = Long.getLong("deskpilot.killSeed", System.nanoTime());
    java.util.Random random = new java.util.Random(seed);
    String why = "kill seed " + seed + " (rerun with -Ddeskpilot.killSeed=" + seed + ")";
    Path results = tmp.resolve("results");
    Path tasks = results.resolve(MODEL_DIR);
    java.util.Map<Path, String> kept = new java.util.HashMap<>();
    java.util.Map<Path, FileTime> keptAt = new java.util.HashMap<>();
    for (int round = 0; round < 4; round++) {
      List<String> cmd = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--enable-native-access=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"),
          Main.class.getName(), "suite", DEMO.toString(), "--results", results.toString(), "--parallel", "2"));
      Path log = tmp.resolve("child-" + round + ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("OMP_THREAD_LIMIT", "1");
      Process child = pb.start();
      long delayMs = 300 + random.nextInt(12_000);
      try {
        child.waitFor(delayMs, java.util.concurrent.TimeUnit.MILLISECONDS);
      } finally {
        child.destroyForcibly(); // SIGKILL
        child.waitFor();
      }
      String at = why + ", round " + round + " killed after " + delayMs + " ms; child log: " + Files.readString(log);

      // Every sandbox any run started is gone with its owner.
      for (String sandbox : sandboxIds(tasks)) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).alias(at)
            .until(() -> processesOf(sandbox).isEmpty());
      }
      // Finished results are never lost, changed or torn; new ones are whole.
      for (var e : kept.entrySet()) {
        assertThat(e.getKey()).as(at).exists();
        assertThat(Files.readString(e.getKey())).as(at).isEqualTo(e.getValue());
        assertThat(Files.getLastModifiedTime(e.getKey())).as(at).isEqualTo(keptAt.get(e.getKey()));
      }
      for (Path r : finished(tasks)) {
        String text = Files.readString(r);
        assertThat(Double.parseDouble(text.strip())).as(at + " " + r).isBetween(0.0, 1.0);
        assertWholeJsonLines(r.resolveSibling("traj.jsonl"), at);
        kept.putIfAbsent(r, text);
        keptAt.putIfAbsent(r, Files.getLastModifiedTime(r));
      }
    }

    Run rerun = cli("suite", DEMO.toString(), "--results", results.toString(), "--parallel", "2");
    assertThat(rerun.exit()).as(why + "\n" + rerun.out() + rerun.err()).isZero();
    assertThat(finished(tasks)).as(why).hasSize(3);
    for (var e : kept.entrySet()) {
      assertThat(Files.readString(e.getKey())).as(why).isEqualTo(e.getValue());
    }
    for (Path r : finished(tasks)) {
      assertThat(Double.parseDouble(Files.readString(r).strip())).as(why + " " + r).isEqualTo(1.0);
    }
  }

  private static void assertWholeJsonLines(Path jsonl, String why) throws IOException {
    if (!Files.exists(jsonl)) {
      return;
    }
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line : Files.readAllLines(jsonl)) {
      assertThat(json.readTree(line).isObject()).as(why + ": " + jsonl + " line " + line).isTrue();
    }
  }

  /** Every sandbox id named in a runtime.log under the model folder. */
  private static List<String> sandboxIds(Path modelDir) throws IOException {
    List<String> ids = new ArrayList<>();
    if (!Files.isDirectory(modelDir)) {
      return ids;
    }
    try (Stream<Path> s = Files.walk(modelDir, 3)) {
      for (Path log : s.filter(p -> p.getFileName().toString().equals("runtime.log")).toList()) {
        Matcher m = Pattern.compile("environment sandbox (sb-[0-9a-f]+)").matcher(Files.readString(log));
        while (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    return ids;
  }

  private static List<Path> finished(Path modelDir) throws IOException {
    if (!Files.isDirectory(modelDir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(modelDir, 3)) {
      return s.filter(p -> p.getFileName().toString().equals("result.txt")).toList();
    }
  }

  /** The runtime.log of a task folder without a result yet whose sandbox has started, or null. */
  private static Path inFlight(Path modelDir) throws IOException {
    if (!Files.isDirectory(modelDir)) {
      return null;
    }
    try (Stream<Path> s = Files.walk(modelDir, 3)) {
      for (Path log : s.filter(p -> p.getFileName().toString().equals("runtime.log")).toList()) {
        if (!Files.exists(log.resolveSibling("result.txt")) && sandboxIdIn(log) != null) {
          return log;
        }
      }
    }
    return null;
  }

  private static String sandboxIdIn(Path log) throws IOException {
    Matcher m = Pattern.compile("environment sandbox (sb-[0-9a-f]+)").matcher(Files.readString(log));
    return m.find() ? m.group(1) : null;
  }

  /** Pids whose environment marks them as part of the sandbox. */
  private static List<Long> processesOf(String sandboxId) throws IOException {
    List<Long> pids = new ArrayList<>();
    byte[] marker = ("DESKPILOT_SANDBOX=" + sandboxId).getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          byte[] env = Files.readAllBytes(p.resolve("environ"));
          if (indexOf(env, marker) >= 0) {
            pids.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | SecurityException e) {
          // gone or not ours to read
        }
      }
    }
    return pids;
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
