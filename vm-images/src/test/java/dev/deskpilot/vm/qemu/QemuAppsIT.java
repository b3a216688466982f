package dev.deskpilot.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.perception.TesseractOcr;
import dev.deskpilot.perception.TextLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional app sets of an image (env {@code DESKPILOT_VM_IMAGE}, built with {@code deskpilot vm
 * build --apps office,browser} or one of them; each test skips when its set is not in the image):
 * LibreOffice Calc starts as the guest's user with no first-run dialog and OCR of the guest's
 * screen reads its window ("Untitled" and the "Sheet" tab); {@code google-chrome} is Chromium with
 * Chrome's profile directory. Prints seconds to the first reading; asserts no timings.
 */
class QemuAppsIT {
  @TempDir Path tmp;

  private static VmImage imageWith(String apps) {
    String path = System.getenv("DESKPILOT_VM_IMAGE");
    assumeTrue(
        path != null && Files.isRegularFile(Path.of(path, "manifest.json")),
        "skipped: no VM image (set DESKPILOT_VM_IMAGE to an image built with deskpilot vm build --apps " + apps + "; was " + path + ")");
    VmImage image = VmImage.open(Path.of(path));
    assumeTrue(image.apps().contains(apps), "skipped: " + image.name() + " has no " + apps + " apps (apps " + image.apps() + ")");
    return image;
  }

  @Test
  void googleChromeIsChromiumWithChromesProfile() {
    VmImage image = imageWith("browser");
    QemuOptions options = QemuOptions.defaults().withWorkRoot(tmp);
    try (QemuEnvironment env = QemuEnvironment.boot(image, options)) {
      CommandResult version = env.desktop().run(Command.of("google-chrome-stable", "--version"));
      assertThat(version.exitCode()).as(version.stderr()).isZero();
      assertThat(version.stdout()).contains("Chromium");
      CommandResult dom = env.desktop().run(new Command(List.of("google-chrome", "--headless", "--disable-gpu",
          "--dump-dom", "data:text/html,<title>t</title><p id=x>deskpilot in chrome</p>"), false, Duration.ofMinutes(2)));
      assertThat(dom.exitCode()).as(dom.stderr()).isZero();
      assertThat(dom.stdout()).contains("deskpilot in chrome");
      CommandResult profile = env.desktop().run(Command.of("sh", "-c", "test -d ~/.config/google-chrome/Default && echo profile-ok"));
      assertThat(profile.stdout()).contains("profile-ok");
      assertThat(env.desktop().run(Command.of("which", "socat")).exitCode()).isZero();
    }
  }

  @Test
  void calcOpensInTheGuestAndOcrReadsIt() {
    VmImage image = imageWith("office");
    QemuOptions options = QemuOptions.defaults().withWorkRoot(tmp);
    try (QemuEnvironment env = QemuEnvironment.boot(image, options);
        TesseractOcr ocr = TesseractOcr.open()) {
      CommandResult version = env.desktop().run(Command.of("soffice", "--version"));
      assertThat(version.exitCode()).isZero();
      assertThat(version.stdout()).contains("LibreOffice");

      long t0 = System.nanoTime();
      env.desktop().launch(Command.of("soffice", "--calc"));
      AtomicReference<String> seen = new AtomicReference<>("");
      await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2))
          .until(() -> {
            List<TextLine> lines = ocr.read(env.desktop().capture().image());
            String text = String.join("\n", lines.stream().map(TextLine::text).toList());
            seen.set(text);
            return text.contains("Untitled") && text.contains("Sheet");
          });
      System.out.printf(Locale.ROOT, "{\"bench\":\"vm-office-calc-open\",\"seconds\":%.1f}%n", (System.nanoTime() - t0) / 1e9);
      // No first-run wizard, tip of the day or donation bar in the way.
      assertThat(seen.get()).doesNotContain("Tip of the Day").doesNotContain("Donate");
      CommandResult who = env.desktop().run(Command.of("sh", "-c", "ps -o user= -C soffice.bin | sort -u"));
      assertThat(who.stdout().strip()).isEqualTo("user");
    }
  }
}
