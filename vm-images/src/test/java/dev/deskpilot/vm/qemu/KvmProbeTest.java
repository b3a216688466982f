package dev.deskpilot.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvmProbeTest {
  private static final String INTEL =
      "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme de pse tsc msr pae vmx ssse3 sse4_1\n\n";
  private static final String AMD = "processor\t: 0\nflags\t\t: fpu sse2 svm lm\n";
  private static final String NESTED_WITHOUT_VMX = "processor\t: 0\nflags\t\t: fpu sse2 lm hypervisor avx2\n";

  @TempDir Path dir;

  @Test
  void acceptsIntelAndAmdVirtualizationFlags() {
    assertThat(KvmProbe.cpuProblem(INTEL)).isEmpty();
    assertThat(KvmProbe.cpuProblem(AMD)).isEmpty();
  }

  @Test
  void namesAMissingFlagAndSaysWhenTheHostIsItselfAVm() {
    assertThat(KvmProbe.cpuProblem(NESTED_WITHOUT_VMX))
        .hasValueSatisfying(reason -> assertThat(reason).contains("no vmx/svm").contains("itself a VM"));
    assertThat(KvmProbe.cpuProblem("processor: 0\n")).hasValue("/proc/cpuinfo has no flags line");
  }

  @Test
  void aFlagMustBeAWholeWord() {
    assertThat(KvmProbe.cpuProblem("flags\t: vmxnot svmish\n")).isPresent();
  }

  @Test
  void aKernelThatReachedItsRootMountPanicMeansKvmWorks() {
    KvmProbe.Result r =
        KvmProbe.interpretBootTest(true, 0, "[0.9] VFS: Unable to mount root fs on unknown-block(0,0)\n", Duration.ofSeconds(15));
    assertThat(r.kvmUsable()).isTrue();
    assertThat(r.accelerator()).isEqualTo(Accelerator.KVM);
  }

  @Test
  void aHangMeansTcgWithTheLastConsoleLine() {
    KvmProbe.Result r =
        KvmProbe.interpretBootTest(false, -1, "[0.0] Linux version 6.1\n[0.1] smpboot: CPU0\n", Duration.ofSeconds(15));
    assertThat(r.accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(r.reason()).contains("within 15 s").contains("smpboot: CPU0");
  }

  @Test
  void anEarlyExitMeansTcgWithTheExitCode() {
    KvmProbe.Result r = KvmProbe.interpretBootTest(true, 1, "", Duration.ofSeconds(15));
    assertThat(r.accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(r.reason()).contains("exited with code 1");
  }

  @Test
  void missingDevKvmIsReportedWithoutRunningQemu() throws IOException {
    Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), INTEL);
    KvmProbe probe = new KvmProbe(dir.resolve("kvm"), cpuinfo, "amd64", "/nonexistent/qemu");
    KvmProbe.Result r = probe.probe(dir.resolve("vmlinuz"), Duration.ofSeconds(1));
    assertThat(r.accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(r.reason()).contains(dir.resolve("kvm") + " does not exist");
  }

  @Test
  void aCpuWithoutVirtualizationIsReportedBeforeTheBootTest() throws IOException {
    Path kvm = Files.createFile(dir.resolve("kvm"));
    Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), NESTED_WITHOUT_VMX);
    KvmProbe probe = new KvmProbe(kvm, cpuinfo, "amd64", "/nonexistent/qemu");
    assertThat(probe.staticProblem()).hasValueSatisfying(reason -> assertThat(reason).contains("no vmx/svm"));
  }

  @Test
  void otherArchitecturesUseTcg() {
    KvmProbe probe = new KvmProbe(dir.resolve("kvm"), dir.resolve("cpuinfo"), "aarch64", "q");
    assertThat(probe.staticProblem()).hasValue("the host is aarch64, not x86_64");
  }

  @Test
  void theOverrideWinsAndIsValidated() {
    KvmProbe probe = new KvmProbe(dir.resolve("kvm"), dir.resolve("cpuinfo"), "amd64", "q");
    assertThat(probe.choose("kvm", dir, Duration.ofSeconds(1)).accelerator()).isEqualTo(Accelerator.KVM);
    assertThat(probe.choose(" TCG ", dir, Duration.ofSeconds(1)).accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(probe.choose("auto", dir, Duration.ofSeconds(1)).reason()).contains("does not exist");
    assertThatThrownBy(() -> probe.choose("xen", dir, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DESKPILOT_VM_ACCEL")
        .hasMessageContaining("'xen'");
  }
}
