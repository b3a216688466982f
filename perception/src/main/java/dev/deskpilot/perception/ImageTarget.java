package dev.deskpilot.perception;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A picture to find on screen (an icon, a logo), matched by normalised cross-correlation of gray
 * pixels (OpenCV {@code TM_CCOEFF_NORMED}) at the screenshot's scale.
 *
 * @param name how reports name it (e.g. the file it came from)
 * @param template the picture, at least 4x4 and no larger than the screen
 * @param minScore 0..1: the least correlation that counts as found (0.9 is strict, 0.8 lenient)
 */
public record ImageTarget(String name, BufferedImage template, double minScore) implements Target {
  public ImageTarget {
    Objects.requireNonNull(template, "template");
    name = name == null ? "image" : name;
    if (template.getWidth() < 4 || template.getHeight() < 4) {
      throw new IllegalArgumentException("an image target must be at least 4x4, was " + template.getWidth() + "x" + template.getHeight());
    }
    if (!(minScore > 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore must be in (0, 1], was " + minScore);
    }
  }

  /** {@code template} found with a correlation of at least 0.9. */
  public static ImageTarget of(String name, BufferedImage template) {
    return new ImageTarget(name, template, 0.9);
  }

  @Override
  public String toString() {
    return "image " + name + " (" + template.getWidth() + "x" + template.getHeight() + ")";
  }
}
