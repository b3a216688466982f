package dev.deskpilot.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor that keeps QEMU from outliving its JVM, tried with {@code sleep} as the child. */
class SupervisedProcessTest {
  @TempDir Path dir;
  private Optional<Long> child = Optional.empty();

  @AfterEach
  void killLeftovers() {
    child.flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void stopEndsTheChild() throws Exception {
    SupervisedProcess p = SupervisedProcess.start(List.of("sleep", "600"), dir.resolve("log"), dir);
    child = Optional.of(p.pid());
    assertThat(alive(p.pid())).isTrue();
    p.stop(Duration.ofSeconds(10));
    await().atMost(Duration.ofSeconds(10)).until(() -> !alive(p.pid()));
    assertThat(p.isAlive()).isFalse();
  }

  @Test
  void theChildsExitStatusAndOutputComeThrough() throws Exception {
    SupervisedProcess p =
        SupervisedProcess.start(List.of("sh", "-c", "echo complaint; exit 3"), dir.resolve("log"), dir);
    assertThat(p.waitFor(Duration.ofSeconds(10))).isTrue();
    assertThat(p.exitCode()).hasValue(3);
    assertThat(p.tail(5)).isEqualTo("complaint");
  }

  @Test
  void theChildRunsInItsOwnSession() throws Exception {
    SupervisedProcess p = SupervisedProcess.start(List.of("sleep", "600"), dir.resolve("log"), dir);
    child = Optional.of(p.pid());
    String sid = Files.readString(Path.of("/proc/" + p.pid() + "/stat")).split("\\) ")[1].split(" ")[3];
    String ours = Files.readString(Path.of("/proc/self/stat")).split("\\) ")[1].split(" ")[3];
    assertThat(sid).isNotEqualTo(ours);
    p.stop(Duration.ofSeconds(10));
  }

  @Test
  void theChildDiesWhenItsOwnerIsKilledWithSigkill() throws IOException {
    Path script = SupervisedProcess.installScript(dir);
    Path pidFile = dir.resolve("pid");
    // The owner holds the write end of the supervisor's stdin, like the JVM does; SIGKILL closes it.
    Process owner =
        new ProcessBuilder(
                "bash",
                "-c",
                "exec {w}> >(setsid bash '" + script + "' $$ '" + dir.resolve("log") + "' -- sleep 600 > '" + pidFile + "'); exec sleep 600")
            .start();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(pidFile) && Files.readString(pidFile).startsWith("pid "));
    long pid = Long.parseLong(Files.readString(pidFile).substring(4).strip());
    child = Optional.of(pid);
    assertThat(alive(pid)).isTrue();

    owner.destroyForcibly();

    await().atMost(Duration.ofSeconds(15)).until(() -> !alive(pid));
  }
}
