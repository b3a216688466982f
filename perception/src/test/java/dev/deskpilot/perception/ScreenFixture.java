package dev.deskpilot.perception;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A real screen captured by {@code src/test/resources/screens/capture.sh}: the PNG, the words known
 * to be on it and the app window's client area.
 */
record ScreenFixture(String name, BufferedImage image, List<String> knownWords, Rect window) {
  static final List<String> NAMES = List.of("xterm", "mousepad", "galculator", "desktop");

  static ScreenFixture load(String name) {
    BufferedImage image;
    try (InputStream in = resource(name + ".png")) {
      image = ImageIO.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> words =
        Arrays.stream(text(name + ".txt").split("\\s+"))
            .map(ScreenFixture::normalise)
            .filter(w -> !w.isEmpty())
            .toList();
    int[] g = Arrays.stream(text(name + ".window").strip().split(" ")).mapToInt(Integer::parseInt).toArray();
    return new ScreenFixture(name, image, words, new Rect(g[0], g[1], g[2], g[3]));
  }

  /** Lower case, punctuation at the edges removed: how a known word is compared with OCR words. */
  static String normalise(String word) {
    return word.toLowerCase(Locale.ROOT).replaceAll("^[^\\p{L}\\p{N}]+|[^\\p{L}\\p{N}]+$", "");
  }

  /**
   * Share of the known words that OCR read exactly (after {@link #normalise}), counting repeats: a
   * word known to be on screen 3 times and read twice counts 2 of 3.
   */
  double recall(List<TextLine> lines) {
    return 1.0 - (double) missed(lines).size() / knownWords.size();
  }

  /** The known words (with repeats) that OCR did not read exactly, after {@link #normalise}. */
  List<String> missed(List<TextLine> lines) {
    Map<String, Integer> read = new HashMap<>();
    lines.stream()
        .flatMap(l -> l.words().stream())
        .map(w -> normalise(w.text()))
        .forEach(w -> read.merge(w, 1, Integer::sum));
    List<String> missed = new ArrayList<>();
    for (String known : knownWords) {
      if (read.merge(known, -1, Integer::sum) < 0) {
        missed.add(known);
      }
    }
    return missed;
  }

  private static InputStream resource(String file) {
    InputStream in = ScreenFixture.class.getResourceAsStream("/screens/" + file);
    if (in == null) {
      throw new IllegalStateException("test resource /screens/" + file + " is missing");
    }
    return in;
  }

  private static String text(String file) {
    try (InputStream in = resource(file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
