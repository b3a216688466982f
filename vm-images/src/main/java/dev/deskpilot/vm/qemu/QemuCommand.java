package dev.deskpilot.vm.qemu;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The QEMU command line of one machine: q35, the image's own kernel and initrd (no boot loader),
 * one virtio disk, user networking restricted to a single 127.0.0.1 port forward to the guest
 * server, the session token as an fw_cfg file, the serial console to a file, QMP on a unix socket,
 * and optionally a saved state to start from.
 *
 * @param incomingState a state file written by migration, to start from instead of booting
 */
record QemuCommand(
    String binary,
    String name,
    Accelerator accelerator,
    int cpus,
    int memoryMb,
    Path kernel,
    Path initrd,
    String kernelCmdline,
    Path disk,
    int hostPort,
    int guestPort,
    String tokenFwCfgName,
    Path tokenFile,
    Path serialLog,
    Path qmpSocket,
    Optional<Path> incomingState) {

  QemuCommand {
    Objects.requireNonNull(incomingState, "incomingState");
    if (kernelCmdline.contains("\n")) {
      throw new IllegalArgumentException("kernel command line must be one line, was " + kernelCmdline);
    }
    if (tokenFwCfgName.contains(",") || tokenFile.toString().contains(",")) {
      throw new IllegalArgumentException(
          "fw_cfg name and token file must not contain ',' (QEMU option syntax): " + tokenFwCfgName + ", " + tokenFile);
    }
  }

  List<String> arguments() {
    List<String> a = new ArrayList<>();
    a.add(binary);
    a.addAll(List.of("-name", name));
    a.addAll(List.of("-machine", "q35"));
    a.addAll(List.of("-accel", accelerator.qemuAccel()));
    a.addAll(List.of("-cpu", accelerator.qemuCpu()));
    a.addAll(List.of("-smp", Integer.toString(cpus)));
    a.addAll(List.of("-m", Integer.toString(memoryMb)));
    a.addAll(List.of("-nodefaults", "-no-user-config", "-display", "none", "-rtc", "base=utc"));
    a.addAll(List.of("-kernel", kernel.toString(), "-initrd", initrd.toString()));
    a.addAll(List.of("-append", kernelCmdline));
    a.addAll(List.of("-drive", "file=" + optionValue(disk.toString()) + ",if=virtio,format=qcow2,cache=writeback,discard=unmap"));
    a.addAll(
        List.of(
            "-netdev",
            "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:" + hostPort + "-:" + guestPort,
            "-device",
            "virtio-net-pci,netdev=n0"));
    a.addAll(List.of("-device", "virtio-rng-pci"));
    a.addAll(List.of("-fw_cfg", "name=" + tokenFwCfgName + ",file=" + tokenFile));
    a.addAll(List.of("-serial", "file:" + serialLog));
    a.addAll(List.of("-qmp", "unix:" + optionValue(qmpSocket.toString()) + ",server=on,wait=off"));
    incomingState.ifPresent(
        state -> a.addAll(List.of("-incoming", "exec:cat " + VmFiles.shellQuote(state.toString()))));
    return List.copyOf(a);
  }

  /** QEMU option values escape a comma by doubling it. */
  static String optionValue(String value) {
    return value.replace(",", ",,");
  }
}
