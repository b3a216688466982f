package dev.deskpilot.agent.replay;

import dev.deskpilot.agent.ScreenText;
import dev.deskpilot.perception.Grounder;
import dev.deskpilot.perception.Grounding;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.TextTarget;
import java.util.List;
import java.util.Optional;

/**
 * The text a recorded click pressed: the label under the click point and which of its equally
 * good matches in reading order it was ({@code nth}, 0 when unique), so that a replay can find it
 * again on a screen where it moved.
 *
 * @param action index of the click in its step's actions
 * @param label the on-screen text, as OCR read it
 * @param nth 0 when the label is unique on the recorded screen, else its 1-based rank
 */
public record ClickTarget(int action, String label, int nth) {
  public ClickTarget {
    if (action < 0) {
      throw new IllegalArgumentException("action index must not be negative, was " + action);
    }
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("a click target needs a label");
    }
    if (nth < 0) {
      throw new IllegalArgumentException("nth must be 0 or a 1-based rank, was " + nth);
    }
  }

  /**
   * The target of a click at {@code screenPoint} on the screen read as {@code observation}: the
   * label under the point, when grounding that label on the same screen leads back to the point.
   *
   * @return empty when no text is under the point, or the text cannot be found again there (a
   *     replay then clicks the recorded coordinates)
   */
  public static Optional<ClickTarget> at(
      int action, Observation observation, Point screenPoint, Grounder grounder) {
    Optional<ScreenText.Label> label = ScreenText.labelAt(observation, screenPoint);
    if (label.isEmpty() || label.get().text().isBlank()) {
      return Optional.empty();
    }
    String text = label.get().text();
    Point p = observation.screenshot().mapping().toImage(screenPoint);
    TextTarget target;
    try {
      target = TextTarget.of(text);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Grounding g = grounder.ground(observation, target);
    return switch (g) {
      case Grounding.Found f -> near(f.box(), label.get().box(), p)
          ? Optional.of(new ClickTarget(action, text, 0)) : Optional.empty();
      case Grounding.Ambiguous a -> {
        List<Rect> boxes = a.candidates();
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < boxes.size(); i++) {
          double d = distance(boxes.get(i), p);
          if (d < bestD) {
            bestD = d;
            best = i;
          }
        }
        yield best >= 0 && near(boxes.get(best), label.get().box(), p)
            ? Optional.of(new ClickTarget(action, text, best + 1)) : Optional.empty();
      }
      case Grounding.NotFound nf -> Optional.empty();
    };
  }

  private static boolean near(Rect found, Rect label, Point p) {
    return found.iou(label) > 0.3 || distance(found, p) <= Math.max(8, found.height());
  }

  private static double distance(Rect b, Point p) {
    double dx = Math.max(0, Math.max(b.x() - p.x(), p.x() - (b.right() - 1)));
    double dy = Math.max(0, Math.max(b.y() - p.y(), p.y() - (b.bottom() - 1)));
    return Math.hypot(dx, dy);
  }
}
