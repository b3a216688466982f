package dev.deskpilot.tasks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens reports in a real headless Chromium ({@code /usr/bin/chromium}, Debian's package): what
 * the DOM holds after the page's script ran, and screenshots at 1440 px wide saved under
 * {@code target/report-screens/} for people to look at.
 */
class HtmlReportIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCREENS = Path.of("target", "report-screens");
  private static final HtmlReport.Options OPTIONS = new HtmlReport.Options(720, 64L << 20, ZoneOffset.UTC);

  @TempDir static Path tmp;
  private static Path richReport;

  @BeforeAll
  static void reports() throws IOException {
    assertThat(CHROMIUM).as("Debian's chromium package (apt-get install chromium)").isExecutable();
    Files.createDirectories(SCREENS);
    try (var old = Files.newDirectoryStream(SCREENS, "*.png")) {
      for (Path p : old) {
        Files.delete(p);
      }
    }
    Instant t0 = Instant.parse("2026-11-20T10:00:00Z");
    // three runs of the same task set over two days, the latest compared with the one before
    ReportFixtures.rich(tmp.resolve("monday"), "model-a", t0);
    ReportFixtures.rich(tmp.resolve("tuesday"), "model-a", t0.plusSeconds(86_400));
    Path tuesdayA = tmp.resolve("tuesday/computer_13/screenshot/model-a");
    Files.writeString(tuesdayA.resolve("os/find-menu/result.txt"), "1.0\n");
    Files.writeString(tuesdayA.resolve("libreoffice_calc/sum-column/result.txt"), "1.0\n");
    new ResultTree(tmp.resolve("tuesday"), "model-b").task("os", "scroll-and-open")
        .startedAt(t0.plusSeconds(90_000)).environment()
        .step(1, ResultTree.json("Scroll."), "{\"type\":\"scroll\",\"at\":{\"x\":960,\"y\":540},\"dx\":0,\"dy\":-3}")
        .log("outcome DONE after 1 steps").finish(1.0, "exact_match scored 1.0");
    richReport = tmp.resolve("rich.html");
    HtmlReport.write(List.of(tmp.resolve("tuesday")), Optional.of(tmp.resolve("monday")), richReport, OPTIONS);
  }

  @Test
  void demoReportRendersInChromium() throws Exception {
    Path report = tmp.resolve("demo.html");
    HtmlReport.write(List.of(ReportFixtures.demoResults()), Optional.empty(), report, OPTIONS);

    String dom = chromium(report, "", "--dump-dom");
    assertThat(dom).contains("data-ready=\"3\"");
    assertThat(count(dom, "<details class=\"task passed\"")).isEqualTo(3);
    assertThat(dom).contains("id=\"overall-score\">100%<");
    assertThat(dom).contains("<g class=\"mark click\"");

    Path png = screenshot(report, "#t2", "demo-mousepad-open", 3);
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(1440);
    String opened = chromium(report, "#t2", "--dump-dom");
    assertThat(opened).containsPattern("<details class=\"task passed\" id=\"t2\"[^>]* open=\"\"");
    screenshot(report, "", "demo-top", 1);
  }

  @Test
  void aLinkToAScreenshotOpensItFullSizeWithItsMarks() throws Exception {
    Path report = tmp.resolve("demo-lightbox.html");
    HtmlReport.write(List.of(ReportFixtures.demoResults()), Optional.empty(), report, OPTIONS);
    String html = Files.readString(report);
    // f8: mousepad's step 3, the click on "File"
    assertThat(html).containsPattern("id=\"f8\"[^>]*data-title=\"mousepad/write-and-save-note \u00b7 step 3:");

    String dom = chromium(report, "#f8", "--dump-dom");
    assertThat(dom).contains("<div id=\"lightbox\">");
    assertThat(dom).containsPattern("<div class=\"lb-stage\"><div><figure class=\"shot\" data-title=\"mousepad/write-and-save-note[^>]*>"
        + "<img src=\"data:image/png;base64,[A-Za-z0-9+/=]{1000,}\" alt=");
    assertThat(dom).containsPattern("<div class=\"lb-stage\">.*<g class=\"mark click\" data-action=\"1\"><title>click at \\(659, 318\\)");
    // the marks counted before the lightbox cloned one
    assertThat(dom).contains("data-ready=\"3\"");
    screenshot(report, "#f8", "demo-lightbox", 3);
  }

  @Test
  void richReportRunsItsScriptAndNothingInjected() throws Exception {
    String dom = chromium(richReport, "", "--dump-dom");

    assertThat(dom).containsPattern("<html lang=\"en\" data-ready=\"\\d+\"");
    // the hostile text is on the page as text, and none of it ran
    assertThat(dom).contains("&lt;script&gt;document.documentElement.setAttribute('data-pwned'").doesNotContainPattern("<html[^>]*data-pwned");
    assertThat(dom).doesNotContain("<img src=\"x\"").doesNotContain("<svg onload");
    assertThat(count(dom, "<details class=\"task ")).isEqualTo(9);
    assertThat(dom).contains("<section id=\"runs\"><h2>Runs over time</h2>");
    assertThat(dom).contains("<section id=\"compare\">");
    assertThat(dom).contains("data-change=\"fixed\"><b>2</b>");
    assertThat(dom).contains("<g class=\"mark click\"").contains("<g class=\"mark drag\"").contains("<g class=\"mark scroll\"")
        .contains("<g class=\"mark click right\"");
    assertThat(dom).contains("&lt;script&gt;document.documentElement.setAttribute");

    screenshot(richReport, "", "rich-top", 2);
    screenshot(richReport, "#t3", "rich-task-gimp", 3);
    screenshot(richReport, "#t8", "rich-task-hostile", 3);
    String hostile = chromium(richReport, "#t8", "--dump-dom");
    assertThat(hostile).doesNotContainPattern("<html[^>]*data-pwned");
    assertThat(hostile).containsPattern("id=\"t8\"[^>]* open=\"\"");
  }

  /**
   * Screenshots the page 1440 px wide in a window tall enough that nothing scrolls (headless
   * Chromium paints scrolled-to content unreliably), then saves it in 1440x1800 slices,
   * {@code name-1.png}, {@code name-2.png}, ... (as many as {@code slices}) for people to look at.
   *
   * @return the first slice
   */
  private static Path screenshot(Path report, String hash, String name, int slices) throws Exception {
    Path whole = tmp.resolve(name + ".png").toAbsolutePath();
    Files.deleteIfExists(whole);
    chromium(report, hash, "--screenshot=" + whole, "--window-size=1440," + 1800 * slices, "--hide-scrollbars");
    assertThat(whole).isNotEmptyFile();
    BufferedImage img = ImageIO.read(whole.toFile());
    Path first = null;
    for (int i = 0; i < slices && i * 1800 < img.getHeight(); i++) {
      BufferedImage slice = img.getSubimage(0, i * 1800, img.getWidth(), Math.min(1800, img.getHeight() - i * 1800));
      Path png = SCREENS.resolve(name + "-" + (i + 1) + ".png");
      ImageIO.write(slice, "png", png.toFile());
      first = first == null ? png : first;
    }
    return first;
  }

  /** Runs headless Chromium on the report; returns its standard output. */
  private static String chromium(Path report, String hash, String... args) throws Exception {
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=3000"));
    cmd.addAll(List.of(args));
    cmd.add(report.toUri() + hash);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("DISPLAY");
    pb.redirectError(tmp.resolve("chromium.err").toFile());
    Process p = pb.start();
    byte[] out;
    try {
      java.util.concurrent.CompletableFuture<byte[]> read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return p.getInputStream().readAllBytes();
        } catch (IOException e) {
          return new byte[0];
        }
      });
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        throw new AssertionError("chromium did not finish in 120 s: " + cmd);
      }
      out = read.join();
    } finally {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    assertThat(p.exitValue()).as("chromium exit status; stderr: %s",
        Files.readString(tmp.resolve("chromium.err"), StandardCharsets.UTF_8)).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }
}
