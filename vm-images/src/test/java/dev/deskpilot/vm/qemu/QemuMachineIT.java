package dev.deskpilot.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots a real image (env {@code DESKPILOT_VM_IMAGE}, built by scripts/build-vm-image.sh), checks
 * its guest server, saves a golden state, restores from it, and resets a machine in place. Prints
 * cold boot seconds and reset milliseconds as JSON lines; asserts no timings.
 */
class QemuMachineIT {
  private static VmImage image;
  private static QemuOptions options;

  @TempDir static Path tmp;

  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(120, TimeUnit.SECONDS).build();

  @BeforeAll
  static void needsAnImage() {
    String path = System.getenv("DESKPILOT_VM_IMAGE");
    assumeTrue(
        path != null && Files.isRegularFile(Path.of(path, "manifest.json")),
        "skipped: no VM image (set DESKPILOT_VM_IMAGE to a directory made by scripts/build-vm-image.sh; was "
            + path + ")");
    image = VmImage.open(Path.of(path));
    options = QemuOptions.defaults().withWorkRoot(tmp);
  }

  private Response get(QemuMachine vm, String path, String token) throws IOException {
    return http.newCall(
            new Request.Builder()
                .url(vm.guestUrl().resolve(path).toString())
                .header("Authorization", "Bearer " + token)
                .build())
        .execute();
  }

  private BufferedImage screenshot(QemuMachine vm) throws IOException {
    try (Response r = get(vm, "/v1/screenshot", vm.token())) {
      assertThat(r.code()).isEqualTo(200);
      return ImageIO.read(new ByteArrayInputStream(r.body().bytes()));
    }
  }

  private String run(QemuMachine vm, String shellCommand) throws IOException {
    String body = "{\"argv\":[\"sh\",\"-c\"," + quote(shellCommand) + "],\"timeout_ms\":30000}";
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url(vm.guestUrl().resolve("/v1/run").toString())
                    .header("Authorization", "Bearer " + vm.token())
                    .post(RequestBody.create(body, MediaType.get("application/json")))
                    .build())
            .execute()) {
      assertThat(r.code()).isEqualTo(200);
      return r.body().string();
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static void report(String name, Map<String, Object> values) {
    StringBuilder json = new StringBuilder("{\"bench\":\"" + name + "\"");
    values.forEach((k, v) -> json.append(",\"").append(k).append("\":").append(v instanceof String ? quote((String) v) : String.format(Locale.ROOT, "%s", v)));
    System.out.println(json.append('}'));
  }

  @Test
  void coldBootGoldenStateRestoreAndInPlaceReset() throws IOException {
    // Cold boot.
    long t0 = System.nanoTime();
    Path stateDir = tmp.resolve("golden");
    GoldenState state = QemuMachine.createGoldenState(image, stateDir, options);
    double coldSeconds = (System.nanoTime() - t0) / 1e9;
    report("vm-golden-state", Map.of("image", image.name(), "accelerator", state.accelerator().name(),
        "seconds_boot_and_save", coldSeconds, "state_mb", Files.size(state.stateFile()) >> 20,
        "golden_disk_mb", Files.size(state.diskFile()) >> 20));
    state.verifyHashes();

    List<Double> restoreMs = new ArrayList<>();
    String firstToken = null;
    for (int i = 0; i < 3; i++) {
      long r0 = System.nanoTime();
      try (QemuMachine vm = QemuMachine.restore(GoldenState.open(stateDir, image), image, options)) {
        restoreMs.add((System.nanoTime() - r0) / 1e6);
        // The guest serves this machine's token only.
        if (firstToken != null) {
          assertThat(vm.token()).isNotEqualTo(firstToken);
          try (Response stale = get(vm, "/v1/health", firstToken)) {
            assertThat(stale.code()).isEqualTo(401);
          }
        }
        firstToken = vm.token();
        try (Response health = get(vm, "/v1/health", vm.token())) {
          assertThat(health.code()).isEqualTo(200);
          assertThat(health.body().string()).contains("\"width\":1920").contains("\"height\":1080");
        }
        BufferedImage shot = screenshot(vm);
        assertThat(shot.getWidth()).isEqualTo(1920);
        assertThat(shot.getHeight()).isEqualTo(1080);
        // A file written in one task is gone in the next: each restore has its own overlay.
        assertThat(run(vm, "test -e /home/user/task-marker && echo LEFTOVER || echo clean")).contains("clean");
        run(vm, "echo x > /home/user/task-marker && sync");
      }
    }
    report("vm-restore-from-golden", Map.of("runs", restoreMs.size(), "median_ms", median(restoreMs), "all_ms", restoreMs.toString()));

    // In-place reset of one machine: savevm once, then loadvm.
    try (QemuMachine vm = QemuMachine.restore(state, image, options)) {
      vm.saveSnapshot("ready");
      List<Double> resetMs = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        run(vm, "echo x > /home/user/reset-marker && sync");
        long r0 = System.nanoTime();
        vm.loadSnapshot("ready");
        vm.awaitReady(options.readyTimeout());
        resetMs.add((System.nanoTime() - r0) / 1e6);
        assertThat(run(vm, "test -e /home/user/reset-marker && echo LEFTOVER || echo clean")).contains("clean");
      }
      report("vm-reset-loadvm", Map.of("runs", resetMs.size(), "median_ms", median(resetMs), "all_ms", resetMs.toString()));
    }
  }

  @Test
  void coldBootOnAFreshOverlay() throws IOException {
    long t0 = System.nanoTime();
    try (QemuMachine vm = QemuMachine.boot(image, options)) {
      double seconds = (System.nanoTime() - t0) / 1e9;
      report("vm-cold-boot", Map.of("image", image.name(), "accelerator", vm.accelerator().name(), "seconds", seconds));
      assertThat(Files.readString(vm.serialLog())).contains("deskpilot-session: guest server started");
      assertThat(screenshot(vm).getWidth()).isEqualTo(1920);
      try (Response wrong = get(vm, "/v1/health", "0".repeat(64))) {
        assertThat(wrong.code()).isEqualTo(401);
      }
    }
  }

  @Test
  void aStateIsRefusedForAnotherDisk() throws IOException {
    Path stateDir = Files.createDirectories(tmp.resolve("foreign"));
    Path disk = Files.writeString(stateDir.resolve("golden.qcow2"), "x");
    Path ram = Files.writeString(stateDir.resolve("ready.state"), "y");
    new GoldenState(stateDir, image.name(), image.disk(), "0".repeat(64), "7.2.22", Accelerator.TCG, 2, 2048,
            GoldenState.FileStamp.of(disk), GoldenState.FileStamp.of(ram), java.time.Instant.now())
        .write();
    assertThatThrownBy(() -> GoldenState.open(stateDir, image))
        .isInstanceOf(VmException.class)
        .hasMessageContaining("belongs to image");
  }
}
