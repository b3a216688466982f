package dev.deskpilot.perception;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Draws words with Java2D (headless) and remembers where each word's ink went. */
final class RenderedText {
  record Placed(String text, Rect box) {}

  private final BufferedImage image;
  private final Graphics2D g;
  private final Font font;
  private final List<Placed> placed = new ArrayList<>();

  RenderedText(int width, int height, int imageType, Color background, Color ink, int fontPx) {
    image = new BufferedImage(width, height, imageType);
    g = image.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, width, height);
    g.setColor(ink);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    font = new Font("DejaVu Sans", Font.PLAIN, fontPx);
    g.setFont(font);
  }

  /** Draws a line of words starting at (x, baseline) and records each word's pixel bounds. */
  RenderedText line(int x, int baseline, String text) {
    FontRenderContext frc = g.getFontRenderContext();
    int cursor = x;
    int space = (int) Math.round(font.getStringBounds(" ", frc).getWidth());
    for (String word : text.split(" ")) {
      g.drawString(word, cursor, baseline);
      java.awt.Rectangle ink = font.createGlyphVector(frc, word).getPixelBounds(frc, cursor, baseline);
      placed.add(new Placed(word, new Rect(ink.x, ink.y, ink.width, ink.height)));
      cursor += (int) Math.round(font.getStringBounds(word, frc).getWidth()) + space;
    }
    return this;
  }

  BufferedImage image() {
    g.dispose();
    return image;
  }

  List<Placed> placed() {
    return List.copyOf(placed);
  }
}
