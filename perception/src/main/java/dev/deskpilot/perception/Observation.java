package dev.deskpilot.perception;

import java.util.List;
import java.util.Objects;

/**
 * What Deskpilot understood of one screenshot. Boxes are in the screenshot's image pixels.
 *
 * @param screenshot the frame this was read from
 * @param lines text lines with their words, in reading order
 * @param elements UI elements (empty when no detector ran)
 * @param note why something is missing (e.g. "OCR unavailable: ..."), or empty
 */
public record Observation(
    Screenshot screenshot, List<TextLine> lines, List<UiElement> elements, String note) {
  public Observation {
    Objects.requireNonNull(screenshot, "screenshot");
    lines = List.copyOf(lines);
    elements = List.copyOf(elements);
    note = note == null ? "" : note;
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
}
