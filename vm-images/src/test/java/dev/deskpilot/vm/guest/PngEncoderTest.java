package dev.deskpilot.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
  @Test
  void intRgbImagesDecodeToTheSamePixels() throws Exception {
    BufferedImage image = new BufferedImage(317, 203, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(3);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        image.setRGB(x, y, y < 100 ? random.nextInt() : (x / 40) * 0x203040);
      }
    }
    assertSamePixels(image, javax.imageio.ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(image))));
  }

  @Test
  void aSubImageIsEncodedFromItsOwnCorner() throws Exception {
    BufferedImage image = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 50; x++) {
        image.setRGB(x, y, x * 5 << 16 | y * 6);
      }
    }
    BufferedImage sub = image.getSubimage(7, 9, 20, 15);
    assertSamePixels(sub, javax.imageio.ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(sub))));
  }

  @Test
  void otherImageTypesGoThroughImageIo() throws Exception {
    BufferedImage image = new BufferedImage(10, 10, BufferedImage.TYPE_3BYTE_BGR);
    image.setRGB(3, 4, 0x123456);
    assertSamePixels(image, javax.imageio.ImageIO.read(new ByteArrayInputStream(PngEncoder.encode(image))));
  }

  private static void assertSamePixels(BufferedImage expected, BufferedImage actual) {
    assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
    assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
    for (int y = 0; y < expected.getHeight(); y++) {
      for (int x = 0; x < expected.getWidth(); x++) {
        assertThat(actual.getRGB(x, y) & 0xffffff).as("pixel %d,%d", x, y).isEqualTo(expected.getRGB(x, y) & 0xffffff);
      }
    }
  }
}
