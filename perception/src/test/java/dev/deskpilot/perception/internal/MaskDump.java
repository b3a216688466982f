package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.TestImages;
import java.nio.file.Path;

/** Dev tool (not a test): the ink mask of a corpus screen's area as text, and the units within it. Args: PNG X Y W H. */
public final class MaskDump {
  public static void main(String[] a) throws Exception {
    int x = Integer.parseInt(a[1]), y = Integer.parseInt(a[2]), w = Integer.parseInt(a[3]), h = Integer.parseInt(a[4]);
    try (InkLayout ink = new InkLayout()) {
      ink.update(FramePixels.of(TestImages.read(Path.of(a[0]))), null);
      byte[] m = ink.maskPixels();
      for (int r = y; r < y + h; r++) {
        StringBuilder sb = new StringBuilder(String.format("%4d ", r));
        for (int c = x; c < x + w; c++) {
          sb.append(m[r * ink.width() + c] != 0 ? '#' : '.');
        }
        System.out.println(sb);
      }
      Rect area = new Rect(x, y, w, h);
      for (Rect u : ink.units()) {
        if (u.intersection(area).area() > 0) {
          System.out.println("unit " + u);
        }
      }
    }
  }
}
