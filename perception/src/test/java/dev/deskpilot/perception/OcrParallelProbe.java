package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.TessdataLocation;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.sourceforge.tess4j.ITessAPI.TessPageSegMode;

/** Dev tool (not a test): OCR throughput of one engine against two engines on two threads (do the cores add up?). */
public final class OcrParallelProbe {
  public static void main(String[] args) throws Exception {
    Path tessdata = TessdataLocation.find("eng", System::getenv);
    List<BufferedImage> images = new ArrayList<>();
    try (TesseractOcr engine = TesseractOcr.open(tessdata, "eng", TessPageSegMode.PSM_SINGLE_LINE, TesseractOcr.SCREEN_VARIABLES, false)) {
      OcrEngine recording = new OcrEngine() {
        @Override
        public List<TextLine> read(BufferedImage image) {
          BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
          copy.setData(image.getData());
          images.add(copy);
          return engine.read(image);
        }

        @Override
        public void close() {}
      };
      try (Perceiver p = Perceiver.using(recording)) {
        p.perceive(Screenshot.of(TestImages.read(Path.of("src/test/resources/corpus/mousepad-menu-1920x1080-dark.png"))));
      }
    }
    try (TesseractOcr a = TesseractOcr.open(tessdata, "eng", TessPageSegMode.PSM_SINGLE_LINE, TesseractOcr.SCREEN_VARIABLES, false);
        TesseractOcr b = TesseractOcr.open(tessdata, "eng", TessPageSegMode.PSM_SINGLE_LINE, TesseractOcr.SCREEN_VARIABLES, false)) {
      for (int round = 0; round < 3; round++) {
        long t0 = System.nanoTime();
        for (int k = 0; k < 4; k++) {
          for (BufferedImage im : images) {
            a.read(im);
          }
        }
        double one = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        Thread t = new Thread(() -> {
          for (int k = 0; k < 2; k++) {
            for (BufferedImage im : images) {
              b.read(im);
            }
          }
        });
        t.start();
        for (int k = 0; k < 2; k++) {
          for (BufferedImage im : images) {
            a.read(im);
          }
        }
        t.join();
        double two = (System.nanoTime() - t0) / 1e6;
        System.out.printf("%d images x4: one engine %.0f ms, two engines on two threads %.0f ms: %.2fx%n", images.size(), one, two, one / two);
      }
    }
  }
}
