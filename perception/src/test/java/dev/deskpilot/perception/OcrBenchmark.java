package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.TessdataLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * Prints, as JSON lines, the OCR time (median of runs) and known-word recall of each real screen
 * fixture, for each page segmentation mode given (default 11 = PSM_SPARSE_TEXT, the engine's).
 *
 * <p>Run with {@code OMP_THREAD_LIMIT=1}: {@code java -cp <test classpath>
 * dev.deskpilot.perception.OcrBenchmark [runs] [psm...]}.
 */
public final class OcrBenchmark {
  private OcrBenchmark() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int[] modes =
        args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {11};
    Path tessdata = TessdataLocation.find("eng", System::getenv);
    Map<String, String> variables = new HashMap<>(TesseractOcr.SCREEN_VARIABLES);
    String extra = System.getProperty("tess.vars", "");
    for (String kv : extra.split(",")) {
      if (kv.contains("=")) {
        variables.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    System.out.println("{\"variables\":\"" + variables + "\"}");
    for (int psm : modes) {
      try (TesseractOcr ocr = TesseractOcr.open(tessdata, "eng", psm, variables, !Boolean.getBoolean("noDarkInversion"))) {
        for (String name : ScreenFixture.NAMES) {
          ScreenFixture screen = ScreenFixture.load(name);
          List<Long> millis = new ArrayList<>();
          List<TextLine> lines = List.of();
          for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            lines = ocr.read(screen.image());
            millis.add((System.nanoTime() - t0) / 1_000_000);
          }
          List<Long> sorted = millis.stream().sorted().toList();
          System.out.printf(
              Locale.ROOT,
              "{\"screen\":\"%s\",\"size\":\"%dx%d\",\"psm\":%d,\"runs\":%d,\"median_ms\":%d,"
                  + "\"all_ms\":%s,\"words\":%d,\"recall\":%.3f,\"missed\":\"%s\"}%n",
              name,
              screen.image().getWidth(),
              screen.image().getHeight(),
              psm,
              runs,
              sorted.get(sorted.size() / 2),
              millis,
              lines.stream().mapToInt(l -> l.words().size()).sum(),
              screen.recall(lines),
              String.join(" ", screen.missed(lines)));
        }
      }
    }
  }
}
