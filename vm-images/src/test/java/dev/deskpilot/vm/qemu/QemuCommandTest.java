package dev.deskpilot.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QemuCommandTest {
  private static QemuCommand command(Accelerator accelerator, Optional<Path> incoming) {
    return new QemuCommand(
        "qemu-system-x86_64",
        "deskpilot-test",
        accelerator,
        2,
        2048,
        Path.of("/img/vmlinuz"),
        Path.of("/img/initrd.img"),
        "root=/dev/vda rw console=ttyS0",
        Path.of("/work/a,b/disk.qcow2"),
        41234,
        8765,
        "opt/deskpilot/token",
        Path.of("/work/token"),
        Path.of("/work/serial.log"),
        Path.of("/work/qmp.sock"),
        incoming);
  }

  /** The value following {@code option} in the argument list. */
  private static String after(List<String> args, String option) {
    int i = args.indexOf(option);
    assertThat(i).as("option %s present", option).isNotNegative();
    return args.get(i + 1);
  }

  @Test
  void tcgUsesMultiThreadedTranslatorAndTheMaxCpu() {
    List<String> args = command(Accelerator.TCG, Optional.empty()).arguments();
    assertThat(args.getFirst()).isEqualTo("qemu-system-x86_64");
    assertThat(after(args, "-accel")).isEqualTo("tcg,thread=multi");
    assertThat(after(args, "-cpu")).isEqualTo("max");
    assertThat(after(args, "-machine")).isEqualTo("q35");
    assertThat(after(args, "-smp")).isEqualTo("2");
    assertThat(after(args, "-m")).isEqualTo("2048");
  }

  @Test
  void kvmUsesTheHostCpu() {
    List<String> args = command(Accelerator.KVM, Optional.empty()).arguments();
    assertThat(after(args, "-accel")).isEqualTo("kvm");
    assertThat(after(args, "-cpu")).isEqualTo("host");
  }

  @Test
  void bootsTheImagesOwnKernelWithItsCommandLine() {
    List<String> args = command(Accelerator.TCG, Optional.empty()).arguments();
    assertThat(after(args, "-kernel")).isEqualTo("/img/vmlinuz");
    assertThat(after(args, "-initrd")).isEqualTo("/img/initrd.img");
    assertThat(after(args, "-append")).isEqualTo("root=/dev/vda rw console=ttyS0");
  }

  @Test
  void forwardsOnlyOneLoopbackPortToTheGuestServerOnARestrictedNetwork() {
    List<String> args = command(Accelerator.TCG, Optional.empty()).arguments();
    assertThat(after(args, "-netdev")).isEqualTo("user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:41234-:8765");
    assertThat(args).containsSubsequence("-device", "virtio-net-pci,netdev=n0");
  }

  @Test
  void passesTheTokenAsAnFwCfgFileNeverOnTheCommandLineItself() {
    List<String> args = command(Accelerator.TCG, Optional.empty()).arguments();
    assertThat(after(args, "-fw_cfg")).isEqualTo("name=opt/deskpilot/token,file=/work/token");
  }

  @Test
  void escapesCommasInTheDiskPathAsQemuRequires() {
    List<String> args = command(Accelerator.TCG, Optional.empty()).arguments();
    assertThat(after(args, "-drive")).startsWith("file=/work/a,,b/disk.qcow2,if=virtio,format=qcow2");
  }

  @Test
  void hasNoDefaultDevicesAndLogsTheSerialConsoleAndOffersQmp() {
    List<String> args = command(Accelerator.TCG, Optional.empty()).arguments();
    assertThat(args).contains("-nodefaults", "-no-user-config");
    assertThat(after(args, "-display")).isEqualTo("none");
    assertThat(after(args, "-serial")).isEqualTo("file:/work/serial.log");
    assertThat(after(args, "-qmp")).isEqualTo("unix:/work/qmp.sock,server=on,wait=off");
    assertThat(args).doesNotContain("-incoming", "-daemonize", "-enable-kvm");
  }

  @Test
  void startsFromASavedStateWithAShellQuotedPath() {
    List<String> args = command(Accelerator.TCG, Optional.of(Path.of("/states/it's here/ready.state"))).arguments();
    assertThat(after(args, "-incoming")).isEqualTo("exec:cat '/states/it'\\''s here/ready.state'");
  }

  @Test
  void refusesATokenFileWhosePathWouldBreakTheOptionSyntax() {
    assertThatThrownBy(
            () ->
                new QemuCommand(
                    "q", "n", Accelerator.TCG, 1, 512, Path.of("k"), Path.of("i"), "x", Path.of("d"), 1, 2,
                    "opt/deskpilot/token", Path.of("/a,b/token"), Path.of("s"), Path.of("q"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/a,b/token");
  }
}
