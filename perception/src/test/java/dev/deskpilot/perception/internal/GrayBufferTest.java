package dev.deskpilot.perception.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GrayBufferTest {
  private static BufferedImage pattern(int type) {
    BufferedImage img = new BufferedImage(7, 3, type);
    int[] colours = {0x000000, 0xffffff, 0xff0000, 0x00ff00, 0x0000ff, 0x808080, 0x123456};
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 7; x++) {
        img.setRGB(x, y, 0xff000000 | colours[(x + y) % 7]);
      }
    }
    return img;
  }

  private static int luma(int rgb) {
    return (77 * ((rgb >> 16) & 0xff) + 150 * ((rgb >> 8) & 0xff) + 29 * (rgb & 0xff)) >> 8;
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        BufferedImage.TYPE_INT_RGB,
        BufferedImage.TYPE_INT_ARGB,
        BufferedImage.TYPE_INT_ARGB_PRE,
        BufferedImage.TYPE_INT_BGR,
        BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_4BYTE_ABGR
      })
  void everyColourTypeGivesRec601LumaRowByRow(int type) {
    BufferedImage img = pattern(type);
    ByteBuffer gray = new GrayBuffer().fill(img);
    assertThat(gray.remaining()).isEqualTo(21);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 7; x++) {
        assertThat(gray.get(y * 7 + x) & 0xff).as("pixel %d,%d", x, y).isEqualTo(luma(img.getRGB(x, y)));
      }
    }
  }

  @Test
  void grayImagesAreCopiedAsTheyAre() {
    BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setPixels(0, 0, 4, 2, new int[] {0, 10, 200, 255, 1, 2, 3, 4});
    ByteBuffer gray = new GrayBuffer().fill(img);
    byte[] out = new byte[8];
    gray.get(out);
    assertThat(out).containsExactly(0, 10, (byte) 200, (byte) 255, 1, 2, 3, 4);
  }

  @Test
  void subimagesAreReadFromTheirOwnOrigin() {
    BufferedImage img = pattern(BufferedImage.TYPE_INT_RGB);
    BufferedImage sub = img.getSubimage(2, 1, 3, 2);
    ByteBuffer gray = new GrayBuffer().fill(sub);
    assertThat(gray.remaining()).isEqualTo(6);
    assertThat(gray.get(0) & 0xff).isEqualTo(luma(img.getRGB(2, 1)));
    assertThat(gray.get(5) & 0xff).isEqualTo(luma(img.getRGB(4, 2)));
  }

  @Test
  void theBufferIsReusedWhileImagesFit() {
    GrayBuffer buffer = new GrayBuffer();
    ByteBuffer first = buffer.fill(new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB));
    ByteBuffer second = buffer.fill(new BufferedImage(50, 20, BufferedImage.TYPE_INT_RGB));
    assertThat(second).isSameAs(first);
    assertThat(second.isDirect()).isTrue();
    assertThat(second.remaining()).isEqualTo(1000);
  }

  @Test
  void darkRegionsAreInvertedAndLightOnesKept() {
    BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    var g = img.createGraphics();
    g.setColor(new Color(30, 30, 30));
    g.fillRect(0, 0, 100, 100);
    g.setColor(Color.WHITE);
    g.fillRect(100, 0, 100, 100);
    g.setColor(new Color(220, 220, 220));
    g.fillRect(40, 48, 10, 4); // light "ink" in the dark half
    g.setColor(Color.BLACK);
    g.fillRect(150, 48, 10, 4); // dark ink in the light half
    g.dispose();
    ByteBuffer gray = new GrayBuffer(20, 90).fill(img);
    assertThat(gray.get(50 * 200 + 10) & 0xff).as("dark background").isEqualTo(255 - 30);
    assertThat(gray.get(50 * 200 + 45) & 0xff).as("light ink on dark").isEqualTo(255 - 220);
    assertThat(gray.get(50 * 200 + 190) & 0xff).as("light background").isEqualTo(255);
    assertThat(gray.get(50 * 200 + 155) & 0xff).as("dark ink on light").isEqualTo(0);
    assertThat(new GrayBuffer().fill(img).get(50 * 200 + 10) & 0xff).as("off by default").isEqualTo(30);
  }
}
