package dev.deskpilot.perception;

import java.util.List;

/** Words that the OCR engine put on one line, in reading order; box in image pixels. */
public record TextLine(String text, Rect box, List<Word> words) {
  public TextLine {
    words = List.copyOf(words);
  }

  public static TextLine of(List<Word> words) {
    if (words.isEmpty()) {
      throw new IllegalArgumentException("a line needs at least one word");
    }
    Rect box = words.getFirst().box();
    StringBuilder text = new StringBuilder();
    for (Word w : words) {
      box = box.union(w.box());
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(w.text());
    }
    return new TextLine(text.toString(), box, words);
  }
}
