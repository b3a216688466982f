package dev.deskpilot.perception;

import java.awt.image.BufferedImage;
import java.nio.file.Path;

/** Dev tool (not a test): the lines a fresh Perceiver reads on a PNG, with boxes ({@code PNG [Y0 Y1]} to show only lines within those rows; {@code -Delements} also lists the elements). */
public final class ReadProbe {
  public static void main(String[] args) throws Exception {
    BufferedImage img = TestImages.read(Path.of(args[0]));
    int y0 = args.length > 2 ? Integer.parseInt(args[1]) : 0;
    int y1 = args.length > 2 ? Integer.parseInt(args[2]) : Integer.MAX_VALUE;
    try (Perceiver p = Perceiver.open()) {
      Observation o = p.perceive(Screenshot.of(img));
      for (TextLine l : o.lines()) {
        if (l.box().y() >= y0 && l.box().y() < y1) {
          System.out.println(l.box() + " " + l.words().stream().map(w -> w.text() + "(" + (int) w.confidence() + " " + w.box() + ")").toList());
        }
      }
      if (System.getProperty("elements") != null) {
        for (UiElement e : o.elements()) {
          if (e.box().y() >= y0 && e.box().y() < y1) {
            System.out.println("  " + e.role() + " '" + e.label() + "' " + e.box());
          }
        }
      }
    }
  }
}
