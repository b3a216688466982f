package dev.deskpilot.perception;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Test and dev-tool images: frames as captures give them (packed-int RGB). */
public final class TestImages {
  private TestImages() {}

  /** A {@code TYPE_INT_RGB} copy of {@code src}, as Robot and the desktops' captures give frames. */
  public static BufferedImage rgb(BufferedImage src) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  /** The PNG at {@code png} as a {@link #rgb} frame. */
  public static BufferedImage read(Path png) {
    try {
      BufferedImage src = ImageIO.read(png.toFile());
      if (src == null) {
        throw new IllegalArgumentException(png + " is not an image");
      }
      return rgb(src);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
