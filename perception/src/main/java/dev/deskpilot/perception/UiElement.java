package dev.deskpilot.perception;

import java.util.Objects;

/**
 * Something on screen a person could act on or read, in image pixels.
 *
 * <p>Roles used by Deskpilot's detectors: {@code button}, {@code text_field}, {@code checkbox},
 * {@code radio}, {@code menu_item} (an entry of a menu bar or an open menu), {@code tab}, {@code
 * list_item} (a row of a list, a cell of a table), {@code icon}, {@code label} (text no widget
 * around it could be told), {@code window}, {@code dialog}, and accessibility roles mapped onto
 * these (others pass through as the tree names them, e.g. {@code combo_box}, {@code slider}).
 *
 * @param id stable across a {@link Perceiver}'s frames while the element stays (e.g. {@code "12"})
 * @param role a role guess, see above
 * @param label the visible or accessible name, may be empty
 * @param box where it is
 * @param confidence 0..1, how sure the detector is of the role
 * @param source which source found it
 */
public record UiElement(String id, String role, String label, Rect box, double confidence, Source source) {
  /** Where an element came from. */
  public enum Source {
    /** Shapes found in the pixels (OpenCV), possibly labelled by OCR text inside or beside them. */
    VISION,
    /** OCR text alone. */
    TEXT,
    /** The desktop's accessibility tree only. */
    ACCESSIBILITY,
    /** Seen both in the pixels and in the accessibility tree (box from the tree). */
    FUSED
  }

  public UiElement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(source, "source");
    label = label == null ? "" : label;
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException("confidence must be 0..1, was " + confidence);
    }
  }

  /** An element found in the pixels, fully trusted. */
  public UiElement(String id, String role, String label, Rect box) {
    this(id, role, label, box, 1.0, Source.VISION);
  }

  /** Where to click it: the centre of its box. */
  public Point clickPoint() {
    return box.center();
  }

  /** The same element under another id. */
  public UiElement withId(String newId) {
    return new UiElement(newId, role, label, box, confidence, source);
  }
}
