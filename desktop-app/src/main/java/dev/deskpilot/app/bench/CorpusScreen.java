package dev.deskpilot.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.perception.Rect;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * One screen of the perception corpus ({@code perception/src/test/resources/corpus}, written by its
 * {@code capture.sh} and {@code truth.py}): the PNG and its ground truth.
 *
 * @param name e.g. {@code mousepad-typed-1920x1080-dark}
 * @param prev the screen captured just before this one when this one differs by a single change
 *     (a typed word, an opened menu), else {@code null}
 * @param words words known to be on screen
 * @param judged areas whose every word is known (precision is judged there)
 * @param unjudged areas inside judged ones where that is not so (open menus' shortcuts)
 * @param windows window frames (words outside all of them are false)
 * @param elements widgets from the accessibility tree
 * @param targets labelled widgets named by text that names one place
 * @param tree the screen's accessibility tree file, or {@code null}
 */
record CorpusScreen(
    String name,
    Path png,
    String app,
    int width,
    int height,
    String prev,
    String change,
    List<TruthWord> words,
    List<Rect> judged,
    List<Rect> unjudged,
    List<Rect> windows,
    List<TruthElement> elements,
    List<Target> targets,
    Path tree) {

  record TruthWord(String text, Rect box, Rect region) {}

  record TruthElement(String role, String a11yRole, String name, Rect box) {}

  record Target(String text, String role, Rect box) {}

  /** Every screen of the corpus directory (each {@code <name>.json} beside a {@code <name>.png}). */
  static List<CorpusScreen> load(Path dir, ObjectMapper json) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("perception corpus " + dir + " is not a directory");
    }
    List<CorpusScreen> out = new ArrayList<>();
    try (var files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String file = f.getFileName().toString();
        if (!file.endsWith(".json") || file.endsWith(".scene.json") || file.endsWith(".tree.json")) {
          continue;
        }
        String name = file.substring(0, file.length() - ".json".length());
        Path png = dir.resolve(name + ".png");
        if (!Files.exists(png)) {
          continue;
        }
        out.add(parse(name, png, json.readTree(f.toFile()), dir.resolve(name + ".tree.json")));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("perception corpus " + dir + " holds no <name>.json + <name>.png screens");
    }
    return out;
  }

  private static CorpusScreen parse(String name, Path png, JsonNode t, Path tree) {
    List<TruthWord> words = new ArrayList<>();
    for (JsonNode w : t.path("words")) {
      words.add(new TruthWord(w.path("text").asText(), rect(w.get("box")), rect(w.get("region"))));
    }
    List<Rect> judged = new ArrayList<>();
    t.path("judged").forEach(r -> judged.add(rect(r)));
    List<Rect> unjudged = new ArrayList<>();
    t.path("unjudged").forEach(r -> unjudged.add(rect(r)));
    List<Rect> windows = new ArrayList<>();
    t.path("windows").forEach(r -> windows.add(rect(r)));
    List<TruthElement> elements = new ArrayList<>();
    for (JsonNode e : t.path("elements")) {
      elements.add(new TruthElement(e.path("role").asText(), e.path("a11y_role").asText(), e.path("name").asText(), rect(e.get("box"))));
    }
    List<Target> targets = new ArrayList<>();
    for (JsonNode e : t.path("targets")) {
      targets.add(new Target(e.path("text").asText(), e.path("role").asText(), rect(e.get("box"))));
    }
    String prev = t.path("prev").isTextual() ? t.path("prev").asText() : null;
    String change = t.path("change").isTextual() ? t.path("change").asText() : null;
    return new CorpusScreen(name, png, t.path("app").asText(), t.path("width").asInt(), t.path("height").asInt(),
        prev, change, words, judged, unjudged, windows, elements, targets, Files.exists(tree) ? tree : null);
  }

  private static Rect rect(JsonNode n) {
    if (n == null || !n.isArray() || n.size() != 4) {
      return null;
    }
    return new Rect(n.get(0).asInt(), n.get(1).asInt(), Math.max(0, n.get(2).asInt()), Math.max(0, n.get(3).asInt()));
  }

  /**
   * The screen's pixels as {@code TYPE_INT_RGB} (what a capture gives).
   *
   * @throws IOException naming the file when it is not a readable PNG
   */
  BufferedImage image() throws IOException {
    BufferedImage src;
    try {
      src = ImageIO.read(png.toFile());
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot read PNG " + png + ": " + e.getMessage(), e);
    }
    if (src == null) {
      throw new IOException("cannot read PNG " + png + ": not an image ImageIO knows");
    }
    BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    var g = rgb.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return rgb;
  }
}
