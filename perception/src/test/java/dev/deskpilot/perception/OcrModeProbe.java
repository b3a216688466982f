package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.FramePixels;
import dev.deskpilot.perception.internal.InkLayout;
import dev.deskpilot.perception.internal.TessdataLocation;
import dev.deskpilot.perception.internal.UnitTexts;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/** Dev tool (not a test): reads every word chunk of some corpus screens with two Tesseract set-ups, timing each and listing where they differ. */
public final class OcrModeProbe {
  public static void main(String[] args) throws Exception {
    Map<String, String> b = new HashMap<>(TesseractOcr.SCREEN_VARIABLES);
    int modeB = Integer.parseInt(System.getProperty("modeB", "7"));
    for (String kv : System.getProperty("varsB", "").split(",")) {
      if (!kv.isBlank()) {
        b.put(kv.split("=")[0], kv.split("=")[1]);
      }
    }
    try (OcrEngine ea = TesseractOcr.open(TessdataLocation.find("eng", System::getenv), "eng", 7, TesseractOcr.SCREEN_VARIABLES, false);
        OcrEngine eb = TesseractOcr.open(TessdataLocation.find("eng", System::getenv), "eng", modeB, b, false)) {
      double ta = 0, tb = 0;
      int n = 0, diff = 0;
      for (String name : args) {
        BufferedImage src = ImageIO.read(Path.of("src/test/resources/corpus", name + ".png").toFile());
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        img.getGraphics().drawImage(src, 0, 0, null);
        try (InkLayout ink = new InkLayout()) {
          ink.update(FramePixels.of(img), null);
          UnitTexts texts = new UnitTexts();
          List<UnitTexts.Job> jobs = new ArrayList<>();
          for (Rect u : ink.units()) {
            jobs.addAll(texts.lookup(ink, u));
          }
          for (UnitTexts.Job j : jobs) {
            UnitTexts.recognise(j, ea);
            UnitTexts.recognise(j, eb);
            long t0 = System.nanoTime();
            String a = UnitTexts.recognise(j, ea).stream().map(TextLine::text).toList().toString();
            long t1 = System.nanoTime();
            String bb = UnitTexts.recognise(j, eb).stream().map(TextLine::text).toList().toString();
            long t2 = System.nanoTime();
            ta += (t1 - t0) / 1e6;
            tb += (t2 - t1) / 1e6;
            n++;
            if (!a.equals(bb)) {
              diff++;
              System.out.println("  " + name + " " + j.unit() + ": " + a + " vs " + bb);
            }
          }
        }
      }
      System.out.printf("%d chunks: A %.1f ms, B %.1f ms (%.2f ms/chunk vs %.2f), %d differ%n", n, ta, tb, ta / n, tb / n, diff);
    }
  }
}
