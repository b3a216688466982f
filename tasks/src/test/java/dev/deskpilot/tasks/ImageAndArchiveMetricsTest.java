package dev.deskpilot.tasks;

import static dev.deskpilot.tasks.MetricCalls.call;
import static dev.deskpilot.tasks.MetricCalls.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.awt.image.BufferedImage;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare_images / check_structure_sim (vlc.py, gimp.py: scikit-image SSIM) and compare_archive (chrome.py). */
class ImageAndArchiveMetricsTest {
  @TempDir Path tmp;
  private final EvaluationRegistry registry = EvaluationRegistry.builtIn();

  private double metric(String func, String options, Value a, Value b) throws IOException {
    return registry.metric(func).orElseThrow().score(call(tmp, func, options, a, b));
  }

  /** A gray image stored as RGB with r = g = b, from a formula of (x, y). */
  private Path png(String name, int w, int h, java.util.function.IntBinaryOperator level) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = level.applyAsInt(x, y);
        img.setRGB(x, y, (v << 16) | (v << 8) | v);
      }
    }
    Path p = tmp.resolve(name);
    ImageIO.write(img, "png", p.toFile());
    return p;
  }

  // Reference: skimage's structural_similarity (uniform 7x7 window, K1 .01, K2 .03, data_range 255,
  // sample covariance, 3-pixel border cropped) computed with numpy/scipy.ndimage.uniform_filter on the
  // same 20x15 pair: 0.9874716617876096
  @Test
  void compareImagesIsScikitImageSsim() throws IOException {
    Path a = png("a.png", 20, 15, (x, y) -> (x * 7 + y * 13) % 256);
    Path b = png("b.png", 20, 15, (x, y) -> Math.min(255, (x * 7 + y * 13) % 256 + (x * y) % 17));
    assertThat(metric("compare_images", "{}", file(a), file(b))).isCloseTo(0.9874716617876096, offset(1e-12));
    assertThat(metric("compare_images", "{}", file(a), file(a))).isEqualTo(1.0);
    // reference_base_result b: (ssim - b) / (1 - b) when ssim >= b + 0.01, else 0
    assertThat(metric("compare_images", "{\"reference_base_result\":0.9}", file(a), file(b)))
        .isCloseTo((0.9874716617876096 - 0.9) / 0.1, offset(1e-9));
    assertThat(metric("compare_images", "{\"reference_base_result\":0.98}", file(a), file(b))).isEqualTo(0.0);
    assertThat(metric("compare_images", "{}", Value.NOTHING, file(b))).isEqualTo(0.0);
  }

  // check_structure_sim: same size and RGB SSIM >= 0.9
  @Test
  void checkStructureSimNeedsSameSizeAndSimilarity() throws IOException {
    Path a = png("a.png", 20, 15, (x, y) -> (x * 7 + y * 13) % 256);
    Path b = png("b.png", 20, 15, (x, y) -> Math.min(255, (x * 7 + y * 13) % 256 + (x * y) % 17));
    Path noise = png("n.png", 20, 15, (x, y) -> (x * 97 + y * 61 + x * y * 31) % 256);
    Path bigger = png("big.png", 21, 15, (x, y) -> (x * 7 + y * 13) % 256);
    assertThat(metric("check_structure_sim", "{}", file(a), file(b))).isEqualTo(1.0);
    assertThat(metric("check_structure_sim", "{}", file(a), file(noise))).isEqualTo(0.0);
    assertThat(metric("check_structure_sim", "{}", file(a), file(bigger))).isEqualTo(0.0);
  }

  private Path zip(String name, Map<String, String> files) throws IOException {
    Path p = tmp.resolve(name);
    try (ZipOutputStream z = new ZipOutputStream(new FileOutputStream(p.toFile()))) {
      for (var e : files.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return p;
  }

  // compare_archive: same sorted names in file_path, then the mean of the per-file metric
  @Test
  void compareArchiveScoresEachFile() throws IOException {
    Path gold = zip("gold.zip", Map.of("notes/a.txt", "alpha\n", "notes/b.txt", "beta\n"));
    Path same = zip("same.zip", Map.of("notes/a.txt", "alpha\n", "notes/b.txt", "beta\n"));
    Path half = zip("half.zip", Map.of("notes/a.txt", "alpha\n", "notes/b.txt", "gamma\n"));
    Path other = zip("other.zip", Map.of("notes/a.txt", "alpha\n", "notes/c.txt", "beta\n"));
    assertThat(metric("compare_archive", "{\"file_path\":\"notes\"}", file(same), file(gold))).isEqualTo(1.0);
    assertThat(metric("compare_archive", "{\"file_path\":\"notes\",\"file_type\":\"text\"}", file(half), file(gold))).isEqualTo(0.5);
    assertThat(metric("compare_archive", "{\"file_path\":\"notes\"}", file(other), file(gold))).isEqualTo(0.0);
    assertThat(metric("compare_archive", "{}", Value.NOTHING, file(gold))).isEqualTo(0.0);
  }
}
