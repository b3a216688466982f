package dev.deskpilot.perception;

import java.util.List;
import java.util.Objects;

/**
 * What Deskpilot understood of one screenshot. Boxes are in the screenshot's image pixels.
 *
 * @param screenshot the frame this was read from
 * @param lines text lines with their words, in reading order
 * @param elements UI elements in reading order (empty when no detector ran), ids stable across a
 *     {@link Perceiver}'s frames while an element stays
 * @param note why something is missing (e.g. "OCR failed: ..."), or empty
 * @param change what changed since the previous frame ({@link ScreenChange#NOT_COMPARED} when
 *     nothing was compared)
 */
public record Observation(
    Screenshot screenshot, List<TextLine> lines, List<UiElement> elements, String note, ScreenChange change) {
  public Observation {
    Objects.requireNonNull(screenshot, "screenshot");
    lines = List.copyOf(lines);
    elements = List.copyOf(elements);
    note = note == null ? "" : note;
    change = change == null ? ScreenChange.NOT_COMPARED : change;
  }

  /** An observation of a frame not compared with any other. */
  public Observation(Screenshot screenshot, List<TextLine> lines, List<UiElement> elements, String note) {
    this(screenshot, lines, elements, note, ScreenChange.NOT_COMPARED);
  }

  public List<Word> words() {
    return lines.stream().flatMap(l -> l.words().stream()).toList();
  }

  /** All text on screen, one line per text line. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    for (TextLine l : lines) {
      sb.append(l.text()).append('\n');
    }
    return sb.toString();
  }

  /** The element with this id, or {@code null}. */
  public UiElement element(String id) {
    for (UiElement e : elements) {
      if (e.id().equals(id)) {
        return e;
      }
    }
    return null;
  }
}
