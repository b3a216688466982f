package dev.deskpilot.agent;

import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.TextLine;
import dev.deskpilot.perception.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The text at a point of the screen, as the safety gate (what a click presses) and replays (what a
 * recorded click meant) need it. Points are screen coordinates; boxes are the observation's image
 * pixels.
 */
public final class ScreenText {
  /** Longest label taken around a clicked word. */
  static final int MAX_LABEL_WORDS = 4;

  private ScreenText() {}

  /**
   * Words under a point and the words next to them that belong to the same widget label.
   *
   * @param text the words, joined by single spaces
   * @param box their union, image pixels
   */
  public record Label(String text, Rect box) {
    public Label {
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(box, "box");
    }
  }

  /**
   * The label under {@code screenPoint}: the word whose box contains the point (or lies within
   * about half a text height of it), widened along its line to the neighbouring words that are
   * closer than a text height (one button's or menu item's words), at most {@value
   * #MAX_LABEL_WORDS} words centred on the hit.
   *
   * @return empty when no word is under or right next to the point
   */
  public static Optional<Label> labelAt(Observation observation, Point screenPoint) {
    Point p = observation.screenshot().mapping().toImage(screenPoint);
    TextLine bestLine = null;
    int bestIndex = -1;
    double bestDistance = Double.MAX_VALUE;
    for (TextLine line : observation.lines()) {
      List<Word> words = line.words();
      for (int i = 0; i < words.size(); i++) {
        Rect b = words.get(i).box();
        double d = distance(b, p);
        double tolerance = Math.max(6, 0.6 * b.height());
        if (d <= tolerance && d < bestDistance) {
          bestDistance = d;
          bestLine = line;
          bestIndex = i;
        }
      }
    }
    if (bestLine == null) {
      return Optional.empty();
    }
    List<Word> words = bestLine.words();
    int from = bestIndex;
    int to = bestIndex;
    while (from > 0 && sameWidget(words.get(from - 1), words.get(from))) {
      from--;
    }
    while (to < words.size() - 1 && sameWidget(words.get(to), words.get(to + 1))) {
      to++;
    }
    while (to - from + 1 > MAX_LABEL_WORDS) {
      if (bestIndex - from > to - bestIndex) {
        from++;
      } else {
        to--;
      }
    }
    List<Word> picked = new ArrayList<>(words.subList(from, to + 1));
    Rect box = picked.getFirst().box();
    StringBuilder text = new StringBuilder();
    for (Word w : picked) {
      box = box.union(w.box());
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(w.text());
    }
    return Optional.of(new Label(text.toString(), box));
  }

  /**
   * Words whose boxes come within {@code radius} image pixels of {@code screenPoint}, nearest
   * first: what a person would read as the label of a field clicked there.
   */
  public static List<Word> wordsNear(Observation observation, Point screenPoint, int radius) {
    Point p = observation.screenshot().mapping().toImage(screenPoint);
    List<Word> near = new ArrayList<>();
    for (Word w : observation.words()) {
      if (distance(w.box(), p) <= radius) {
        near.add(w);
      }
    }
    near.sort((a, b) -> Double.compare(distance(a.box(), p), distance(b.box(), p)));
    return near;
  }

  /** Whether two neighbouring words of a line are one label: a gap under one text height. */
  private static boolean sameWidget(Word left, Word right) {
    Rect a = left.box();
    Rect b = right.box();
    int gap = b.x() - a.right();
    int height = Math.max(a.height(), b.height());
    int overlap = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
    return gap <= height && overlap >= Math.min(a.height(), b.height()) / 2;
  }

  static double distance(Rect b, Point p) {
    double dx = Math.max(0, Math.max(b.x() - p.x(), p.x() - (b.right() - 1)));
    double dy = Math.max(0, Math.max(b.y() - p.y(), p.y() - (b.bottom() - 1)));
    return Math.hypot(dx, dy);
  }
}
