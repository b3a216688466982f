package dev.deskpilot.perception.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Perceiver;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.TextLine;
import dev.deskpilot.perception.UiElement;
import dev.deskpilot.perception.Word;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;

/**
 * Dev tool (not a test): vision-only element recall of {@link ElementFinder} on the perception
 * corpus, per role, with every missed truth element and the found elements that match no truth.
 * OCR lines are cached per screen (in {@code CACHE}) so that changing the finder re-runs in
 * seconds. Scores as the benchmark does (IoU &ge; 0.5, one to one).
 *
 * <pre>
 * OMP_THREAD_LIMIT=1 java --enable-native-access=ALL-UNNAMED -cp target/test-classes:target/classes:DEPS \
 *   dev.deskpilot.perception.internal.ElementRecallProbe [CORPUS] [--misses ROLE|all] [--extra] [--crops DIR] [--only NAME]
 * </pre>
 */
public final class ElementRecallProbe {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Truth(String role, String a11yRole, String name, Rect box) {}

  public static void main(String[] args) throws IOException {
    Path corpus = Path.of("src/test/resources/corpus");
    String missRole = null;
    boolean extra = false;
    Path crops = null;
    String only = null;
    String at = null;
    Path cache = Path.of(System.getProperty("java.io.tmpdir"), "deskpilot-element-probe");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--misses" -> missRole = args[++i];
        case "--extra" -> extra = true;
        case "--crops" -> crops = Path.of(args[++i]);
        case "--only" -> only = args[++i];
        case "--cache" -> cache = Path.of(args[++i]);
        case "--at" -> at = args[++i];
        default -> corpus = Path.of(args[i]);
      }
    }
    Files.createDirectories(cache);
    if (crops != null) {
      Files.createDirectories(crops);
    }
    Map<String, int[]> byRole = new TreeMap<>();
    int foundTotal = 0;
    int foundUnmatched = 0;
    int labels = 0;
    Map<String, int[]> unmatchedByRole = new TreeMap<>();
    List<Double> elementMs = new ArrayList<>();
    List<Path> screens;
    try (var files = Files.list(corpus)) {
      screens = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
    Perceiver perceiver = null;
    try (InkLayout ink = new InkLayout()) {
      ElementFinder finder = new ElementFinder();
      for (Path png : screens) {
        String name = png.getFileName().toString().replace(".png", "");
        if (only != null && !name.contains(only)) {
          continue;
        }
        Path truthFile = corpus.resolve(name + ".json");
        if (!Files.exists(truthFile)) {
          continue;
        }
        BufferedImage image = dev.deskpilot.perception.TestImages.read(png);
        Path cached = cache.resolve(name + ".lines.json");
        List<TextLine> lines;
        if (Files.exists(cached)) {
          lines = readLines(JSON.readTree(cached.toFile()));
        } else {
          if (perceiver == null) {
            perceiver = Perceiver.open();
          }
          perceiver.reset();
          Observation obs = perceiver.perceive(Screenshot.of(image));
          lines = obs.lines();
          JSON.writeValue(cached.toFile(), writeLines(lines));
        }
        FramePixels frame = FramePixels.of(image);
        ink.update(frame, null);
        List<Rect> units = ink.units();
        finder.find(ink, frame, units, lines); // warm
        long t0 = System.nanoTime();
        List<UiElement> found = finder.find(ink, frame, units, lines);
        elementMs.add((System.nanoTime() - t0) / 1e6);
        if (at != null) {
          String[] xy = at.split(",");
          dev.deskpilot.perception.Point p = new dev.deskpilot.perception.Point(Integer.parseInt(xy[0]), Integer.parseInt(xy[1]));
          for (ElementFinder.Outline o : ElementFinder.outlines(ink)) {
            if (o.box().contains(p)) {
              System.out.println("OUTLINE " + name + " " + o);
            }
          }
          for (UiElement e : found) {
            if (e.box().contains(p)) {
              System.out.println("ELEMENT " + name + " " + e.role() + " \"" + e.label() + "\" " + e.box());
            }
          }
          for (TextLine l : lines) {
            if (Math.abs(l.box().center().y() - p.y()) < 40) {
              System.out.println("LINE " + name + " \"" + l.text() + "\" " + l.box());
            }
          }
        }
        List<Truth> truth = new ArrayList<>();
        for (JsonNode e : JSON.readTree(truthFile.toFile()).path("elements")) {
          JsonNode b = e.get("box");
          truth.add(new Truth(e.path("role").asText(), e.path("a11y_role").asText(), e.path("name").asText(),
              new Rect(b.get(0).asInt(), b.get(1).asInt(), Math.max(0, b.get(2).asInt()), Math.max(0, b.get(3).asInt()))));
        }
        int[] truthMatch = new int[truth.size()];
        boolean[] foundUsed = new boolean[found.size()];
        Arrays.fill(truthMatch, -1);
        record Pair(int t, int f, double iou) {}
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < truth.size(); t++) {
          for (int f = 0; f < found.size(); f++) {
            double iou = truth.get(t).box().iou(found.get(f).box());
            if (iou >= 0.5) {
              pairs.add(new Pair(t, f, iou));
            }
          }
        }
        pairs.sort((a, b) -> Double.compare(b.iou(), a.iou()));
        for (Pair p : pairs) {
          if (truthMatch[p.t()] < 0 && !foundUsed[p.f()]) {
            truthMatch[p.t()] = p.f();
            foundUsed[p.f()] = true;
          }
        }
        int hit = 0;
        for (int t = 0; t < truth.size(); t++) {
          Truth tr = truth.get(t);
          int[] s = byRole.computeIfAbsent(tr.role(), k -> new int[2]);
          s[0]++;
          if (truthMatch[t] >= 0) {
            s[1]++;
            hit++;
          } else if (missRole != null && (missRole.equals("all") || missRole.equals(tr.role()))) {
            UiElement best = null;
            double bestIou = 0;
            for (UiElement f : found) {
              double iou = f.box().iou(tr.box());
              if (iou > bestIou) {
                bestIou = iou;
                best = f;
              }
            }
            System.out.printf("MISS %-28s %-10s %-18s %-24s %s  best %.2f %s%n", name, tr.role(), tr.a11yRole(),
                '"' + abbreviate(tr.name()) + '"', tr.box(),
                bestIou, best == null ? "-" : best.role() + " \"" + abbreviate(best.label()) + "\" " + best.box());
            if (crops != null) {
              crop(image, tr, found, crops.resolve(name + "-" + tr.role() + "-" + tr.box().x() + "-" + tr.box().y() + ".png"));
            }
          }
        }
        int unmatched = 0;
        for (int f = 0; f < found.size(); f++) {
          UiElement e = found.get(f);
          if (e.role().equals("label")) {
            labels++;
            continue;
          }
          foundTotal++;
          unmatchedByRole.computeIfAbsent(e.role(), k -> new int[2])[0]++;
          if (!foundUsed[f]) {
            unmatched++;
            foundUnmatched++;
            unmatchedByRole.get(e.role())[1]++;
            if (extra) {
              System.out.printf("EXTRA %-28s %-10s %-24s %s%n", name, e.role(), '"' + abbreviate(e.label()) + '"', e.box());
            }
          }
        }
        System.out.printf("SCREEN %-32s recall %.2f (%d/%d) found %d (+%d labels) unmatched %d  %.1f ms%n", name,
            truth.isEmpty() ? 1.0 : (double) hit / truth.size(), hit, truth.size(), found.size() - countLabels(found),
            countLabels(found), unmatched, elementMs.getLast());
      }
    } finally {
      if (perceiver != null) {
        perceiver.close();
      }
    }
    int truthAll = 0;
    int hitAll = 0;
    for (var e : byRole.entrySet()) {
      truthAll += e.getValue()[0];
      hitAll += e.getValue()[1];
      System.out.printf("ROLE %-12s %4d/%4d = %.2f%n", e.getKey(), e.getValue()[1], e.getValue()[0],
          (double) e.getValue()[1] / e.getValue()[0]);
    }
    for (var e : unmatchedByRole.entrySet()) {
      System.out.printf("FOUND %-12s %4d, matching no truth %4d%n", e.getKey(), e.getValue()[0], e.getValue()[1]);
    }
    double[] ms = elementMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf("TOTAL recall %.3f (%d/%d); found non-label %d, matching no truth %d (%.2f); labels %d; "
            + "elements p50 %.1f ms p95 %.1f ms%n",
        (double) hitAll / Math.max(1, truthAll), hitAll, truthAll, foundTotal, foundUnmatched,
        (double) foundUnmatched / Math.max(1, foundTotal), labels, ms.length == 0 ? 0 : ms[ms.length / 2],
        ms.length == 0 ? 0 : ms[(int) Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]);
  }

  private static int countLabels(List<UiElement> found) {
    return (int) found.stream().filter(e -> e.role().equals("label")).count();
  }

  private static String abbreviate(String s) {
    return s.length() > 22 ? s.substring(0, 21) + "…" : s;
  }

  /** The truth box (red) with the found elements around it (green), 40 px of context, 3x. */
  private static void crop(BufferedImage image, Truth tr, List<UiElement> found, Path out) throws IOException {
    Rect r = Rect.ofCorners(Math.max(0, tr.box().x() - 40), Math.max(0, tr.box().y() - 40),
        Math.min(image.getWidth(), tr.box().right() + 40), Math.min(image.getHeight(), tr.box().bottom() + 40));
    if (r.width() == 0 || r.height() == 0) {
      return;
    }
    int scale = r.width() > 600 || r.height() > 400 ? 1 : 3;
    BufferedImage c = new BufferedImage(r.width() * scale, r.height() * scale, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = c.createGraphics();
    g.drawImage(image.getSubimage(r.x(), r.y(), r.width(), r.height()), 0, 0, r.width() * scale, r.height() * scale, null);
    g.setStroke(new BasicStroke(1));
    for (UiElement f : found) {
      if (f.box().intersection(r).area() > 0) {
        g.setColor(f.role().equals("label") ? Color.BLUE : Color.GREEN);
        g.drawRect((f.box().x() - r.x()) * scale, (f.box().y() - r.y()) * scale, f.box().width() * scale, f.box().height() * scale);
      }
    }
    g.setColor(Color.RED);
    g.drawRect((tr.box().x() - r.x()) * scale, (tr.box().y() - r.y()) * scale, tr.box().width() * scale, tr.box().height() * scale);
    g.dispose();
    ImageIO.write(c, "png", out.toFile());
  }

  private static ArrayNode writeLines(List<TextLine> lines) {
    ArrayNode out = JSON.createArrayNode();
    for (TextLine l : lines) {
      ArrayNode ws = out.addArray();
      for (Word w : l.words()) {
        ObjectNode o = ws.addObject();
        o.put("t", w.text());
        o.put("c", w.confidence());
        o.putArray("b").add(w.box().x()).add(w.box().y()).add(w.box().width()).add(w.box().height());
      }
    }
    return out;
  }

  private static List<TextLine> readLines(JsonNode n) {
    List<TextLine> lines = new ArrayList<>();
    for (JsonNode l : n) {
      List<Word> words = new ArrayList<>();
      for (JsonNode w : l) {
        JsonNode b = w.get("b");
        words.add(new Word(w.get("t").asText(), new Rect(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt()),
            (float) w.get("c").asDouble()));
      }
      lines.add(TextLine.of(words));
    }
    return lines;
  }
}
