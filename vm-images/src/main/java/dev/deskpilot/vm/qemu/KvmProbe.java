package dev.deskpilot.vm.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Finds out whether KVM really works here, so a VM uses it when it can and QEMU's TCG otherwise.
 *
 * <p>Having {@code /dev/kvm} is not enough: some hosts offer a software nested KVM under which a
 * stock kernel hangs. The probe therefore checks, cheapest first: the CPU architecture, {@code
 * /dev/kvm} (present, readable and writable), the CPU's {@code vmx}/{@code svm} flag, and then boots
 * the image's own kernel under KVM with no root file system: a working KVM reaches the kernel's
 * "cannot mount root" panic in about a second, a broken one hangs until the timeout.
 *
 * <p>The environment variable {@code DESKPILOT_VM_ACCEL} ({@code kvm}, {@code tcg}, or {@code
 * auto}) overrides the probe when set (see {@link #choose(String, Path, Duration)}).
 */
public final class KvmProbe {
  /** The environment variable that forces an accelerator. */
  public static final String OVERRIDE_VARIABLE = "DESKPILOT_VM_ACCEL";

  private static final Pattern FLAGS = Pattern.compile("(?m)^flags\\s*:(.*)$");

  /**
   * What the probe decided and why.
   *
   * @param accelerator the accelerator to use
   * @param reason one line a person can act on, e.g. {@code "/dev/kvm is not writable by this user"}
   */
  public record Result(Accelerator accelerator, String reason) {
    public Result {
      Objects.requireNonNull(accelerator, "accelerator");
      Objects.requireNonNull(reason, "reason");
    }

    /** True when KVM was found usable. */
    public boolean kvmUsable() {
      return accelerator == Accelerator.KVM;
    }
  }

  private final Path devKvm;
  private final Path cpuinfo;
  private final String osArch;
  private final String qemuBinary;

  /**
   * @param devKvm normally {@code /dev/kvm}
   * @param cpuinfo normally {@code /proc/cpuinfo}
   * @param osArch normally {@code System.getProperty("os.arch")}
   * @param qemuBinary the QEMU system emulator used for the boot test
   */
  public KvmProbe(Path devKvm, Path cpuinfo, String osArch, String qemuBinary) {
    this.devKvm = Objects.requireNonNull(devKvm, "devKvm");
    this.cpuinfo = Objects.requireNonNull(cpuinfo, "cpuinfo");
    this.osArch = Objects.requireNonNull(osArch, "osArch");
    this.qemuBinary = Objects.requireNonNull(qemuBinary, "qemuBinary");
  }

  /** The probe of this machine. */
  public static KvmProbe ofThisMachine(String qemuBinary) {
    return new KvmProbe(
        Path.of("/dev/kvm"), Path.of("/proc/cpuinfo"), System.getProperty("os.arch", ""), qemuBinary);
  }

  /**
   * Decides the accelerator: an override ({@code kvm}, {@code tcg}; {@code null}, blank or {@code
   * auto} means probe), else {@link #probe(Path, Duration)}.
   *
   * @throws IllegalArgumentException when the override is none of those values
   */
  public Result choose(String override, Path kernel, Duration bootTimeout) {
    String value = override == null ? "" : override.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "kvm" -> new Result(Accelerator.KVM, OVERRIDE_VARIABLE + "=kvm");
      case "tcg" -> new Result(Accelerator.TCG, OVERRIDE_VARIABLE + "=tcg");
      case "", "auto" -> probe(kernel, bootTimeout);
      default ->
          throw new IllegalArgumentException(
              OVERRIDE_VARIABLE + " must be kvm, tcg or auto, was '" + override + "'");
    };
  }

  /** The cheap checks only (no boot test): empty when nothing speaks against KVM. */
  public Optional<String> staticProblem() {
    if (!Set.of("amd64", "x86_64").contains(osArch)) {
      return Optional.of("the host is " + osArch + ", not x86_64");
    }
    if (!Files.exists(devKvm)) {
      return Optional.of(devKvm + " does not exist (no KVM module loaded, or not a Linux host)");
    }
    if (!Files.isReadable(devKvm) || !Files.isWritable(devKvm)) {
      return Optional.of(devKvm + " is not readable and writable by this user (add it to group kvm)");
    }
    String text;
    try {
      text = Files.readString(cpuinfo, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.of("cannot read " + cpuinfo + ": " + e.getMessage());
    }
    return cpuProblem(text);
  }

  /**
   * Runs the checks and, when they pass, the boot test with {@code kernel}.
   *
   * @param kernel a Linux kernel (the image's {@code vmlinuz})
   * @param bootTimeout how long a working KVM may take to reach the kernel's root-mount panic
   */
  public Result probe(Path kernel, Duration bootTimeout) {
    Optional<String> problem = staticProblem();
    if (problem.isPresent()) {
      return new Result(Accelerator.TCG, problem.get());
    }
    return bootTest(kernel, bootTimeout);
  }

  private Result bootTest(Path kernel, Duration timeout) {
    Path log = null;
    try {
      log = Files.createTempFile("deskpilot-kvm-probe", ".log");
      List<String> command =
          List.of(
              qemuBinary, "-accel", "kvm", "-cpu", "host", "-m", "256", "-smp", "1",
              "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
              "-serial", "file:" + log, "-kernel", kernel.toString(),
              "-append", "console=ttyS0 panic=-1 root=/dev/deskpilot-kvm-probe");
      Process qemu =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      boolean exited = qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!exited) {
        qemu.destroyForcibly();
        qemu.waitFor(5, TimeUnit.SECONDS);
      }
      String serial = Files.readString(log, StandardCharsets.ISO_8859_1);
      return interpretBootTest(exited, exited ? qemu.exitValue() : -1, serial, timeout);
    } catch (IOException e) {
      return new Result(Accelerator.TCG, "the KVM boot test could not run: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException(VmException.Kind.QEMU_FAILED, "interrupted during the KVM boot test", e);
    } finally {
      if (log != null) {
        try {
          Files.deleteIfExists(log);
        } catch (IOException ignored) {
          // a leftover temp file of a few KB is not worth failing the probe for
        }
      }
    }
  }

  /** The flags line of {@code /proc/cpuinfo} has neither {@code vmx} nor {@code svm}: a reason. */
  static Optional<String> cpuProblem(String cpuinfo) {
    var matcher = FLAGS.matcher(cpuinfo);
    if (!matcher.find()) {
      return Optional.of("/proc/cpuinfo has no flags line");
    }
    Set<String> flags = Set.of(matcher.group(1).strip().split("\\s+"));
    if (!flags.contains("vmx") && !flags.contains("svm")) {
      return Optional.of(
          "the CPU offers no hardware virtualization (no vmx/svm flag)"
              + (flags.contains("hypervisor") ? "; this host is itself a VM without nested virtualization" : ""));
    }
    return Optional.empty();
  }

  /** Reads the boot test: a working KVM got the kernel to its root-mount panic and QEMU exited. */
  static Result interpretBootTest(boolean exited, int exitCode, String serial, Duration timeout) {
    boolean reachedRootMount =
        serial.contains("VFS: Unable to mount root") || serial.contains("Kernel panic");
    if (exited && reachedRootMount) {
      return new Result(Accelerator.KVM, "a test kernel booted under KVM");
    }
    if (!exited) {
      String last = lastLine(serial);
      return new Result(
          Accelerator.TCG,
          "a test kernel did not finish booting under KVM within "
              + timeout.toSeconds()
              + " s (a software or broken nested KVM)"
              + (last.isEmpty() ? "; it printed nothing" : "; last console line: " + last));
    }
    return new Result(
        Accelerator.TCG,
        "QEMU with KVM exited with code " + exitCode + " before the test kernel booted"
            + (serial.isBlank() ? "" : "; last console line: " + lastLine(serial)));
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\\R");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }
}
