package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.FramePixels;
import dev.deskpilot.perception.internal.InkLayout;
import dev.deskpilot.perception.internal.TessdataLocation;
import dev.deskpilot.perception.internal.UnitTexts;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Dev tool (not a test): Tesseract's time per word chunk by the scale the chunk is given at. */
public final class OcrScaleProbe {
  public static void main(String[] args) throws Exception {
    try (OcrEngine e = TesseractOcr.open(TessdataLocation.find("eng", System::getenv), "eng", 7, TesseractOcr.SCREEN_VARIABLES, false)) {
      BufferedImage img = TestImages.read(Path.of("src/test/resources/corpus", args[0] + ".png"));
      try (InkLayout ink = new InkLayout()) {
        ink.update(FramePixels.of(img), null);
        UnitTexts texts = new UnitTexts();
        List<UnitTexts.Job> jobs = new ArrayList<>();
        for (Rect u : ink.units()) {
          jobs.addAll(texts.lookup(ink, u));
        }
        double[] total = new double[5];
        for (UnitTexts.Job j : jobs) {
          int w = j.unit().width();
          int h = j.unit().height();
          for (int scale = 1; scale <= 3; scale++) {
            byte[] big = InkLayout.scaleAndPad(j.pixels(), w, h, scale, 8, j.background());
            int bw = w * scale + 16;
            int bh = h * scale + 16;
            BufferedImage im = new BufferedImage(bw, bh, BufferedImage.TYPE_BYTE_GRAY);
            System.arraycopy(big, 0, ((DataBufferByte) im.getRaster().getDataBuffer()).getData(), 0, big.length);
            e.read(im);
            long t0 = System.nanoTime();
            for (int k = 0; k < 5; k++) {
              e.read(im);
            }
            total[scale] += (System.nanoTime() - t0) / 5e6;
          }
          BufferedImage tiny = new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY);
          long t0 = System.nanoTime();
          e.read(tiny);
          total[4] += (System.nanoTime() - t0) / 1e6;
        }
        System.out.printf("%d chunks: ms/chunk at 1x %.2f, 2x %.2f, 3x %.2f; blank 20x20 %.2f%n", jobs.size(),
            total[1] / jobs.size(), total[2] / jobs.size(), total[3] / jobs.size(), total[4] / jobs.size());
      }
    }
  }
}
