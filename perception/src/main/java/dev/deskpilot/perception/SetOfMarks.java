package dev.deskpilot.perception;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a model sees of an {@link Observation}: a copy of the screenshot with numbered boxes drawn on
 * the elements (set-of-marks), and a compact listing of the same elements, one a line:
 *
 * <pre>
 * [12] button "Save" (1402,88)
 * [13] text_field "" (960,400)
 * </pre>
 *
 * The number is the element's id (stable across steps), the point is where to click it in screen
 * coordinates (the screenshot's mapping applied). Both are bounded: at most {@code maxElements}
 * elements (elements people act on first, then labels, then windows; reading order within each),
 * labels cut at 40 characters, the listing at {@code maxListingChars}, and the image no larger than
 * {@code maxImageSide} on its long side (scaled down, never up).
 */
public final class SetOfMarks {
  /** Limits of what is drawn and listed. */
  public record Options(int maxElements, int maxListingChars, int maxImageSide) {
    public Options {
      if (maxElements < 1 || maxListingChars < 100 || maxImageSide < 200) {
        throw new IllegalArgumentException("need maxElements >= 1, maxListingChars >= 100, maxImageSide >= 200; were "
            + maxElements + ", " + maxListingChars + ", " + maxImageSide);
      }
    }

    /** 80 elements, 6000 characters, 1920 px. */
    public static Options defaults() {
      return new Options(80, 6000, 1920);
    }
  }

  /**
   * The marked screenshot and the listing.
   *
   * @param image a new image (the screenshot is untouched), possibly scaled down
   * @param scale image pixels per screenshot pixel (1 unless scaled down)
   * @param listing one line per marked element, then a line saying how many were left out if any
   * @param marked the elements drawn and listed, in listing order
   */
  public record Marked(BufferedImage image, double scale, String listing, List<UiElement> marked) {}

  private static final Map<String, Integer> PRIORITY = Map.of("label", 1, "window", 2);
  private static final Color[] COLOURS = {
    new Color(0xe6194b), new Color(0x3cb44b), new Color(0x4363d8), new Color(0xf58231),
    new Color(0x911eb4), new Color(0x008080), new Color(0xf032e6), new Color(0x9a6324)
  };

  private SetOfMarks() {}

  /** Marks {@code observation} with {@link Options#defaults()}. */
  public static Marked render(Observation observation) {
    return render(observation, Options.defaults());
  }

  public static Marked render(Observation observation, Options options) {
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(options, "options");
    List<UiElement> chosen = choose(observation.elements(), options.maxElements());
    ScreenMapping mapping = observation.screenshot().mapping();
    StringBuilder listing = new StringBuilder();
    List<UiElement> listed = new ArrayList<>();
    for (UiElement e : chosen) {
      String line = line(e, mapping);
      if (listing.length() + line.length() + 1 > options.maxListingChars() - 40) {
        break;
      }
      listing.append(line).append('\n');
      listed.add(e);
    }
    int left = observation.elements().size() - listed.size();
    if (left > 0) {
      listing.append("(").append(left).append(" more elements not listed)\n");
    }
    BufferedImage src = observation.screenshot().image();
    double scale = Math.min(1.0, (double) options.maxImageSide() / Math.max(src.getWidth(), src.getHeight()));
    BufferedImage image = draw(src, listed, scale);
    return new Marked(image, scale, listing.toString(), List.copyOf(listed));
  }

  static List<UiElement> choose(List<UiElement> elements, int max) {
    List<UiElement> sorted = new ArrayList<>(elements);
    // Stable: reading order is kept within each priority.
    sorted.sort(Comparator.comparingInt(e -> PRIORITY.getOrDefault(e.role(), 0)));
    return sorted.size() > max ? sorted.subList(0, max) : sorted;
  }

  static String line(UiElement e, ScreenMapping mapping) {
    String label = e.label().replace('\n', ' ').replace('"', '\'');
    if (label.length() > 40) {
      label = label.substring(0, 39) + "…";
    }
    Point p = mapping.toScreen(e.clickPoint());
    return String.format(Locale.ROOT, "[%s] %s \"%s\" (%d,%d)", e.id(), e.role(), label, p.x(), p.y());
  }

  private static BufferedImage draw(BufferedImage src, List<UiElement> elements, double scale) {
    int w = Math.max(1, (int) Math.round(src.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(src.getHeight() * scale));
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.drawImage(src, 0, 0, w, h, null);
      g.setStroke(new BasicStroke(2f));
      Font font = new Font(Font.SANS_SERIF, Font.BOLD, 12);
      g.setFont(font);
      FontMetrics fm = g.getFontMetrics();
      for (int i = 0; i < elements.size(); i++) {
        UiElement e = elements.get(i);
        Color c = COLOURS[i % COLOURS.length];
        Rect b = e.box();
        int x = (int) Math.round(b.x() * scale);
        int y = (int) Math.round(b.y() * scale);
        int bw = Math.max(2, (int) Math.round(b.width() * scale));
        int bh = Math.max(2, (int) Math.round(b.height() * scale));
        g.setColor(c);
        g.drawRect(x, y, bw, bh);
        String tag = e.id();
        int tw = fm.stringWidth(tag) + 4;
        int th = fm.getAscent() + 2;
        int tx = Math.min(Math.max(0, x), w - tw);
        int ty = y - th >= 0 ? y - th : Math.min(y, h - th);
        g.fillRect(tx, ty, tw, th);
        g.setColor(Color.WHITE);
        g.drawString(tag, tx + 2, ty + fm.getAscent());
      }
    } finally {
      g.dispose();
    }
    return out;
  }
}
