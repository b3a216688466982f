package dev.deskpilot.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.perception.Screenshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A QEMU VM as an {@code Environment}: the Desktop port works through the forwarded port. */
class QemuEnvironmentIT {
  @TempDir Path tmp;

  @Test
  void theDesktopPortDrivesTheGuest() {
    String path = System.getenv("DESKPILOT_VM_IMAGE");
    assumeTrue(
        path != null && Files.isRegularFile(Path.of(path, "manifest.json")),
        "skipped: no VM image (set DESKPILOT_VM_IMAGE to a directory made by scripts/build-vm-image.sh; was " + path + ")");
    VmImage image = VmImage.open(Path.of(path));
    QemuOptions options = QemuOptions.defaults().withWorkRoot(tmp);
    GoldenState state = QemuMachine.createGoldenState(image, tmp.resolve("golden"), options);
    QemuEnvironment env = QemuEnvironment.restore(state, image, options);
    try (env) {
      assertThat(env.description()).contains(image.name()).contains("127.0.0.1");
      Screenshot shot = env.desktop().capture();
      assertThat(shot.width()).isEqualTo(1920);
      assertThat(shot.height()).isEqualTo(1080);
      CommandResult who = env.desktop().run(Command.of("id", "-un"));
      assertThat(who.exitCode()).isZero();
      assertThat(who.stdout().strip()).isEqualTo("user");
      env.desktop().writeFile("/home/user/note.txt", "hello VM".getBytes(StandardCharsets.UTF_8));
      assertThat(new String(env.desktop().readFile("/home/user/note.txt"), StandardCharsets.UTF_8)).isEqualTo("hello VM");
    }
    assertThat(ProcessHandle.of(env.machine().pid())).isEmpty();
  }
}
