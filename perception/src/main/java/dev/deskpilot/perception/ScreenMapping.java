package dev.deskpilot.perception;

/**
 * How a screenshot's pixels map to screen (input device) coordinates.
 *
 * <p>{@code screen = origin + image * scale}. The origin is the captured monitor's top-left corner
 * in the virtual desktop; the scale is screen pixels per image pixel (1 for a plain capture, 0.5
 * for a HiDPI capture at twice the logical resolution, 2 for an image downscaled for a model).
 */
public record ScreenMapping(int originX, int originY, double scale) {
  public static final ScreenMapping IDENTITY = new ScreenMapping(0, 0, 1.0);

  public ScreenMapping {
    if (!(scale > 0) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("scale must be a positive finite number, was " + scale);
    }
  }

  public Point toScreen(Point image) {
    return new Point(
        originX + (int) Math.round(image.x() * scale), originY + (int) Math.round(image.y() * scale));
  }

  public Point toImage(Point screen) {
    return new Point(
        (int) Math.round((screen.x() - originX) / scale),
        (int) Math.round((screen.y() - originY) / scale));
  }
}
