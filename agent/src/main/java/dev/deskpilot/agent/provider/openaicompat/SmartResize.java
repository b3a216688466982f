package dev.deskpilot.agent.provider.openaicompat;

/**
 * Qwen2-VL's {@code smart_resize}, which UI-TARS-1.5 coordinates refer to: both sides become
 * multiples of {@code factor} (28), the pixel count is kept within {@code [minPixels, maxPixels]}
 * and the aspect ratio nearly kept. Rounding is half-to-even, as Python's {@code round}.
 */
final class SmartResize {
  static final int FACTOR = 28;
  /** UI-TARS's own bounds: 100 and 16384 patches of 28x28. */
  static final long MIN_PIXELS = 100L * 28 * 28;
  static final long MAX_PIXELS = 16384L * 28 * 28;

  private SmartResize() {}

  /**
   * @return {@code [width, height]} of the resized image
   * @throws IllegalArgumentException for an aspect ratio above 200 or a non-positive size
   */
  static int[] resize(int width, int height, int factor, long minPixels, long maxPixels) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive, was " + width + "x" + height);
    }
    if ((double) Math.max(width, height) / Math.min(width, height) > 200) {
      throw new IllegalArgumentException("aspect ratio of " + width + "x" + height + " is above 200");
    }
    long h = Math.max(factor, roundBy(height, factor));
    long w = Math.max(factor, roundBy(width, factor));
    if (h * w > maxPixels) {
      double beta = Math.sqrt((double) height * width / maxPixels);
      h = Math.max(factor, floorBy(height / beta, factor));
      w = Math.max(factor, floorBy(width / beta, factor));
    } else if (h * w < minPixels) {
      double beta = Math.sqrt(minPixels / ((double) height * width));
      h = ceilBy(height * beta, factor);
      w = ceilBy(width * beta, factor);
    }
    return new int[] {(int) w, (int) h};
  }

  static int[] resize(int width, int height) {
    return resize(width, height, FACTOR, MIN_PIXELS, MAX_PIXELS);
  }

  private static long roundBy(double n, int f) {
    return (long) Math.rint(n / f) * f;
  }

  private static long floorBy(double n, int f) {
    return (long) Math.floor(n / f) * f;
  }

  private static long ceilBy(double n, int f) {
    return (long) Math.ceil(n / f) * f;
  }
}
