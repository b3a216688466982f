package dev.deskpilot.perception;

/** The element with this id (as a set-of-marks listing shows it, e.g. {@code 12}). */
public record IdTarget(String id) implements Target {
  public IdTarget {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("an id target needs an id, was '" + id + "'");
    }
    id = id.strip();
  }

  @Override
  public String toString() {
    return "[" + id + "]";
  }
}
