package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.FramePixels;
import dev.deskpilot.perception.internal.InkLayout;
import dev.deskpilot.perception.internal.TessdataLocation;
import dev.deskpilot.perception.internal.TileDiff;
import dev.deskpilot.perception.internal.UnitTexts;

import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Perceiver;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.Screenshot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Dev tool (not a test): per incremental pair of the perception corpus (a screen and the screen
 * captured before it), the incremental read's time by stage, the changed tiles, and with {@code
 * --units} every word chunk that had to be read (not remembered from the previous screen) with its
 * own OCR time and reading, against a full read of the same screen. Medians of {@code RUNS} runs.
 * {@code -Ddump=X,Y} also lists the previous screen's chunks of the unit at (X, Y) with their pixel
 * hashes (why a chunk was not reused); {@code -Donly=PREFIX} measures only the pairs whose screen
 * name starts so; {@code -Dloop=N} instead reads the two screens of each pair in turn N times,
 * each incrementally (steady state, for profiling).
 *
 * <pre>
 * OMP_THREAD_LIMIT=1 java --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes:DEPS \
 *   dev.deskpilot.perception.IncrementalProbe [CORPUS] [RUNS] [--units]
 * </pre>
 */
public final class IncrementalProbe {
  private IncrementalProbe() {}

  public static void main(String[] args) throws IOException {
    Path corpus = Path.of(args.length > 0 ? args[0] : "src/test/resources/corpus");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    boolean listUnits = Arrays.asList(args).contains("--units");
    List<String[]> pairs = TestImages.pairs(corpus, System.getProperty("only"));
    List<Double> incAll = new ArrayList<>();
    List<Double> fullAll = new ArrayList<>();
    try (Perceiver p = Perceiver.open()) {
      for (String[] pair : pairs) {
        BufferedImage before = TestImages.read(corpus.resolve(pair[0] + ".png"));
        BufferedImage after = TestImages.read(corpus.resolve(pair[1] + ".png"));
        p.reset();
        p.perceive(Screenshot.of(before));
        p.perceive(Screenshot.of(after));
        int loop = Integer.getInteger("loop", 0);
        if (loop > 0) {
          // Steady state: the two screens in turn, each read incrementally after the other.
          double[] there = new double[loop];
          double[] back = new double[loop];
          for (int i = 0; i < loop; i++) {
            long t0 = System.nanoTime();
            p.perceive(Screenshot.of(before));
            long t1 = System.nanoTime();
            p.perceive(Screenshot.of(after));
            long t2 = System.nanoTime();
            back[i] = (t1 - t0) / 1e6;
            there[i] = (t2 - t1) / 1e6;
          }
          System.out.printf("%-34s alternating %d times: after %.1f ms, before %.1f ms (medians)%n", pair[1], loop, med(there), med(back));
          continue;
        }
        double[] inc = new double[runs];
        double[][] st = new double[5][runs];
        int read = 0;
        List<Rect> changed = List.of();
        for (int r = 0; r < runs; r++) {
          p.reset();
          p.perceive(Screenshot.of(before));
          long t0 = System.nanoTime();
          Observation o = p.perceive(Screenshot.of(after));
          inc[r] = (System.nanoTime() - t0) / 1e6;
          Perceiver.Timings t = p.lastTimings();
          record(t, st, r);
          read = o.change().unitsRead();
          changed = o.change().regions();
          if (Boolean.getBoolean("each")) {
            System.out.printf("   run %d: %.1f ms | cmp %.1f ink %.1f units %.1f ocr %.1f el %.1f%n", r, inc[r], t.compareMs(), t.inkMs(), t.unitsMs(), t.ocrMs(), t.elementsMs());
          }
        }
        double[] full = new double[runs];
        double[][] fs = new double[5][runs];
        for (int r = 0; r < runs; r++) {
          p.reset();
          long t0 = System.nanoTime();
          p.perceive(Screenshot.of(after));
          full[r] = (System.nanoTime() - t0) / 1e6;
          record(p.lastTimings(), fs, r);
        }
        double i50 = med(inc);
        double f50 = med(full);
        incAll.add(i50);
        fullAll.add(f50);
        System.out.printf("%-34s inc %6.1f full %6.1f  x%4.1f | cmp %4.1f ink %5.1f units %4.1f ocr %5.1f el %5.1f | read %d changed %s%n",
            pair[1], i50, f50, f50 / i50, med(st[0]), med(st[1]), med(st[2]), med(st[3]), med(st[4]), read, changed);
        System.out.printf("%-34s full stages: cmp %4.1f ink %5.1f units %4.1f ocr %5.1f el %5.1f%n",
            "", med(fs[0]), med(fs[1]), med(fs[2]), med(fs[3]), med(fs[4]));
        if (listUnits) {
          listNew(before, after);
        }
      }
    }
    double[] i = incAll.stream().mapToDouble(Double::doubleValue).toArray();
    double[] f = fullAll.stream().mapToDouble(Double::doubleValue).toArray();
    System.out.printf("p50 inc %.1f full %.1f speedup %.2f%n", med(i), med(f), med(f) / med(i));
  }

  /** The units of {@code after} whose pixels were not among the units of {@code before}. */
  private static void listNew(BufferedImage before, BufferedImage after) {
    try (InkLayout ink = new InkLayout();
        dev.deskpilot.perception.OcrEngine engine = dev.deskpilot.perception.TesseractOcr.open(
            TessdataLocation.find("eng", System::getenv), "eng",
            net.sourceforge.tess4j.ITessAPI.TessPageSegMode.PSM_SINGLE_LINE,
            dev.deskpilot.perception.TesseractOcr.SCREEN_VARIABLES, false)) {
      UnitTexts texts = new UnitTexts();
      FramePixels b = FramePixels.of(before);
      ink.update(b, null);
      for (Rect u : ink.units()) {
        if (System.getProperty("dump") != null) {
          String[] p = System.getProperty("dump").split(",");
          if (u.contains(new Point(Integer.parseInt(p[0]), Integer.parseInt(p[1])))) {
            for (UnitTexts.Job j : texts.lookup(ink, u)) {
              System.out.println("    before: unit " + u + " chunk " + j.unit() + " hash " + j.hash());
            }
          }
        }
        for (UnitTexts.Job j : texts.lookup(ink, u)) {
          if (j.known() == null) {
            texts.remember(j, List.of());
          }
        }
      }
      FramePixels a = FramePixels.of(after);
      ink.update(a, TileDiff.changed(b, a, Perceiver.TILE));
      for (Rect u : ink.units()) {
        for (UnitTexts.Job j : texts.lookup(ink, u)) {
          if (j.known() == null) {
            System.out.println("    after: chunk " + j.unit() + " hash " + j.hash());
            UnitTexts.recognise(j, engine);
            long t0 = System.nanoTime();
            var lines = UnitTexts.recognise(j, engine);
            System.out.printf("    new chunk %s of unit %s: %.1f ms %s%n", j.unit(), u, (System.nanoTime() - t0) / 1e6,
                lines.stream().map(dev.deskpilot.perception.TextLine::text).toList());
          }
        }
      }
    }
  }

  /** Puts the stage times of {@code t} into column {@code r} of {@code stages}. */
  private static void record(Perceiver.Timings t, double[][] stages, int r) {
    stages[0][r] = t.compareMs();
    stages[1][r] = t.inkMs();
    stages[2][r] = t.unitsMs();
    stages[3][r] = t.ocrMs();
    stages[4][r] = t.elementsMs();
  }

  private static double med(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
