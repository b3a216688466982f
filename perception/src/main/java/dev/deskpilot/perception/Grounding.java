package dev.deskpilot.perception;

import java.util.List;
import java.util.Objects;

/**
 * Where a {@link Target} is on screen, as found by {@link Grounder}: found at one place, not
 * found, or found at several places when it had to be unique. Points and boxes are in the
 * screenshot's image pixels; map them with {@link ScreenMapping#toScreen(Point)} before acting.
 */
public sealed interface Grounding {

  /**
   * The target is at one place.
   *
   * @param point the centre of the matched words: where to click
   * @param box the union of the matched words' boxes
   * @param confidence 0..1: the match quality (1 for an exact match, at most 0.8 for a fuzzy one)
   *     times the words' mean OCR confidence
   * @param matched the on-screen words that matched, as OCR read them (or the element's label)
   * @param elementId the id of the element the point is on, or {@code null} when none was found
   *     there
   */
  record Found(Point point, Rect box, double confidence, String matched, String elementId) implements Grounding {
    public Found {
      Objects.requireNonNull(point, "point");
      Objects.requireNonNull(box, "box");
      Objects.requireNonNull(matched, "matched");
      if (!(confidence >= 0 && confidence <= 1)) {
        throw new IllegalArgumentException("confidence must be 0..1, was " + confidence);
      }
    }

    /** Found on no particular element. */
    public Found(Point point, Rect box, double confidence, String matched) {
      this(point, box, confidence, matched, null);
    }
  }

  /**
   * The target is not on screen (or there are fewer matches than its {@code nth}).
   *
   * @param target the target as its {@code toString()} names it
   * @param nearest up to 5 on-screen texts (or elements) closest to the target, closest first (to tell a person
   *     or a model what is there instead)
   */
  record NotFound(String target, List<String> nearest) implements Grounding {
    public NotFound {
      Objects.requireNonNull(target, "target");
      nearest = List.copyOf(nearest);
    }
  }

  /**
   * The target had to be unique ({@code nth == 0}) but matches equally well at several places.
   *
   * @param target the target as its {@code toString()} names it
   * @param candidates the boxes of the equally good matches, in reading order; pick one with {@link
   *     TextTarget#nth(String, int)}
   */
  record Ambiguous(String target, List<Rect> candidates) implements Grounding {
    public Ambiguous {
      Objects.requireNonNull(target, "target");
      candidates = List.copyOf(candidates);
    }
  }
}
