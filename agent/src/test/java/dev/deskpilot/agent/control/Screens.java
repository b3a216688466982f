package dev.deskpilot.agent.control;

import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.TextLine;
import dev.deskpilot.perception.Word;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Observations with words at known places, as OCR would give them (9 px a letter, 14 px high). */
final class Screens {
  private Screens() {}

  /** A text line whose first word starts at (x, y); words one space (5 px) apart. */
  record Text(String text, int x, int y) {}

  static Text at(String text, int x, int y) {
    return new Text(text, x, y);
  }

  static Observation screen(Text... texts) {
    List<TextLine> lines = new ArrayList<>();
    for (Text t : texts) {
      List<Word> words = new ArrayList<>();
      int x = t.x();
      for (String w : t.text().split(" ")) {
        words.add(new Word(w, new Rect(x, t.y(), 9 * w.length(), 14), 95f));
        x += 9 * w.length() + 5;
      }
      lines.add(TextLine.of(words));
    }
    BufferedImage img = new BufferedImage(1280, 800, BufferedImage.TYPE_INT_RGB);
    return new Observation(new Screenshot(img, ScreenMapping.IDENTITY, Instant.EPOCH), lines, List.of(), "");
  }
}
