package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.TestImages;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Dev tool (not a test): per incremental pair of the corpus, the time to find outlines again around the change vs a whole search, and the ink update. */
public final class OutlinesProbe {
  public static void main(String[] args) throws Exception {
    Path corpus = Path.of("src/test/resources/corpus");
    for (String[] pair : TestImages.pairs(corpus, null)) {
      FramePixels before = FramePixels.of(TestImages.read(corpus.resolve(pair[0] + ".png")));
      FramePixels after = FramePixels.of(TestImages.read(corpus.resolve(pair[1] + ".png")));
      List<Rect> changed = TileDiff.changed(before, after, 16);
      int runs = 15;
      double[] inc = new double[runs];
      double[] whole = new double[runs];
      double[] inkMs = new double[runs];
      double[] unitsMs = new double[runs];
      try (InkLayout ink = new InkLayout(); Outlines o = new Outlines()) {
        for (int r = 0; r < runs; r++) {
          ink.update(before, null);
          ink.units();
          o.find(ink, null);
          long t0 = System.nanoTime();
          ink.update(after, changed);
          long t1 = System.nanoTime();
          ink.units();
          long t2 = System.nanoTime();
          o.find(ink, changed);
          long t3 = System.nanoTime();
          o.find(ink, null);
          long t4 = System.nanoTime();
          inkMs[r] = (t1 - t0) / 1e6;
          unitsMs[r] = (t2 - t1) / 1e6;
          inc[r] = (t3 - t2) / 1e6;
          whole[r] = (t4 - t3) / 1e6;
        }
      }
      System.out.printf("%-34s ink %5.2f units %5.2f outlines %5.2f (whole %5.2f)%n", pair[1], med(inkMs), med(unitsMs), med(inc), med(whole));
    }
  }

  private static double med(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
