package dev.deskpilot.perception;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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

  /**
   * The incremental pairs of a perception corpus, in name order: {@code [previous screen, screen]}
   * for each truth file naming a previous screen (and whose screen's name starts with {@code prefix},
   * when given).
   */
  public static List<String[]> pairs(Path corpus, String prefix) {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    List<String[]> pairs = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path f : files.sorted().toList()) {
        String n = f.getFileName().toString();
        if (!n.endsWith(".json") || n.endsWith(".scene.json") || n.endsWith(".tree.json")) {
          continue;
        }
        com.fasterxml.jackson.databind.JsonNode d = json.readTree(f.toFile());
        if (d.hasNonNull("prev") && (prefix == null || d.get("name").asText().startsWith(prefix))) {
          pairs.add(new String[] {d.get("prev").asText(), d.get("name").asText()});
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pairs;
  }
}
