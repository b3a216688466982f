package dev.deskpilot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deskpilot.vm.GuestProtocol;
import dev.deskpilot.vm.qemu.QemuEnvironment;
import dev.deskpilot.vm.qemu.VmImage;
import dev.deskpilot.vm.qemu.VmImageBuild;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VM path end to end, sized for CI: {@code deskpilot vm build} makes a core image from
 * Debian's packages (from nothing on a fresh machine: the download cache is used when there, never
 * needed) under {@code target/vm-it/}, then a demo task runs in it through the real suite path
 * ({@code suite --env vm}) and passes, with the guest's serial console kept in the task's folder;
 * a host JVM killed with SIGKILL mid-task leaves no QEMU behind; and a VM killed mid-task is
 * retried on a fresh one and the task still passes.
 *
 * <p>Tagged {@code vm}: its own failsafe execution, which {@code -Dskip.vm=true} skips. It skips itself
 * only when this machine cannot build images at all (not root and no passwordless sudo, not
 * Debian, QEMU and mmdebstrap not installable). Prints its phases' wall times as JSON lines; asserts no timings.
 */
@Tag("vm")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SuiteInVmIT {
  private static final Path CHECKOUT = Path.of(System.getProperty("deskpilot.home", "..")).toAbsolutePath().normalize();
  private static final Path DEMO = CHECKOUT.resolve("tasks/suites/demo");
  private static final Path WORK = Path.of("target/vm-it").toAbsolutePath();
  private static final String MODEL_DIR = "computer_13/screenshot/step-script";

  private static Path image;

  record Run(int exit, String out, String err) {}

  /** Runs the command line in this JVM; its error stream (progress) is also shown as it comes. */
  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    PrintWriter errors = new PrintWriter(new java.io.Writer() {
      @Override
      public void write(char[] c, int off, int len) {
        err.write(c, off, len);
        System.err.print(new String(c, off, len));
      }

      @Override
      public void flush() {
        System.err.flush();
      }

      @Override
      public void close() {}
    }, true);
    int exit = Main.execute(new PrintWriter(out, true), errors, args);
    return new Run(exit, out.toString(), err.toString());
  }

  @BeforeAll
  static void buildASmallImage() throws IOException, InterruptedException {
    Optional<String> cannot = VmImageBuild.cannotBuildReason(CHECKOUT);
    assumeTrue(cannot.isEmpty(), () -> "skipped: this machine cannot build VM images: " + cannot.orElse(""));
    Optional<String> noTools = VmImageBuild.installTools(CHECKOUT, System.err::println);
    assumeTrue(noTools.isEmpty(), () -> "skipped: QEMU and mmdebstrap cannot be installed here: " + noTools.orElse(""));
    Path images = WORK.resolve("images");
    if (Files.isDirectory(images)) {
      // An image from an earlier run holds an older guest server: build afresh.
      deleteTree(images);
    }
    long t0 = System.nanoTime();
    Run build = cli("vm", "build", "--apps", "core", "--out", images.toString(), "--no-compress");
    report("vm-it-build", seconds(t0));
    assertThat(build.exit()).as(build.err()).isZero();
    image = Path.of(build.out().strip());
    assertThat(image.getParent()).isEqualTo(images);
    assertThat(Files.readString(image.resolve("manifest.json")))
        .contains("\"protocol\": " + GuestProtocol.VERSION)
        .contains("\"apps\": \"core\"");
    assertThat(VmImage.open(image).apps()).isEqualTo("core");

    Run list = cli("vm", "list", "--dir", images.toString());
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains(image.getFileName().toString()).contains("latest-core").contains(" ok");
  }

  @Test
  @Order(1)
  void aDemoTaskPassesInAVmThroughTheSuitePath(@TempDir Path tmp) throws IOException {
    Path results = tmp.resolve("results");
    long t0 = System.nanoTime();
    Run run = cli("suite", DEMO.toString(), "--env", "vm", "--vm-image", image.toString(),
        "--ids", "write-and-save-note", "--results", results.toString());
    report("vm-it-suite-first-task", seconds(t0));

    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("making the golden state").contains("1 tasks: 1 passed");
    Path task = results.resolve(MODEL_DIR).resolve("mousepad/write-and-save-note");
    assertThat(Files.readString(task.resolve("result.txt")).strip()).isEqualTo("1.0");
    assertThat(Files.readString(task.resolve("runtime.log"))).contains("environment QEMU VM " + VmImage.open(image).name());
    Path serial = task.resolve(QemuEnvironment.SERIAL_LOG);
    assertThat(serial).isRegularFile();
    // Restored from the golden state: the guest took this machine's token over.
    assertThat(Files.readString(serial, StandardCharsets.ISO_8859_1)).contains("deskpilot-session: token handed over");
  }

  @Test
  @Order(2)
  void aHostJvmKilledMidTaskLeavesNoQemuBehind(@TempDir Path tmp) throws Exception {
    Path results = tmp.resolve("results");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "suite", DEMO.toString(), "--env", "vm", "--vm-image", image.toString(),
        "--ids", "make-file-from-terminal", "--results", results.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile());
    pb.environment().put("OMP_THREAD_LIMIT", "1");
    Process child = pb.start();
    List<Long> qemus;
    try {
      await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
          .until(() -> !child.isAlive() || !qemusOf(image).isEmpty());
      assertThat(child.isAlive()).as("the child ended before its VM started: " + Files.readString(tmp.resolve("child.log"))).isTrue();
      qemus = qemusOf(image);
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook runs
      child.waitFor();
    }
    assertThat(qemus).isNotEmpty();
    // QEMU's supervisor sees its owner's pipe close and stops it.
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> qemus.stream().noneMatch(SuiteInVmIT::alive));
    assertThat(qemusOf(image)).isEmpty();
  }

  @Test
  @Order(3)
  void aVmThatDiesMidTaskIsRetriedOnAFreshOneAndNothingIsLeftRunning(@TempDir Path tmp) throws Exception {
    Path results = tmp.resolve("results");
    Path log = results.resolve(MODEL_DIR).resolve("xterm/make-file-from-terminal/runtime.log");
    java.util.concurrent.atomic.AtomicLong killed = new java.util.concurrent.atomic.AtomicLong();
    Thread killer = Thread.ofPlatform().daemon().start(() -> {
      try {
        // Once the task's setup has begun in its VM, kill that QEMU with SIGKILL.
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
            .until(() -> Files.exists(log) && Files.readString(log).contains("config[") && !qemusOf(image).isEmpty());
        long pid = qemusOf(image).getFirst();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        killed.set(pid);
      } catch (Exception e) {
        // the assertions below report a kill that never happened
      }
    });
    Run run = cli("suite", DEMO.toString(), "--env", "vm", "--vm-image", image.toString(),
        "--ids", "make-file-from-terminal", "--results", results.toString());
    killer.join(Duration.ofSeconds(10));
    assertThat(killed.get()).as("a QEMU was killed mid-task").isPositive();
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(Files.readString(log)).contains("attempt 1 failed: environment failed").contains("(attempt 2)");
    assertThat(Files.readString(log.resolveSibling("result.txt")).strip()).isEqualTo("1.0");
    assertThat(alive(killed.get())).isFalse();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> qemusOf(image).isEmpty());
  }

  /** Pids of QEMU processes booting this image's kernel. */
  private static List<Long> qemusOf(Path imageDir) throws IOException {
    byte[] kernel = imageDir.resolve("vmlinuz").toString().getBytes(StandardCharsets.UTF_8);
    List<Long> pids = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          byte[] cmdline = Files.readAllBytes(p.resolve("cmdline"));
          String text = new String(cmdline, StandardCharsets.UTF_8);
          if (text.startsWith("qemu-system") && indexOf(cmdline, kernel) >= 0) {
            pids.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException | SecurityException e) {
          // gone or not ours to read
        }
      }
    }
    return pids;
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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

  private static double seconds(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
  }

  private static void report(String name, double seconds) {
    System.out.printf(Locale.ROOT, "{\"bench\":\"%s\",\"seconds\":%.1f}%n", name, seconds);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
