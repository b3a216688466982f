package dev.deskpilot.actuators;

import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import java.util.Objects;

/**
 * The three coordinate spaces of one step, and the mappings between them: the <b>model image</b>
 * (the screenshot resized for a model, {@code width x height}), the <b>screenshot</b> ({@code
 * imageWidth x imageHeight} pixels as captured, possibly at a HiDPI device resolution) and the
 * <b>screen</b> (input pixels, where actions happen; the screenshot's {@link ScreenMapping} says
 * how its pixels lie on the screen, with the captured monitor's origin).
 *
 * <p>A model coordinate names a model pixel; it maps to the screenshot pixel under that model
 * pixel's centre, then to the screen. Coordinates outside the model image, negative, NaN or
 * infinite are refused with a message naming them, before anything reaches the screen.
 */
public record ModelFrame(int width, int height, int imageWidth, int imageHeight, ScreenMapping mapping) {
  public ModelFrame {
    if (width < 1 || height < 1 || imageWidth < 1 || imageHeight < 1) {
      throw new IllegalArgumentException(
          "model frame sizes must be positive: model " + width + "x" + height + ", image " + imageWidth + "x" + imageHeight);
    }
    Objects.requireNonNull(mapping, "mapping");
  }

  /** The screenshot as the model sees it at {@code width x height}. */
  public static ModelFrame of(Screenshot shot, int width, int height) {
    return new ModelFrame(width, height, shot.width(), shot.height(), shot.mapping());
  }

  /** The screenshot shrunk (never enlarged) so its long edge is at most {@code maxLongEdge}, aspect kept. */
  public static ModelFrame fitting(Screenshot shot, int maxLongEdge) {
    if (maxLongEdge < 1) {
      throw new IllegalArgumentException("max long edge must be positive, was " + maxLongEdge);
    }
    int w = shot.width();
    int h = shot.height();
    double f = Math.min(1.0, (double) maxLongEdge / Math.max(w, h));
    return new ModelFrame(Math.max(1, (int) Math.round(w * f)), Math.max(1, (int) Math.round(h * f)), w, h, shot.mapping());
  }

  /** The screenshot divided by {@code factor} (1.25 gives a model image 80% of the screenshot's size). */
  public static ModelFrame scaledDown(Screenshot shot, double factor) {
    return scaledDown(shot.width(), shot.height(), shot.mapping(), factor);
  }

  /** As {@link #scaledDown(Screenshot, double)} for a screenshot of the given size and mapping. */
  public static ModelFrame scaledDown(int imageWidth, int imageHeight, ScreenMapping mapping, double factor) {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("scale factor must be positive and finite, was " + factor);
    }
    return new ModelFrame(
        Math.max(1, (int) Math.round(imageWidth / factor)),
        Math.max(1, (int) Math.round(imageHeight / factor)),
        imageWidth,
        imageHeight,
        mapping);
  }

  /** Screenshot pixels per model pixel, horizontally. */
  public double scaleX() {
    return (double) imageWidth / width;
  }

  /** Screenshot pixels per model pixel, vertically. */
  public double scaleY() {
    return (double) imageHeight / height;
  }

  /**
   * The screen point under a model coordinate.
   *
   * @throws IllegalArgumentException for NaN, infinite, negative coordinates or ones outside the
   *     model image, naming the value and the image size
   */
  public Point toScreen(double x, double y) {
    return mapping.toScreen(toImage(x, y));
  }

  /** The screenshot pixel under a model coordinate (validated as {@link #toScreen}). */
  public Point toImage(double x, double y) {
    if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
      throw new IllegalArgumentException("model coordinate (" + x + "," + y + ") is not a finite number");
    }
    if (x < 0 || y < 0 || x >= width || y >= height) {
      throw new IllegalArgumentException(
          "model coordinate (" + fmt(x) + "," + fmt(y) + ") is outside the " + width + "x" + height + " model image");
    }
    int ix = Math.min(imageWidth - 1, (int) Math.floor((Math.floor(x) + 0.5) * scaleX()));
    int iy = Math.min(imageHeight - 1, (int) Math.floor((Math.floor(y) + 0.5) * scaleY()));
    return new Point(ix, iy);
  }

  /** The model coordinate of a screen point (may lie outside the model image). */
  public Point toModel(Point screen) {
    Point image = mapping.toImage(screen);
    return new Point((int) Math.floor(image.x() / scaleX()), (int) Math.floor(image.y() / scaleY()));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
