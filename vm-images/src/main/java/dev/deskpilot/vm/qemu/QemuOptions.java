package dev.deskpilot.vm.qemu;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a VM. Build with {@link #defaults()} and the {@code with...} methods.
 *
 * @param qemuBinary the x86_64 system emulator
 * @param accelerator KVM or TCG; empty: probe ({@link KvmProbe}, honouring {@code
 *     DESKPILOT_VM_ACCEL})
 * @param cpus virtual CPUs
 * @param memoryMb guest memory
 * @param hostPort the 127.0.0.1 port forwarded to the guest server; 0 picks a free one
 * @param readyTimeout how long the guest server may take to answer after a cold boot or restore
 * @param workRoot where per-machine work directories (overlay, logs, sockets) are made
 */
public record QemuOptions(
    String qemuBinary,
    Optional<Accelerator> accelerator,
    int cpus,
    int memoryMb,
    int hostPort,
    Duration readyTimeout,
    Path workRoot) {

  public QemuOptions {
    Objects.requireNonNull(qemuBinary, "qemuBinary");
    Objects.requireNonNull(accelerator, "accelerator");
    Objects.requireNonNull(readyTimeout, "readyTimeout");
    Objects.requireNonNull(workRoot, "workRoot");
    if (cpus < 1) {
      throw new IllegalArgumentException("cpus must be >= 1, was " + cpus);
    }
    if (memoryMb < 256) {
      throw new IllegalArgumentException("memoryMb must be >= 256, was " + memoryMb);
    }
    if (hostPort < 0 || hostPort > 65535) {
      throw new IllegalArgumentException("hostPort must be 0..65535, was " + hostPort);
    }
    if (readyTimeout.isNegative() || readyTimeout.isZero()) {
      throw new IllegalArgumentException("readyTimeout must be positive, was " + readyTimeout);
    }
  }

  /** qemu-system-x86_64, probed accelerator, 2 CPUs, 2048 MB, a free port, 300 s, the temp dir. */
  public static QemuOptions defaults() {
    return new QemuOptions(
        "qemu-system-x86_64",
        Optional.empty(),
        2,
        2048,
        0,
        Duration.ofSeconds(300),
        Path.of(System.getProperty("java.io.tmpdir")));
  }

  public QemuOptions withAccelerator(Accelerator value) {
    return new QemuOptions(qemuBinary, Optional.of(value), cpus, memoryMb, hostPort, readyTimeout, workRoot);
  }

  public QemuOptions withQemuBinary(String value) {
    return new QemuOptions(value, accelerator, cpus, memoryMb, hostPort, readyTimeout, workRoot);
  }

  public QemuOptions withCpus(int value) {
    return new QemuOptions(qemuBinary, accelerator, value, memoryMb, hostPort, readyTimeout, workRoot);
  }

  public QemuOptions withMemoryMb(int value) {
    return new QemuOptions(qemuBinary, accelerator, cpus, value, hostPort, readyTimeout, workRoot);
  }

  public QemuOptions withHostPort(int value) {
    return new QemuOptions(qemuBinary, accelerator, cpus, memoryMb, value, readyTimeout, workRoot);
  }

  public QemuOptions withReadyTimeout(Duration value) {
    return new QemuOptions(qemuBinary, accelerator, cpus, memoryMb, hostPort, value, workRoot);
  }

  public QemuOptions withWorkRoot(Path value) {
    return new QemuOptions(qemuBinary, accelerator, cpus, memoryMb, hostPort, readyTimeout, value);
  }
}
