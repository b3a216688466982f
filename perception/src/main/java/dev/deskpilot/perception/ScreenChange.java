package dev.deskpilot.perception;

import java.util.List;
import java.util.Objects;

/**
 * What changed on screen since the previous frame a {@link Perceiver} saw: so that after an action
 * the agent can tell "nothing happened" from "a menu opened".
 *
 * @param kind whether the frame was compared with a previous one and what that showed
 * @param regions the changed areas (image pixels; groups of changed 16 px tiles), empty unless
 *     {@link Kind#CHANGED}
 * @param changedFraction share of the frame's pixels inside {@code regions}, 0..1 (1 when not
 *     compared)
 * @param unitsRead pieces of text read by OCR for this frame (a text unit, or one word chunk of
 *     a unit of several words)
 * @param unitsReused pieces of text whose pixels were read before (or elsewhere on the same
 *     frame), answered from memory
 * @param textAppeared texts of lines on this frame that were not on the previous one (reading
 *     order, at most {@value #MAX_LISTED})
 * @param textGone texts of lines of the previous frame that are no longer there (at most {@value
 *     #MAX_LISTED})
 * @param elementsAppeared ids of elements new on this frame
 * @param elementsGone ids of elements of the previous frame that are gone
 */
public record ScreenChange(
    Kind kind,
    List<Rect> regions,
    double changedFraction,
    int unitsRead,
    int unitsReused,
    List<String> textAppeared,
    List<String> textGone,
    List<String> elementsAppeared,
    List<String> elementsGone) {
  /** Lists of texts are cut at this many entries. */
  public static final int MAX_LISTED = 20;

  /** How a frame relates to the previous one. */
  public enum Kind {
    /** No previous frame to compare with (the first frame, a new screen size, a one-off read). */
    NOT_COMPARED,
    /** Every pixel is the same as in the previous frame. */
    NONE,
    /** Some pixels differ; see {@code regions}. */
    CHANGED
  }

  /** A frame read without comparing it to anything. */
  public static final ScreenChange NOT_COMPARED =
      new ScreenChange(Kind.NOT_COMPARED, List.of(), 1.0, 0, 0, List.of(), List.of(), List.of(), List.of());

  public ScreenChange {
    Objects.requireNonNull(kind, "kind");
    regions = List.copyOf(regions);
    textAppeared = List.copyOf(textAppeared);
    textGone = List.copyOf(textGone);
    elementsAppeared = List.copyOf(elementsAppeared);
    elementsGone = List.copyOf(elementsGone);
    if (!(changedFraction >= 0 && changedFraction <= 1)) {
      throw new IllegalArgumentException("changedFraction must be 0..1, was " + changedFraction);
    }
  }

  /** True when the frame is pixel for pixel the previous one. */
  public boolean nothingChanged() {
    return kind == Kind.NONE;
  }

  /** True when pixels changed but no line of text and no element appeared or went. */
  public boolean onlyPixelsChanged() {
    return kind == Kind.CHANGED
        && textAppeared.isEmpty()
        && textGone.isEmpty()
        && elementsAppeared.isEmpty()
        && elementsGone.isEmpty();
  }

  /** One line for a model or a log, e.g. {@code "changed 2.1% of the screen: new text "Save As""}. */
  public String summary() {
    return switch (kind) {
      case NOT_COMPARED -> "first look at this screen";
      case NONE -> "nothing changed on screen";
      case CHANGED -> {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(java.util.Locale.ROOT, "changed %.1f%% of the screen", changedFraction * 100));
        if (!textAppeared.isEmpty()) {
          sb.append("; new text ").append(quoted(textAppeared));
        }
        if (!textGone.isEmpty()) {
          sb.append("; text gone ").append(quoted(textGone));
        }
        if (!elementsAppeared.isEmpty()) {
          sb.append("; elements appeared ").append(elementsAppeared);
        }
        if (!elementsGone.isEmpty()) {
          sb.append("; elements gone ").append(elementsGone);
        }
        if (onlyPixelsChanged()) {
          sb.append(" (no text or element changed)");
        }
        yield sb.toString();
      }
    };
  }

  private static String quoted(List<String> texts) {
    List<String> shown = texts.size() > 5 ? texts.subList(0, 5) : texts;
    StringBuilder sb = new StringBuilder();
    for (String t : shown) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append('"').append(t.length() > 40 ? t.substring(0, 40) + "..." : t).append('"');
    }
    if (texts.size() > shown.size()) {
      sb.append(" and ").append(texts.size() - shown.size()).append(" more");
    }
    return sb.toString();
  }
}
