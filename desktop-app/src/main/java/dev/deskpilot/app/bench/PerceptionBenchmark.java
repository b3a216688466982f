package dev.deskpilot.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.perception.AccessibilityTree;
import dev.deskpilot.perception.Grounder;
import dev.deskpilot.perception.Grounding;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Perceiver;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.TextTarget;
import dev.deskpilot.perception.UiElement;
import dev.deskpilot.perception.Word;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code deskpilot bench perception}: measures {@link Perceiver} on the screen corpus against its
 * ground truth and prints JSON.
 *
 * <h2>What is measured</h2>
 *
 * <ul>
 *   <li><b>word_recall</b>: share of the truth words read exactly (case and edge punctuation aside)
 *       inside their own box, or their widget's or window's region when the truth has no box of the
 *       word itself. <b>word_precision</b>: share of the words read in judged areas (where every
 *       word is known, or outside every window) that match a truth word there.
 *   <li><b>element_recall</b>: share of the accessibility tree's widgets (buttons, check boxes,
 *       menu items, tabs, fields, cells, windows...) that some element found in the pixels overlaps
 *       with IoU &ge; 0.5 (one to one). The tree is not given to the perceiver here.
 *       <b>element_recall_fused_with_tree</b> gives it the same tree the truth came from: a check
 *       of the fusion path, not a measure of vision.
 *   <li><b>grounding_accuracy</b>: share of labelled targets whose grounded click point falls inside
 *       the widget's true box.
 *   <li><b>full_*_ms</b>: a full read (fresh state, nothing remembered) of each screen;
 *       <b>incremental_*_ms</b>: reading a screen right after the screen captured before it (a typed
 *       word, an opened menu), and <b>full_same_frames_*</b> the full reads of those same screens;
 *       every incremental reading is also checked equal to the full reading. <b>incremental_pairs</b>
 *       lists each pair: its incremental and full medians and the pieces of text (word chunks) it
 *       read by OCR. Each pair is read once untimed first (as the full path is warmed up), then
 *       {@code incrementalRuns} times. <b>incremental_p50_ms</b> is the median over the pairs of
 *       each pair's median, as <b>full_same_frames_p50_ms</b> is over the frames' medians
 *       (<b>incremental_speedup</b> is their ratio); <b>incremental_runs_p50_ms</b> is the median over
 *       every run, and <b>incremental_p95_ms</b> the 95th percentile over every run.
 *   <li><b>tesseract_cli_*</b>: the {@code tesseract} command (default settings, TSV output,
 *       {@code OMP_THREAD_LIMIT=1}) on the same PNGs, timed as a process and scored the same way.
 *   <li><b>heap</b>: used heap after a GC at frame 100 and at the end of a loop of perceptions that
 *       alternates the incremental pairs.
 * </ul>
 */
public final class PerceptionBenchmark {
  /** The corpus in a source checkout, relative to its root. */
  public static final Path DEFAULT_CORPUS = Path.of("perception/src/test/resources/corpus");

  /** How the benchmark runs. */
  public record Options(int fullRuns, int incrementalRuns, int loopFrames, boolean tesseractCli) {
    public Options {
      if (fullRuns < 1 || incrementalRuns < 1 || loopFrames < 0) {
        throw new IllegalArgumentException("fullRuns and incrementalRuns must be >= 1 and loopFrames >= 0, were "
            + fullRuns + ", " + incrementalRuns + ", " + loopFrames);
      }
    }

    public static Options defaults() {
      return new Options(3, 9, 1000, true);
    }
  }

  private final ObjectMapper json = new ObjectMapper();
  private final Grounder grounder = new Grounder();

  private PerceptionBenchmark() {}

  /** Runs the benchmark with {@link Options#defaults()}. */
  public static ObjectNode run(Path corpus) {
    return run(corpus, Options.defaults());
  }

  /**
   * Runs the benchmark over the corpus directory.
   *
   * @throws IllegalArgumentException when {@code corpus} is not a corpus directory
   * @throws dev.deskpilot.perception.OcrException when Tesseract or its English data is missing
   * @throws UncheckedIOException when the corpus cannot be read
   */
  public static ObjectNode run(Path corpus, Options options) {
    try {
      return new PerceptionBenchmark().measure(corpus, options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code PerceptionBenchmark [CORPUS] [OUT.json]}: for running without the launcher. */
  public static void main(String[] args) throws IOException {
    Path corpus = args.length > 0 ? Path.of(args[0]) : DEFAULT_CORPUS;
    ObjectNode result = run(corpus);
    String text = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result);
    if (args.length > 1) {
      Files.writeString(Path.of(args[1]), text + "\n", StandardCharsets.UTF_8);
    }
    System.out.println(text);
  }

  private ObjectNode measure(Path corpus, Options options) throws IOException {
    List<CorpusScreen> screens = CorpusScreen.load(corpus, json);
    ObjectNode out = json.createObjectNode();
    ArrayNode errors = json.createArrayNode();
    Map<String, BufferedImage> images = new LinkedHashMap<>();
    for (CorpusScreen s : screens) {
      try {
        images.put(s.name(), s.image());
      } catch (IOException e) {
        errors.add(e.getMessage());
      }
    }
    List<CorpusScreen> readable = screens.stream().filter(s -> images.containsKey(s.name())).toList();
    Map<String, CorpusScreen> byName = new HashMap<>();
    readable.forEach(s -> byName.put(s.name(), s));

    Score words = new Score();
    Score elements = new Score();
    Score fused = new Score();
    Map<String, Score> elementsByRole = new LinkedHashMap<>();
    Score grounding = new Score();
    ArrayNode groundingMisses = json.createArrayNode();
    List<Double> fullMs = new ArrayList<>();
    ArrayNode perScreen = json.createArrayNode();
    Map<String, Observation> fullReadings = new HashMap<>();
    Map<String, Double> fullMedian = new HashMap<>();
    try (Perceiver perceiver = Perceiver.open()) {
      // Warm up: native libraries, OpenCV and Tesseract's first calls (not what a step costs).
      perceiver.perceive(Screenshot.of(images.get(readable.getFirst().name())));
      for (CorpusScreen s : readable) {
        BufferedImage image = images.get(s.name());
        Observation obs = null;
        double[] runs = new double[options.fullRuns()];
        for (int r = 0; r < runs.length; r++) {
          perceiver.reset();
          long t0 = System.nanoTime();
          obs = perceiver.perceive(Screenshot.of(image));
          runs[r] = (System.nanoTime() - t0) / 1e6;
          fullMs.add(runs[r]);
        }
        Arrays.sort(runs);
        fullMedian.put(s.name(), runs[runs.length / 2]);
        fullReadings.put(s.name(), obs);
        Score w = scoreWords(s, obs.words());
        Score e = scoreElements(s, obs.elements(), elementsByRole);
        if (s.tree() != null) {
          AccessibilityTree tree = AccessibilityTree.fromJson(Files.readString(s.tree()));
          perceiver.reset();
          Observation fusedObs = perceiver.perceive(Screenshot.of(image), tree);
          fused.add(scoreElements(s, fusedObs.elements(), new HashMap<>()));
        }
        Score g = scoreGrounding(s, obs, groundingMisses);
        words.add(w);
        elements.add(e);
        grounding.add(g);
        ObjectNode row = perScreen.addObject();
        row.put("screen", s.name());
        row.put("words", obs.words().size());
        row.put("word_recall", w.recall());
        row.put("word_precision", w.precision());
        row.put("element_recall", e.recall());
        row.put("grounding_accuracy", g.recall());
        row.put("full_ms", round(runs[runs.length / 2]));
        if (!w.wrong.isEmpty()) {
          ArrayNode wrong = row.putArray("false_words");
          w.wrong.forEach(wrong::add);
        }
        if (!obs.note().isEmpty()) {
          row.put("note", obs.note());
        }
      }

      // Incremental: each screen that has a previous screen, read right after it.
      List<Double> incrementalMs = new ArrayList<>();
      List<Double> incremental1080 = new ArrayList<>();
      List<Double> pairMedians = new ArrayList<>();
      List<Double> fullSameFrames = new ArrayList<>();
      int equal = 0;
      ArrayNode unequal = json.createArrayNode();
      ArrayNode pairs = json.createArrayNode();
      Map<String, List<Double>> stages = new LinkedHashMap<>();
      for (String k : List.of("compare", "ink", "units", "ocr", "elements")) {
        stages.put(k, new ArrayList<>());
      }
      List<Double> unitsRead = new ArrayList<>();
      // Warm up the incremental path as the full one was (an agent reads incrementally every step;
      // its first calls' compilation is not what a step costs): each pair once, untimed.
      for (CorpusScreen s : readable) {
        CorpusScreen prev = s.prev() == null ? null : byName.get(s.prev());
        if (prev != null) {
          perceiver.reset();
          perceiver.perceive(Screenshot.of(images.get(prev.name())));
          perceiver.perceive(Screenshot.of(images.get(s.name())));
        }
      }
      for (CorpusScreen s : readable) {
        CorpusScreen prev = s.prev() == null ? null : byName.get(s.prev());
        if (prev == null) {
          continue;
        }
        List<Double> pairMs = new ArrayList<>();
        Observation step = null;
        for (int r = 0; r < options.incrementalRuns(); r++) {
          perceiver.reset();
          perceiver.perceive(Screenshot.of(images.get(prev.name())));
          long t0 = System.nanoTime();
          step = perceiver.perceive(Screenshot.of(images.get(s.name())));
          double ms = (System.nanoTime() - t0) / 1e6;
          incrementalMs.add(ms);
          Perceiver.Timings t = perceiver.lastTimings();
          stages.get("compare").add(t.compareMs());
          stages.get("ink").add(t.inkMs());
          stages.get("units").add(t.unitsMs());
          stages.get("ocr").add(t.ocrMs());
          stages.get("elements").add(t.elementsMs());
          unitsRead.add((double) step.change().unitsRead());
          pairMs.add(ms);
        }
        double[] sorted = pairMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        pairMedians.add(sorted[sorted.length / 2]);
        if (s.width() == 1920 && s.height() == 1080) {
          incremental1080.add(sorted[sorted.length / 2]);
        }
        fullSameFrames.add(fullMedian.get(s.name()));
        pairs.addObject().put("screen", s.name()).put("change", s.change() == null ? "" : s.change())
            .put("incremental_ms", percentile(pairMs, 50)).put("full_ms", round(fullMedian.get(s.name())))
            .put("pieces_read", step.change().unitsRead());
        if (sameReading(step, fullReadings.get(s.name()))) {
          equal++;
        } else {
          unequal.add(s.name());
        }
      }
      out.put("corpus", corpus.toString());
      out.put("screens", readable.size());
      out.put("ocr_threads", perceiver.ocrThreads());
      out.set("errors", errors);
      out.put("truth_words", words.truth);
      out.put("word_recall", words.recall());
      out.put("word_precision", words.precision());
      out.put("judged_words", words.judged);
      out.put("truth_elements", elements.truth);
      out.put("element_recall", elements.recall());
      ObjectNode roles = out.putObject("element_recall_by_role");
      elementsByRole.forEach((role, sc) -> roles.putObject(role).put("truth", sc.truth).put("recall", sc.recall()));
      out.put("element_recall_fused_with_tree", fused.recall());
      out.put("targets", grounding.truth);
      out.put("grounding_accuracy", grounding.recall());
      out.put("full_p50_ms", percentile(fullMs, 50));
      out.put("full_p95_ms", percentile(fullMs, 95));
      out.put("incremental_frames", fullSameFrames.size());
      out.put("incremental_p50_ms", percentile(pairMedians, 50));
      out.put("incremental_runs_p50_ms", percentile(incrementalMs, 50));
      out.put("incremental_p95_ms", percentile(incrementalMs, 95));
      out.put("incremental_1920x1080_p50_ms", percentile(incremental1080, 50));
      out.put("full_same_frames_p50_ms", percentile(fullSameFrames, 50));
      double incP50 = percentile(pairMedians, 50);
      out.put("incremental_speedup", incP50 > 0 ? round(percentile(fullSameFrames, 50) / incP50) : 0);
      ObjectNode stageOut = out.putObject("incremental_stage_p50_ms");
      stages.forEach((k, v) -> stageOut.put(k, percentile(v, 50)));
      out.put("incremental_units_read_p50", percentile(unitsRead, 50));
      out.put("incremental_equal_to_full", equal);
      out.set("incremental_unequal", unequal);
      out.set("incremental_pairs", pairs);
      if (options.tesseractCli()) {
        tesseractCli(readable, out);
      }
      if (options.loopFrames() > 0) {
        heapLoop(perceiver, readable, byName, images, options.loopFrames(), out);
      }
    }
    out.set("grounding_misses", groundingMisses);
    out.set("per_screen", perScreen);
    return out;
  }

  // --- scoring ----------------------------------------------------------------------------------

  /** Counts for recall (found of truth) and precision (right of judged). */
  static final class Score {
    final List<String> wrong = new ArrayList<>();
    int truth;
    int found;
    int judged;
    int right;

    void add(Score o) {
      truth += o.truth;
      found += o.found;
      judged += o.judged;
      right += o.right;
    }

    double recall() {
      return truth == 0 ? 1.0 : round4((double) found / truth);
    }

    double precision() {
      return judged == 0 ? 1.0 : round4((double) right / judged);
    }
  }

  /** Lower case, NFKC, format characters and edge punctuation removed. */
  static String key(String word) {
    String n = Normalizer.normalize(word, Normalizer.Form.NFKC).replace('\u2236', ':').toLowerCase(Locale.ROOT);
    StringBuilder sb = new StringBuilder(n.length());
    n.codePoints().filter(c -> Character.getType(c) != Character.FORMAT).forEach(sb::appendCodePoint);
    n = sb.toString();
    int a = 0;
    int b = n.length();
    while (a < b && !Character.isLetterOrDigit(n.charAt(a))) {
      a++;
    }
    while (b > a && !Character.isLetterOrDigit(n.charAt(b - 1))) {
      b--;
    }
    return n.substring(a, b);
  }

  private static Rect grow(Rect r, int by) {
    return Rect.ofCorners(r.x() - by, r.y() - by, r.right() + by, r.bottom() + by);
  }

  static Score scoreWords(CorpusScreen s, List<Word> read) {
    Score score = new Score();
    List<CorpusScreen.TruthWord> truth = s.words().stream().filter(t -> !key(t.text()).isEmpty()).toList();
    score.truth = truth.size();
    boolean[] used = new boolean[read.size()];
    // Words with their own boxes first (tighter), then words known only by region.
    List<CorpusScreen.TruthWord> ordered = new ArrayList<>(truth.stream().filter(t -> t.box() != null).toList());
    ordered.addAll(truth.stream().filter(t -> t.box() == null).toList());
    for (CorpusScreen.TruthWord t : ordered) {
      Rect where = grow(t.box() != null ? t.box() : t.region(), 3);
      String k = key(t.text());
      for (int i = 0; i < read.size(); i++) {
        if (!used[i] && where.contains(read.get(i).box().center()) && key(read.get(i).text()).equals(k)) {
          used[i] = true;
          score.found++;
          break;
        }
      }
    }
    for (int i = 0; i < read.size(); i++) {
      Word w = read.get(i);
      if (key(w.text()).isEmpty()) {
        continue;
      }
      var c = w.box().center();
      boolean inJudged = s.judged().stream().anyMatch(r -> grow(r, 2).contains(c))
          && s.unjudged().stream().noneMatch(r -> r.contains(c));
      boolean outsideWindows = s.windows().stream().noneMatch(r -> r.contains(c));
      if (inJudged || outsideWindows) {
        score.judged++;
        if (used[i]) {
          score.right++;
        } else if (score.wrong.size() < 8) {
          score.wrong.add(w.text() + " (" + Math.round(w.confidence()) + ") at " + w.box());
        }
      }
    }
    return score;
  }

  static Score scoreElements(CorpusScreen s, List<UiElement> found, Map<String, Score> byRole) {
    Score score = new Score();
    record Pair(int truth, int found, double iou) {}
    List<Pair> pairs = new ArrayList<>();
    for (int t = 0; t < s.elements().size(); t++) {
      for (int f = 0; f < found.size(); f++) {
        double iou = s.elements().get(t).box().iou(found.get(f).box());
        if (iou >= 0.5) {
          pairs.add(new Pair(t, f, iou));
        }
      }
    }
    pairs.sort((a, b) -> Double.compare(b.iou(), a.iou()));
    boolean[] truthUsed = new boolean[s.elements().size()];
    boolean[] foundUsed = new boolean[found.size()];
    for (Pair p : pairs) {
      if (!truthUsed[p.truth()] && !foundUsed[p.found()]) {
        truthUsed[p.truth()] = true;
        foundUsed[p.found()] = true;
      }
    }
    for (int t = 0; t < s.elements().size(); t++) {
      String role = s.elements().get(t).role();
      Score r = byRole.computeIfAbsent(role, k -> new Score());
      r.truth++;
      score.truth++;
      if (truthUsed[t]) {
        r.found++;
        score.found++;
      }
    }
    return score;
  }

  private Score scoreGrounding(CorpusScreen s, Observation obs, ArrayNode misses) {
    Score score = new Score();
    for (CorpusScreen.Target t : s.targets()) {
      score.truth++;
      Grounding g = grounder.ground(obs, TextTarget.of(t.text()));
      if (g instanceof Grounding.Found f && t.box().contains(f.point())) {
        score.found++;
      } else if (misses.size() < 40) {
        ObjectNode m = misses.addObject();
        m.put("screen", s.name());
        m.put("target", t.text());
        m.put("box", t.box().toString());
        m.put("got", switch (g) {
          case Grounding.Found f -> "found at " + f.point() + " (" + f.matched() + ")";
          case Grounding.NotFound n -> "not found; nearest " + n.nearest();
          case Grounding.Ambiguous a -> "ambiguous: " + a.candidates();
        });
      }
    }
    return score;
  }

  static boolean sameReading(Observation a, Observation b) {
    if (a == null || b == null || !a.lines().equals(b.lines())) {
      return false;
    }
    List<String> ea = a.elements().stream().map(e -> e.role() + "|" + e.label() + "|" + e.box()).toList();
    List<String> eb = b.elements().stream().map(e -> e.role() + "|" + e.label() + "|" + e.box()).toList();
    return ea.equals(eb);
  }

  // --- tesseract command line ---------------------------------------------------------------------

  private void tesseractCli(List<CorpusScreen> screens, ObjectNode out) throws IOException {
    List<Double> ms = new ArrayList<>();
    Score words = new Score();
    for (CorpusScreen s : screens) {
      ProcessBuilder pb = new ProcessBuilder("tesseract", s.png().toString(), "stdout", "tsv");
      pb.environment().put("OMP_THREAD_LIMIT", "1");
      pb.redirectError(ProcessBuilder.Redirect.DISCARD);
      long t0 = System.nanoTime();
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        out.put("tesseract_cli_error", "cannot run the tesseract command: " + e.getMessage());
        return;
      }
      byte[] tsv = p.getInputStream().readAllBytes();
      try {
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          out.put("tesseract_cli_error", "tesseract took over 120 s on " + s.png());
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IOException("interrupted while tesseract read " + s.png(), e);
      }
      ms.add((System.nanoTime() - t0) / 1e6);
      words.add(scoreWords(s, parseTsv(new String(tsv, StandardCharsets.UTF_8))));
    }
    out.put("tesseract_cli_p50_ms", percentile(ms, 50));
    out.put("tesseract_cli_p95_ms", percentile(ms, 95));
    out.put("tesseract_cli_word_recall", words.recall());
    out.put("tesseract_cli_word_precision", words.precision());
  }

  static List<Word> parseTsv(String tsv) {
    List<Word> words = new ArrayList<>();
    for (String line : tsv.split("\n")) {
      String[] f = line.split("\t", -1);
      if (f.length < 12 || !f[0].equals("5") || f[11].isBlank()) {
        continue;
      }
      try {
        Rect box = new Rect(Integer.parseInt(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9]));
        words.add(new Word(f[11].strip(), box, (float) Math.max(0, Double.parseDouble(f[10]))));
      } catch (NumberFormatException e) {
        // a header or a malformed row: not a word
      }
    }
    return words;
  }

  // --- heap ---------------------------------------------------------------------------------------

  private void heapLoop(Perceiver perceiver, List<CorpusScreen> screens, Map<String, CorpusScreen> byName,
      Map<String, BufferedImage> images, int frames, ObjectNode out) {
    List<BufferedImage> cycle = new ArrayList<>();
    for (CorpusScreen s : screens) {
      if (s.prev() != null && byName.containsKey(s.prev())) {
        cycle.add(images.get(s.prev()));
        cycle.add(images.get(s.name()));
      }
    }
    if (cycle.isEmpty()) {
      cycle.add(images.get(screens.getFirst().name()));
    }
    perceiver.reset();
    Runtime rt = Runtime.getRuntime();
    long at100 = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < frames; i++) {
      perceiver.perceive(Screenshot.of(cycle.get(i % cycle.size())));
      if (i == 99) {
        at100 = usedAfterGc(rt);
      }
    }
    long atEnd = usedAfterGc(rt);
    ObjectNode heap = out.putObject("heap");
    heap.put("frames", frames);
    heap.put("distinct_frames", cycle.size());
    heap.put("used_mb_after_100", round(at100 / 1048576.0));
    heap.put("used_mb_after_all", round(atEnd / 1048576.0));
    heap.put("loop_ms_per_frame", round((System.nanoTime() - t0) / 1e6 / frames));
  }

  private static long usedAfterGc(Runtime rt) {
    System.gc();
    return rt.totalMemory() - rt.freeMemory();
  }

  // --- numbers ------------------------------------------------------------------------------------

  static double percentile(List<Double> values, int p) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int idx = (int) Math.ceil(p / 100.0 * v.length) - 1;
    return round(v[Math.clamp(idx, 0, v.length - 1)]);
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round4(double v) {
    return Math.round(v * 10000) / 10000.0;
  }
}
