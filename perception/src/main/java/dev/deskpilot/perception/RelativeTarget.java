package dev.deskpilot.perception;

import java.util.Objects;

/**
 * An element next to an anchor, e.g. the field right of "Name": the nearest element (of {@code
 * role}, or any but labels when {@code null}) whose box lies in {@code direction} of the anchor and
 * overlaps its row (left/right) or column (above/below).
 */
public record RelativeTarget(String role, Direction direction, Target anchor) implements Target {
  /** Where the element lies seen from the anchor. */
  public enum Direction {
    RIGHT_OF,
    LEFT_OF,
    ABOVE,
    BELOW
  }

  public RelativeTarget {
    Objects.requireNonNull(direction, "direction");
    Objects.requireNonNull(anchor, "anchor");
    if (anchor instanceof RelativeTarget || anchor instanceof ImageTarget) {
      throw new IllegalArgumentException("an anchor must be text, an element or an id, was " + anchor);
    }
    if (role != null) {
      role = new ElementTarget(role, null, 0).role();
    }
  }

  /** The element of {@code role} right of the text {@code anchor}, e.g. {@code rightOf("field", "Name")}. */
  public static RelativeTarget rightOf(String role, String anchor) {
    return new RelativeTarget(role, Direction.RIGHT_OF, TextTarget.of(anchor));
  }

  /** The element of {@code role} below the text {@code anchor}. */
  public static RelativeTarget below(String role, String anchor) {
    return new RelativeTarget(role, Direction.BELOW, TextTarget.of(anchor));
  }

  @Override
  public String toString() {
    return (role == null ? "element" : role) + " " + direction.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + anchor;
  }
}
