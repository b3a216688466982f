package dev.deskpilot.agent.provider.internal;

import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.ImageBudget;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Screenshot;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
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

  /** Bilinear scaling, halving first for strong reductions so that text stays legible. */
  static BufferedImage scale(BufferedImage src, int w, int h) {
    BufferedImage cur = src;
    if (cur.getWidth() == w && cur.getHeight() == h && cur.getType() == BufferedImage.TYPE_INT_RGB) {
      return cur;
    }
    while (cur.getWidth() / 2 >= w && cur.getHeight() / 2 >= h) {
      cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2);
    }
    return draw(cur, w, h);
  }

  private static BufferedImage draw(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
