package dev.deskpilot.vm.qemu;

/** How QEMU runs guest code. */
public enum Accelerator {
  /** Hardware virtualization through /dev/kvm: fast, needs a KVM that really works. */
  KVM,
  /** QEMU's own translator: works everywhere, several times slower. */
  TCG;

  /** QEMU's {@code -accel} value. */
  String qemuAccel() {
    return this == KVM ? "kvm" : "tcg,thread=multi";
  }

  /** QEMU's {@code -cpu} value. */
  String qemuCpu() {
    return this == KVM ? "host" : "max";
  }
}
