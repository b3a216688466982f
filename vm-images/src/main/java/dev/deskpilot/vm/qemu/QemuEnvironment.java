package dev.deskpilot.vm.qemu;

import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.vm.Environment;
import dev.deskpilot.vm.HttpDesktop;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A task environment in a QEMU VM: a {@link QemuMachine} and an {@link HttpDesktop} talking to its
 * in-guest server through the forwarded 127.0.0.1 port with the machine's session token. Closing
 * it stops the VM and drops its overlay: nothing a task did survives.
 */
public final class QemuEnvironment implements Environment {
  private final QemuMachine machine;
  private final HttpDesktop desktop;
  private boolean closed;

  /** Wraps a running, ready machine; closing the environment closes it. */
  public QemuEnvironment(QemuMachine machine) {
    this.machine = Objects.requireNonNull(machine, "machine");
    this.desktop = new HttpDesktop(machine.guestUrl(), machine.token());
  }

  /** Cold-boots {@code image} (tens of seconds under TCG). */
  public static QemuEnvironment boot(VmImage image, QemuOptions options) {
    return new QemuEnvironment(QemuMachine.boot(image, options));
  }

  /** Starts from a saved golden state on a fresh overlay (seconds). */
  public static QemuEnvironment restore(GoldenState state, VmImage image, QemuOptions options) {
    return new QemuEnvironment(QemuMachine.restore(state, image, options));
  }

  @Override
  public Desktop desktop() {
    return desktop;
  }

  /** The machine underneath, for snapshots and logs. */
  public QemuMachine machine() {
    return machine;
  }

  /** The name under which {@link #logFiles()} offers the guest's serial console. */
  public static final String SERIAL_LOG = "vm-serial.log";

  /** The guest's serial console (kernel, systemd and session messages) as {@value #SERIAL_LOG}. */
  @Override
  public Map<String, Path> logFiles() {
    return Map.of(SERIAL_LOG, machine.serialLog());
  }

  @Override
  public String description() {
    return "QEMU VM " + machine.image().name() + " (" + machine.accelerator() + ") at " + machine.guestUrl();
  }

  /** Stops the VM and drops its overlay; safe to call twice. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      desktop.close();
    } finally {
      machine.close();
    }
  }
}
