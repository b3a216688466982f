package dev.deskpilot.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.vm.internal.SandboxProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sandboxes whose owner JVM is SIGKILLed do not outlive it. */
class SandboxOrphanIT {
  /** What the child JVM printed about its sandbox. */
  private record Started(Process child, String id, long pgid, Path dir) {}

  @Test
  void theSupervisorCleansUpWhenItsOwnerIsKilled() throws Exception {
    Started s = startOrphan();
    assertThat(SandboxIT.groupMembers(s.pgid())).isGreaterThanOrEqualTo(4);
    assertThat(s.dir()).isDirectory();

    s.child().destroyForcibly().waitFor();

    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .untilAsserted(
            () -> {
              assertThat(SandboxIT.groupMembers(s.pgid())).isZero();
              assertThat(SandboxProcesses.find(s.id(), Optional.empty())).isEmpty();
              assertThat(s.dir()).doesNotExist();
            });
  }

  @Test
  void theReaperCleansUpWhenOwnerAndSupervisorAreBothKilled() throws Exception {
    Started s = startOrphan();
    // Kill the supervisor (the group leader) first so nothing in the sandbox watches the owner.
    ProcessHandle.of(s.pgid()).orElseThrow().destroyForcibly();
    s.child().destroyForcibly().waitFor();
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(s.pgid()).isEmpty());
    List<Long> left = SandboxProcesses.find(s.id(), Optional.empty());
    assertThat(left).as("Xvfb, openbox, dbus and the guest outlive their supervisor").isNotEmpty();
    assertThat(s.dir()).isDirectory();

    assertThat(Reaper.reapOrphans()).isGreaterThanOrEqualTo(1);

    assertThat(SandboxProcesses.find(s.id(), Optional.empty())).isEmpty();
    assertThat(s.dir()).doesNotExist();
    // Killed processes linger a moment until their new parent (init) reaps them.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(left).noneMatch(pid -> ProcessHandle.of(pid).isPresent()));
  }

  private static Started startOrphan() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                OrphanSandboxMain.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Process child = pb.start();
    BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (line == null || !line.startsWith("sandbox ")) {
      child.destroyForcibly();
      throw new AssertionError("the child JVM printed no sandbox line but: " + line);
    }
    String[] parts = line.split(" ", 4);
    Started s = new Started(child, parts[1], Long.parseLong(parts[2]), Path.of(parts[3]));
    assertThat(Files.readString(s.dir().resolve("owner"))).startsWith(child.pid() + " ");
    return s;
  }
}
