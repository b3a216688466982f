package dev.deskpilot.tasks.internal;

import dev.deskpilot.tasks.MetricInput;
import dev.deskpilot.tasks.Value;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * OSWorld's image metrics: {@code compare_images} ({@code metrics/vlc.py}, grayscale SSIM after
 * resizing to the smaller size) and {@code check_structure_sim} ({@code metrics/gimp.py}, RGB SSIM
 * at least 0.9). SSIM is scikit-image's {@code structural_similarity} with its defaults: a 7x7
 * uniform window, K1 0.01, K2 0.03, data range 255 for 8-bit images, sample covariance, the mean
 * over the image less a 3-pixel border, and per-channel means for colour.
 */
public final class ImageMetrics {
  private ImageMetrics() {}

  static Path file(MetricInput in, Value v) {
    return switch (v) {
      case Value.LocalFile f -> f.path();
      case Value.Text t -> Path.of(t.text());
      default -> throw in.fail("needs an image file, got " + v.summary());
    };
  }

  static BufferedImage read(Path p) throws IOException {
    BufferedImage img = ImageIO.read(p.toFile());
    if (img == null) {
      throw new IOException("not an image this JVM can read: " + p);
    }
    return img;
  }

  /**
   * The pixel as 0xRRGGBB the way PIL decodes it: gray images give their stored level in all three
   * channels (Java's getRGB would convert them from a linear gray space).
   */
  static int rgb(BufferedImage img, int x, int y) {
    int t = img.getType();
    if (t == BufferedImage.TYPE_BYTE_GRAY || t == BufferedImage.TYPE_USHORT_GRAY) {
      int v = img.getRaster().getSample(x, y, 0);
      if (t == BufferedImage.TYPE_USHORT_GRAY) {
        v >>= 8;
      }
      return (v << 16) | (v << 8) | v;
    }
    return img.getRGB(x, y) & 0xffffff;
  }

  /** PIL {@code convert('L')}: ITU-R 601-2 luma with PIL's fixed-point rounding. */
  static double[][] gray(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    double[][] out = new double[h][w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = rgb(img, x, y);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        out[y][x] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
      }
    }
    return out;
  }

  /** One RGB channel (0 red, 1 green, 2 blue); alpha is dropped as PIL's convert('RGB') does. */
  static double[][] channel(BufferedImage img, int c) {
    int w = img.getWidth();
    int h = img.getHeight();
    double[][] out = new double[h][w];
    int shift = 16 - 8 * c;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y][x] = (rgb(img, x, y) >> shift) & 0xff;
      }
    }
    return out;
  }

  /** scikit-image {@code structural_similarity} of two same-size 2-D images. */
  static double ssim(double[][] a, double[][] b, int win) {
    int h = a.length;
    int w = a[0].length;
    double c1 = Math.pow(0.01 * 255, 2);
    double c2 = Math.pow(0.03 * 255, 2);
    int np = win * win;
    double covNorm = np / (np - 1.0);
    double[][] sa = integral(a, 1, null);
    double[][] sb = integral(b, 1, null);
    double[][] saa = integral(a, 2, null);
    double[][] sbb = integral(b, 2, null);
    double[][] sab = integral(a, 3, b);
    int pad = (win - 1) / 2;
    double total = 0;
    long count = 0;
    for (int y = pad; y < h - pad; y++) {
      for (int x = pad; x < w - pad; x++) {
        int y0 = y - pad;
        int x0 = x - pad;
        int y1 = y + pad + 1;
        int x1 = x + pad + 1;
        double ux = box(sa, y0, x0, y1, x1) / np;
        double uy = box(sb, y0, x0, y1, x1) / np;
        double uxx = box(saa, y0, x0, y1, x1) / np;
        double uyy = box(sbb, y0, x0, y1, x1) / np;
        double uxy = box(sab, y0, x0, y1, x1) / np;
        double vx = covNorm * (uxx - ux * ux);
        double vy = covNorm * (uyy - uy * uy);
        double vxy = covNorm * (uxy - ux * uy);
        double s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
        total += s;
        count++;
      }
    }
    return count == 0 ? Double.NaN : total / count;
  }

  private static double[][] integral(double[][] a, int mode, double[][] b) {
    int h = a.length;
    int w = a[0].length;
    double[][] s = new double[h + 1][w + 1];
    for (int y = 0; y < h; y++) {
      double row = 0;
      for (int x = 0; x < w; x++) {
        double v = switch (mode) {
          case 1 -> a[y][x];
          case 2 -> a[y][x] * a[y][x];
          default -> a[y][x] * b[y][x];
        };
        row += v;
        s[y + 1][x + 1] = s[y][x + 1] + row;
      }
    }
    return s;
  }

  private static double box(double[][] s, int y0, int x0, int y1, int x1) {
    return s[y1][x1] - s[y0][x1] - s[y1][x0] + s[y0][x0];
  }

  /** PIL {@code resize(size, LANCZOS)} of a grayscale image (a copy when the size is the same). */
  static double[][] resize(double[][] img, int w, int h) {
    int sh = img.length;
    int sw = img[0].length;
    if (sw == w && sh == h) {
      return img;
    }
    double[][] horizontal = new double[sh][w];
    for (int y = 0; y < sh; y++) {
      horizontal[y] = resample(img[y], w);
    }
    double[][] out = new double[h][w];
    for (int x = 0; x < w; x++) {
      double[] col = new double[sh];
      for (int y = 0; y < sh; y++) {
        col[y] = horizontal[y][x];
      }
      double[] r = resample(col, h);
      for (int y = 0; y < h; y++) {
        out[y][x] = r[y];
      }
    }
    return out;
  }

  private static double lanczos(double x) {
    if (x == 0) {
      return 1;
    }
    if (x <= -3 || x >= 3) {
      return 0;
    }
    double px = Math.PI * x;
    return 3 * Math.sin(px) * Math.sin(px / 3) / (px * px);
  }

  /** PIL's separable resampling pass with a Lanczos-3 kernel, rounded and clipped to 8 bits. */
  private static double[] resample(double[] in, int outSize) {
    int inSize = in.length;
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = 3 * filterScale;
    double[] out = new double[outSize];
    for (int i = 0; i < outSize; i++) {
      double center = (i + 0.5) * scale;
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inSize);
      double sum = 0;
      double acc = 0;
      for (int x = xmin; x < xmax; x++) {
        double wgt = lanczos((x - center + 0.5) / filterScale);
        sum += wgt;
        acc += wgt * in[x];
      }
      double v = sum == 0 ? 0 : acc / sum;
      out[i] = Math.max(0, Math.min(255, Math.floor(v + 0.5)));
    }
    return out;
  }

  /**
   * {@code compare_images(image1, image2, reference_base_result=None)}: both images to grayscale,
   * resized to the smaller (by Python's tuple order of (width, height)), then SSIM; with a base
   * result b, (ssim - b) / (1 - b) when ssim >= b + 0.01, else 0. 0 when an image is None.
   */
  public static double compareImages(MetricInput in) throws IOException {
    Value e = in.requireExpected();
    if (in.result() instanceof Value.Nothing || e instanceof Value.Nothing) {
      return 0;
    }
    BufferedImage a = read(file(in, in.result()));
    BufferedImage b = read(file(in, e));
    int w;
    int h;
    if (a.getWidth() < b.getWidth() || (a.getWidth() == b.getWidth() && a.getHeight() <= b.getHeight())) {
      w = a.getWidth();
      h = a.getHeight();
    } else {
      w = b.getWidth();
      h = b.getHeight();
    }
    double s = ssim(resize(gray(a), w, h), resize(gray(b), w, h), 7);
    if (Double.isNaN(s)) {
      throw in.fail("images are too small for a 7x7 SSIM window (scikit-image: ValueError)");
    }
    var base = in.options().get("reference_base_result");
    // SSIM can be below 0 for anti-correlated images; a score is 0..1, so it is clamped at 0
    if (base != null && !base.isNull()) {
      double bs = base.asDouble();
      return s >= bs + 0.01 ? Math.max(0, Math.min(1, (s - bs) / (1 - bs))) : 0;
    }
    return Math.max(0, Math.min(1, s));
  }

  /** {@code structure_check_by_ssim}: RGB SSIM (per-channel mean) >= 0.9, images at least 7x7. */
  static boolean sameStructure(BufferedImage a, BufferedImage b) {
    if (a.getWidth() < 7 || a.getHeight() < 7 || b.getWidth() < 7 || b.getHeight() < 7) {
      return false;
    }
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      return false;
    }
    double s = 0;
    for (int c = 0; c < 3; c++) {
      s += ssim(channel(a, c), channel(b, c), 7);
    }
    return s / 3 >= 0.9;
  }

  /** {@code check_structure_sim(src, tgt)}: 1 when the same size and structurally the same. */
  public static double checkStructureSim(MetricInput in) {
    Value e = in.requireExpected();
    if (in.result() instanceof Value.Nothing || e instanceof Value.Nothing) {
      return 0;
    }
    try {
      BufferedImage a = read(file(in, in.result()));
      BufferedImage b = read(file(in, e));
      if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
        return 0;
      }
      return sameStructure(a, b) ? 1 : 0;
    } catch (IOException | RuntimeException unreadable) {
      return 0; // OSWorld logs the error and scores 0
    }
  }
}
