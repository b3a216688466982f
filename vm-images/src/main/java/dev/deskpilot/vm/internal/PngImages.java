package dev.deskpilot.vm.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Screenshots as they arrive from a guest: PNG bytes to a {@code TYPE_INT_RGB} image. */
public final class PngImages {
  private PngImages() {}

  /** The image, or empty when the bytes are not an image ImageIO reads. */
  public static Optional<BufferedImage> decode(byte[] png) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    return Optional.ofNullable(image).map(PngImages::asIntRgb);
  }

  /** Converts pixel by pixel: no Graphics2D, so it works in a headless JVM. */
  public static BufferedImage asIntRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      rgb.setRGB(0, y, w, 1, row, 0, w);
    }
    return rgb;
  }
}
