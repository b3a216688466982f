package dev.deskpilot.app.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Pixels between AWT and JavaFX without the javafx-swing module. */
final class FxImages {
  private FxImages() {}

  /** A JavaFX image of an AWT image (safe on any thread). */
  static Image toFx(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    for (int i = 0; i < argb.length; i++) {
      argb[i] |= 0xff000000;
    }
    WritableImage out = new WritableImage(w, h);
    out.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
    return out;
  }

  /** An AWT image of a JavaFX image. */
  static BufferedImage toAwt(Image image) {
    int w = (int) image.getWidth();
    int h = (int) image.getHeight();
    int[] argb = new int[w * h];
    PixelReader r = image.getPixelReader();
    r.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    out.setRGB(0, 0, w, h, argb, 0, w);
    return out;
  }

  /** Renders a node (on the JavaFX thread) and writes it as a PNG. */
  static void savePng(Node node, Path file) throws IOException {
    WritableImage img = node.snapshot(new SnapshotParameters(), null);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!ImageIO.write(toAwt(img), "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }
}
