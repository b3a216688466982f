package dev.deskpilot.perception;

/**
 * Text to find on screen, as a step script names it ({@code click "Save"}).
 *
 * @param text the words to find; matched case-insensitively, see {@link Grounder}
 * @param nth which match to take, 1-based in reading order (top to bottom, then left to right); 0
 *     means the match must be unique
 */
public record TextTarget(String text, int nth) implements Target {
  public TextTarget {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a text target needs text, was '" + text + "'");
    }
    if (nth < 0) {
      throw new IllegalArgumentException("nth must be 0 (unique) or a 1-based index, was " + nth);
    }
  }

  /** A target that must match exactly one place on screen. */
  public static TextTarget of(String text) {
    return new TextTarget(text, 0);
  }

  /** The {@code nth} (1-based, reading order) match of {@code text}. */
  public static TextTarget nth(String text, int nth) {
    if (nth < 1) {
      throw new IllegalArgumentException("nth is 1-based, was " + nth);
    }
    return new TextTarget(text, nth);
  }

  /** {@code "Save"} or {@code "Save" #2}: how reports and errors name the target. */
  @Override
  public String toString() {
    return "\"" + text + "\"" + (nth == 0 ? "" : " #" + nth);
  }
}
