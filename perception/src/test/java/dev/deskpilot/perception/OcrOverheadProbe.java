package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.TessdataLocation;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;

/** Dev tool (not a test): Tesseract's fixed cost per call (a blank image) under variable settings given as k=v arguments. */
public final class OcrOverheadProbe {
  public static void main(String[] args) throws Exception {
    Map<String, String> vars = new HashMap<>(TesseractOcr.SCREEN_VARIABLES);
    for (String kv : args) {
      String[] p = kv.split("=", 2);
      if (p[1].equals("-")) {
        vars.remove(p[0]);
      } else {
        vars.put(p[0], p[1]);
      }
    }
    try (TesseractOcr e = TesseractOcr.open(TessdataLocation.find("eng", System::getenv), "eng", 7, vars, false)) {
      BufferedImage blank = new BufferedImage(60, 30, BufferedImage.TYPE_BYTE_GRAY);
      java.util.Arrays.fill(((java.awt.image.DataBufferByte) blank.getRaster().getDataBuffer()).getData(), (byte) 255);
      for (int i = 0; i < 50; i++) {
        e.read(blank);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < 300; i++) {
        e.read(blank);
      }
      System.out.printf("%s: %.3f ms per blank read%n", vars, (System.nanoTime() - t0) / 300e6);
    }
  }
}
