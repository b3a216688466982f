package dev.deskpilot.perception;

/**
 * One word read from the screen.
 *
 * @param text the word, never blank
 * @param box where it is, in screenshot image pixels
 * @param confidence 0..100 as the OCR engine reports it
 */
public record Word(String text, Rect box, float confidence) {
  public Word {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a word needs text");
    }
  }
}
