package dev.deskpilot.agent.provider;

/**
 * The largest screenshot to send to a model: images are scaled down (never up), keeping their
 * aspect ratio, until both limits hold.
 *
 * @param maxLongEdge longest side in pixels
 * @param maxPixels width times height
 */
public record ImageBudget(int maxLongEdge, long maxPixels) {
  /** Anthropic: 1920x1080 becomes 1366x768 (the API itself downscales past 1568 px / 1.15 MP). */
  public static final ImageBudget ANTHROPIC = new ImageBudget(1366, 1_150_000);

  /** OpenAI {@code computer_use_preview}: the declared display, 1920x1080 becomes 1280x720. */
  public static final ImageBudget OPENAI_PREVIEW = new ImageBudget(1280, 1_050_000);

  /** OpenAI GA {@code computer} tool: full HD is sent as it is. */
  public static final ImageBudget OPENAI_GA = new ImageBudget(1920, 2_100_000);

  public ImageBudget {
    if (maxLongEdge < 28 || maxPixels < 28L * 28) {
      throw new IllegalArgumentException(
          "image budget too small: long edge " + maxLongEdge + ", pixels " + maxPixels);
    }
  }

  /** The size an image of {@code width} x {@code height} is scaled to: {@code [w, h]}. */
  public int[] fit(int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("image size must be positive, was " + width + "x" + height);
    }
    double scale =
        Math.min(
            1.0,
            Math.min(
                (double) maxLongEdge / Math.max(width, height),
                Math.sqrt((double) maxPixels / ((double) width * height))));
    return new int[] {
      Math.max(1, (int) Math.floor(width * scale + 1e-9)),
      Math.max(1, (int) Math.floor(height * scale + 1e-9))
    };
  }
}
