package dev.deskpilot.perception;

/** A pixel position; the holder says in which space (screenshot image or screen). */
public record Point(int x, int y) {
  @Override
  public String toString() {
    return "(" + x + "," + y + ")";
  }
}
