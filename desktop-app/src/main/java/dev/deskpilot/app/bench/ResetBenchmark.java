package dev.deskpilot.app.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.vm.Sandbox;
import dev.deskpilot.vm.qemu.GoldenState;
import dev.deskpilot.vm.qemu.QemuEnvironment;
import dev.deskpilot.vm.qemu.QemuMachine;
import dev.deskpilot.vm.qemu.QemuOptions;
import dev.deskpilot.vm.qemu.VmImage;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code deskpilot bench reset}: how fast a task gets a pristine desktop. Sandbox: start to a ready
 * in-guest server. VM (when an image is given): one cold boot, then restores of the golden state
 * in fresh QEMUs on new overlays, each to a ready guest server answering its new token, and guest
 * screenshot round trips at the image's resolution. Medians and p95 in one run, side by side.
 */
public final class ResetBenchmark {
  private ResetBenchmark() {}

  public static ObjectNode run(Optional<Path> vmImage, int samples, PrintStream progress) {
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be at least 1, was " + samples);
    }
    // Bad input (a missing or corrupt image, a saved state that does not fit it) fails before any
    // measurement is spent.
    Optional<VmImage> image = vmImage.map(VmImage::open);
    Optional<GoldenState> existing = image.filter(i -> Files.isDirectory(i.dir().resolve("golden")))
        .map(i -> GoldenState.open(i.dir().resolve("golden"), i));
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("benchmark", "reset");
    o.put("samples", samples);
    List<Double> sandbox = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      progress.println("bench reset: sandbox " + (i + 1) + "/" + samples);
      long t0 = System.nanoTime();
      try (Sandbox s = Sandbox.start()) {
        sandbox.add(ms(t0));
      }
    }
    o.put("sandbox_reset_p50_ms", percentile(sandbox, 50));
    o.put("sandbox_reset_p95_ms", percentile(sandbox, 95));
    if (image.isEmpty()) {
      o.putNull("accel");
      o.putNull("vm_cold_boot_s");
      o.putNull("vm_reset_p50_ms");
      o.putNull("vm_screenshot_p50_ms");
      o.put("vm_skipped", "no VM image: give --vm-image DIR or DESKPILOT_VM_IMAGE (deskpilot vm build makes one)");
      return o;
    }
    Path dir = vmImage.get();
    QemuOptions options = QemuOptions.defaults();
    progress.println("bench reset: VM cold boot of " + dir);
    long t0 = System.nanoTime();
    try (QemuEnvironment env = QemuEnvironment.boot(image.get(), options)) {
      o.put("vm_cold_boot_s", Math.round(ms(t0)) / 1000.0);
      o.put("accel", env.machine().accelerator().toString().toLowerCase(java.util.Locale.ROOT));
    }
    Path goldenDir = dir.resolve("golden");
    GoldenState golden;
    if (existing.isPresent()) {
      golden = existing.get();
    } else {
      progress.println("bench reset: making the golden state");
      golden = QemuMachine.createGoldenState(image.get(), goldenDir, options);
    }
    List<Double> resets = new ArrayList<>();
    List<Double> shots = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      progress.println("bench reset: VM restore " + (i + 1) + "/" + samples);
      long r0 = System.nanoTime();
      try (QemuEnvironment env = QemuEnvironment.restore(golden, image.get(), options)) {
        resets.add(ms(r0));
        if (i == 0) {
          for (int k = 0; k < 10; k++) {
            long s0 = System.nanoTime();
            var shot = env.desktop().capture();
            shots.add(ms(s0));
            o.put("vm_screen", shot.width() + "x" + shot.height());
          }
        }
      }
    }
    o.put("vm_reset_p50_ms", percentile(resets, 50));
    o.put("vm_reset_p95_ms", percentile(resets, 95));
    o.put("vm_screenshot_p50_ms", percentile(shots, 50));
    o.put("vm_screenshot_p95_ms", percentile(shots, 95));
    return o;
  }

  private static double ms(long startNanos) {
    return Math.round((System.nanoTime() - startNanos) / 100_000.0) / 10.0;
  }

  /** Nearest-rank percentile, the benchmarks' one rule ({@link PerceptionBenchmark#percentile}). */
  private static double percentile(List<Double> xs, int p) {
    return PerceptionBenchmark.percentile(xs, p);
  }
}
