package dev.deskpilot.agent.provider.internal;

import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.ImageBudget;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Screenshot;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A screenshot as a model sees it: scaled to {@code width x height} model pixels, with the way back
 * from model pixels to screen pixels ({@code screenshot pixels = model pixels * (shot size / model
 * size)}, then {@link dev.deskpilot.perception.ScreenMapping#toScreen}). The scaled image and its
 * PNG are made lazily, so decoding replies against a frame costs nothing.
 */
public final class ScreenFrame {
  private final Screenshot shot;
  private final int width;
  private final int height;
  private String pngBase64;

  private ScreenFrame(Screenshot shot, int width, int height) {
    this.shot = Objects.requireNonNull(shot, "screenshot");
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("frame size must be positive, was " + width + "x" + height);
    }
    this.width = width;
    this.height = height;
  }

  /** The screenshot scaled down (never up) to fit the budget. */
  public static ScreenFrame fit(Screenshot shot, ImageBudget budget) {
    int[] wh = budget.fit(shot.width(), shot.height());
    return new ScreenFrame(shot, wh[0], wh[1]);
  }

  /** The screenshot scaled to exactly {@code width x height} (e.g. a declared display size). */
  public static ScreenFrame sized(Screenshot shot, int width, int height) {
    return new ScreenFrame(shot, width, height);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public Screenshot screenshot() {
    return shot;
  }

  /**
   * Maps a point the model gave in model pixels to screen pixels.
   *
   * @param path where in the reply the point was, for the error message
   * @throws PolicyException when the point is not inside the image the model was shown (a point on
   *     the far edge, {@code x == width}, is taken as the last pixel)
   */
  public Point toScreen(double x, double y, String path) {
    if (!Double.isFinite(x) || !Double.isFinite(y) || x < 0 || y < 0 || x > width || y > height) {
      throw new PolicyException(
          path + ": point (" + fmt(x) + "," + fmt(y) + ") is outside the " + width + "x" + height
              + " screenshot");
    }
    double ix = Math.min(x, width - 1) * shot.width() / (double) width;
    double iy = Math.min(y, height - 1) * shot.height() / (double) height;
    Point image =
        new Point(
            (int) Math.min(shot.width() - 1, Math.round(ix)),
            (int) Math.min(shot.height() - 1, Math.round(iy)));
    return shot.mapping().toScreen(image);
  }

  /**
   * Maps a point given relative to the image on a {@code 0..range} scale on both axes (UI-TARS-1.0
   * writes 0..1000).
   */
  public Point toScreenRelative(double rx, double ry, double range, String path) {
    if (!Double.isFinite(rx) || !Double.isFinite(ry) || rx < 0 || ry < 0 || rx > range || ry > range) {
      throw new PolicyException(
          path + ": relative point (" + fmt(rx) + "," + fmt(ry) + ") is outside 0.." + fmt(range));
    }
    return toScreen(rx / range * width, ry / range * height, path);
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** The image the model is shown. */
  public BufferedImage image() {
    return scale(shot.image(), width, height);
  }

  /** The model image as base64 PNG (computed once). */
  public String pngBase64() {
    if (pngBase64 == null) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256 * 1024);
      try {
        if (!ImageIO.write(image(), "png", out)) {
          throw new IllegalStateException("no PNG writer in this JVM");
        }
      } catch (IOException e) {
        throw new UncheckedIOException("encoding a screenshot as PNG failed", e);
      }
      pngBase64 = Base64.getEncoder().encodeToString(out.toByteArray());
    }
    return pngBase64;
  }

  /** {@code data:image/png;base64,...} */
  public String pngDataUrl() {
    return "data:image/png;base64," + pngBase64();
  }

  /**
   * Area-averaging resampling (each target pixel is the coverage-weighted mean of the source pixels
   * under it), done on the pixel arrays so that it needs no graphics environment: the agent also
   * runs on machines without a display.
   */
  static BufferedImage scale(BufferedImage src, int w, int h) {
    int sw = src.getWidth();
    int sh = src.getHeight();
    int[] in = src.getRGB(0, 0, sw, sh, null, 0, sw);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    if (sw == w && sh == h) {
      out.setRGB(0, 0, w, h, in, 0, w);
      return out;
    }
    Taps xs = Taps.of(sw, w);
    Taps ys = Taps.of(sh, h);
    // horizontal pass: sh rows of w pixels, three channels
    float[] tmp = new float[3 * w * sh];
    for (int y = 0; y < sh; y++) {
      int row = y * sw;
      for (int x = 0; x < w; x++) {
        float r = 0, g = 0, b = 0;
        for (int k = xs.start[x]; k < xs.start[x + 1]; k++) {
          int p = in[row + xs.index[k]];
          float wt = xs.weight[k];
          r += wt * ((p >> 16) & 0xff);
          g += wt * ((p >> 8) & 0xff);
          b += wt * (p & 0xff);
        }
        int t = 3 * (y * w + x);
        tmp[t] = r;
        tmp[t + 1] = g;
        tmp[t + 2] = b;
      }
    }
    int[] px = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float r = 0, g = 0, b = 0;
        for (int k = ys.start[y]; k < ys.start[y + 1]; k++) {
          int t = 3 * (ys.index[k] * w + x);
          float wt = ys.weight[k];
          r += wt * tmp[t];
          g += wt * tmp[t + 1];
          b += wt * tmp[t + 2];
        }
        px[y * w + x] = (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
      }
    }
    out.setRGB(0, 0, w, h, px, 0, w);
    return out;
  }

  private static int clamp(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }

  /** For each target index, the source indices it covers and their weights (summing to 1). */
  private record Taps(int[] start, int[] index, float[] weight) {
    static Taps of(int srcLen, int dstLen) {
      double s = (double) srcLen / dstLen;
      int[] start = new int[dstLen + 1];
      int cap = (int) Math.ceil(s) + 2;
      int[] index = new int[dstLen * cap];
      float[] weight = new float[dstLen * cap];
      int n = 0;
      for (int i = 0; i < dstLen; i++) {
        start[i] = n;
        double lo = i * s;
        double hi = Math.min(srcLen, (i + 1) * s);
        for (int j = (int) Math.floor(lo); j < hi && j < srcLen; j++) {
          double cover = Math.min(hi, j + 1) - Math.max(lo, j);
          if (cover > 1e-9) {
            index[n] = j;
            weight[n] = (float) (cover / (hi - lo));
            n++;
          }
        }
      }
      start[dstLen] = n;
      return new Taps(start, index, weight);
    }
  }
}
