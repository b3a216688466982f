package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.TessdataLocation;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.sourceforge.tess4j.ITessAPI.TessPageSegMode;

/**
 * Dev tool (not a test): the images a full read of every corpus screen hands Tesseract, read again
 * under other Tesseract settings (k=v arguments, {@code psm=N} for the segmentation mode): time per
 * image and how many readings differ from the perceiver's own settings. {@code -Dreverse=true} reads
 * them in reverse order (whether a reading depends on what the engine read before); {@code
 * -Dscale=F} scales them first (what the image size costs); {@code -Dscreen=PREFIX} only the
 * screens so named, {@code -Dslowest=true} lists the slowest images, {@code -Dvpad=N} adds N rows of background
 * above and below (negative: takes them off).
 */
public final class OcrSettingsProbe {
  public static void main(String[] args) throws Exception {
    Path corpus = Path.of("src/test/resources/corpus");
    Path tessdata = TessdataLocation.find("eng", System::getenv);
    List<BufferedImage> images = new ArrayList<>();
    List<List<TextLine>> base = new ArrayList<>();
    try (TesseractOcr engine = TesseractOcr.open(tessdata, "eng", TessPageSegMode.PSM_SINGLE_LINE,
        TesseractOcr.SCREEN_VARIABLES, false)) {
      OcrEngine recording = new OcrEngine() {
        @Override
        public List<TextLine> read(BufferedImage image) {
          List<TextLine> r = engine.read(image);
          BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
          copy.setData(image.getData());
          images.add(copy);
          base.add(r);
          return r;
        }

        @Override
        public void close() {}
      };
      try (Perceiver p = Perceiver.using(recording); Stream<Path> files = Files.list(corpus)) {
        for (Path f : files.sorted().toList()) {
          String only = System.getProperty("screen");
          if (f.toString().endsWith(".png") && (only == null || f.getFileName().toString().startsWith(only))) {
            p.reset();
            p.perceive(Screenshot.of(TestImages.read(f)));
          }
        }
      }
    }
    double scale = Double.parseDouble(System.getProperty("scale", "1"));
    if (scale != 1) {
      for (int i = 0; i < images.size(); i++) {
        BufferedImage im = images.get(i);
        int w = Math.max(1, (int) Math.round(im.getWidth() * scale));
        int h = Math.max(1, (int) Math.round(im.getHeight() * scale));
        BufferedImage s = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = s.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(im, 0, 0, w, h, null);
        g.dispose();
        images.set(i, s);
      }
    }
    int vpad = Integer.getInteger("vpad", 0);
    if (vpad != 0) {
      for (int i = 0; i < images.size(); i++) {
        BufferedImage im = images.get(i);
        int bg = im.getRaster().getSample(0, 0, 0);
        int h = Math.max(1, im.getHeight() + 2 * vpad);
        BufferedImage s = new BufferedImage(im.getWidth(), h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < im.getWidth(); x++) {
            int sy = y - vpad;
            s.getRaster().setSample(x, y, 0, sy >= 0 && sy < im.getHeight() ? im.getRaster().getSample(x, sy, 0) : bg);
          }
        }
        images.set(i, s);
      }
    }
    System.out.println(images.size() + " images");
    List<String> configs = new ArrayList<>(List.of(""));
    configs.addAll(List.of(args));
    for (String config : configs) {
      Map<String, String> vars = new HashMap<>(TesseractOcr.SCREEN_VARIABLES);
      int psm = TessPageSegMode.PSM_SINGLE_LINE;
      for (String kv : config.isBlank() ? new String[0] : config.split(" ")) {
        String[] p = kv.split("=", 2);
        if (p[0].equals("psm")) {
          psm = Integer.parseInt(p[1]);
        } else if (p[1].equals("-")) {
          vars.remove(p[0]);
        } else {
          vars.put(p[0], p[1]);
        }
      }
      try (TesseractOcr e = TesseractOcr.open(tessdata, "eng", psm, vars, false)) {
        for (int i = 0; i < Math.min(50, images.size()); i++) {
          e.read(images.get(i));
        }
        int differ = 0;
        int textDiffer = 0;
        long t0 = System.nanoTime();
        List<List<TextLine>> got = new ArrayList<>();
        boolean reverse = Boolean.getBoolean("reverse");
        for (int i = 0; i < images.size(); i++) {
          got.add(null);
        }
        double[] each = new double[images.size()];
        for (int k = 0; k < images.size(); k++) {
          int i = reverse ? images.size() - 1 - k : k;
          long s0 = System.nanoTime();
          got.set(i, e.read(images.get(i)));
          each[i] = (System.nanoTime() - s0) / 1e6;
        }
        if (Boolean.getBoolean("slowest")) {
          Integer[] order = new Integer[images.size()];
          for (int i = 0; i < order.length; i++) {
            order[i] = i;
          }
          java.util.Arrays.sort(order, (x, y) -> Double.compare(each[y], each[x]));
          for (int k = 0; k < Math.min(8, order.length); k++) {
            int i = order[k];
            System.out.printf("   %.1f ms %dx%d [%s]%n", each[i], images.get(i).getWidth(), images.get(i).getHeight(), text(got.get(i)));
          }
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < images.size(); i++) {
          String a = text(base.get(i));
          String b = text(got.get(i));
          if (!base.get(i).equals(got.get(i))) {
            differ++;
          }
          if (!a.equals(b)) {
            textDiffer++;
            if (textDiffer <= 12) {
              System.out.println("   [" + a + "] -> [" + b + "]");
            }
          }
        }
        System.out.printf("%-60s %.3f ms/image, %d readings differ, %d texts differ%n", "'" + config + "'",
            ms / images.size(), differ, textDiffer);
      }
    }
  }

  private static String text(List<TextLine> lines) {
    return String.join(" | ", lines.stream().map(TextLine::text).toList());
  }
}
