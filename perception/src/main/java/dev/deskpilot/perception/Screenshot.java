package dev.deskpilot.perception;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Objects;

/**
 * Pixels of a screen at one moment, with the mapping from its pixels to screen coordinates.
 *
 * <p>The image is owned by the screenshot: callers must not draw on it (copy it first).
 */
public record Screenshot(BufferedImage image, ScreenMapping mapping, Instant capturedAt) {
  public Screenshot {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(capturedAt, "capturedAt");
  }

  public static Screenshot of(BufferedImage image) {
    return new Screenshot(image, ScreenMapping.IDENTITY, Instant.now());
  }

  public int width() {
    return image.getWidth();
  }

  public int height() {
    return image.getHeight();
  }
}
