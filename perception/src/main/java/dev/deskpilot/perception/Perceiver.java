package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.AccessibilityFusion;
import dev.deskpilot.perception.internal.ElementFinder;
import dev.deskpilot.perception.internal.ElementIds;
import dev.deskpilot.perception.internal.FramePixels;
import dev.deskpilot.perception.internal.InkLayout;
import dev.deskpilot.perception.internal.Outlines;
import dev.deskpilot.perception.internal.ReadingOrder;
import dev.deskpilot.perception.internal.TessdataLocation;
import dev.deskpilot.perception.internal.TileDiff;
import dev.deskpilot.perception.internal.UnitTexts;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import net.sourceforge.tess4j.ITessAPI.TessPageSegMode;

/**
 * Reads screens step after step: text (words and lines with boxes and confidences), UI elements
 * with ids that stay while the element stays, and what changed since the previous frame, re-reading
 * only what changed.
 *
 * <h2>How a frame is read</h2>
 *
 * <ol>
 *   <li>The frame is split into <i>text units</i> (about one label, phrase or line each) from a map
 *       of its ink (OpenCV; see {@code InkLayout}); light-on-dark regions are inverted first.
 *   <li>Each unit is cut into word chunks at word spaces (a text cursor's bar cut off and not
 *       read), and each chunk is read by OCR on its own pixels (turned dark on light, scaled up 2x
 *       when small, 3x when that reading is unsure, never down), as a single line of text; chunks
 *       are spread over the perceiver's OCR engines (one thread each). Punctuation marks standing
 *       alone ({@code - = .}, too small for OCR) are read from their shape.
 *   <li>UI elements are found from shapes (boxes, fields, check boxes, menus) and the units' text,
 *       and given ids.
 * </ol>
 *
 * <h2>Incremental perception</h2>
 *
 * The next frame is compared with the previous one in 16 px tiles. Identical frames return the
 * previous reading at once ({@link ScreenChange#nothingChanged()}). Otherwise the ink maps are
 * recomputed only around the changed tiles, units no change touches keep their reading, and of
 * the others only chunks whose pixels were never read before go to OCR; the rest are answered
 * from memory. Outlines are found while OCR reads. Because every step depends only on local
 * pixels and each chunk's text only on its own pixels, the result equals a full read of the same
 * frame by a fresh perceiver (element ids aside, which are kept across frames).
 *
 * <h2>Bad input</h2>
 *
 * Images under {@value #MIN_SIDE} px a side, of one colour, or over {@value #MAX_PIXELS} pixels give
 * an empty observation whose note says why; an OCR failure gives the text read so far and a note
 * starting {@code "OCR failed: "}. Nothing here throws for a frame's content.
 *
 * <p>Not thread-safe: one perceiver per screen and thread. Holds native memory and, when it opened
 * it, an OCR engine: close it.
 */
public final class Perceiver implements FrameReader {
  /** Images with a side shorter than this hold no readable text. */
  public static final int MIN_SIDE = 5;

  /** The largest frame read: 8K (7680x4320). */
  public static final long MAX_PIXELS = 7680L * 4320L;

  /** Confidence given to punctuation marks read from their shape alone (see {@code InkLayout.Mark}). */
  static final float MARK_CONFIDENCE = 70f;

  /** Side of the tiles frames are compared in. */
  public static final int TILE = 16;

  private final List<OcrEngine> engines;
  private final boolean ownsEngines;
  private final ExecutorService pool;
  private final InkLayout ink = new InkLayout();
  private final UnitTexts texts = new UnitTexts();
  private final ElementFinder finder = new ElementFinder();
  private final Outlines outlines = new Outlines();
  private final ElementIds ids = new ElementIds();
  private int[] previous = new int[0];
  private FramePixels previousFrame;
  private Observation previousObservation;
  private List<UiElement> previousFound = List.of();
  private AccessibilityTree previousTree;
  /** The previous frame's units and their readings (with how many chunks each was read in). */
  private Map<Rect, Remembered> previousUnits = Map.of();
  private boolean closed;

  private record Remembered(List<TextLine> lines, int chunks) {}
  private Timings timings = new Timings(0, 0, 0, 0, 0);

  /**
   * Where the last {@link #perceive} spent its time, in milliseconds.
   *
   * @param compareMs comparing the frame with the previous one
   * @param inkMs updating the ink maps (OpenCV)
   * @param unitsMs finding the text units
   * @param ocrMs reading units (memory lookups and OCR) and, meanwhile, finding outlines
   * @param elementsMs finding elements from outlines and text
   */
  public record Timings(double compareMs, double inkMs, double unitsMs, double ocrMs, double elementsMs) {}

  /** Where the last {@link #perceive} spent its time. */
  public Timings lastTimings() {
    return timings;
  }

  private static double ms(long from, long to) {
    return (to - from) / 1e6;
  }

  private Perceiver(List<OcrEngine> engines, boolean ownsEngines) {
    this.engines = List.copyOf(engines);
    this.ownsEngines = ownsEngines;
    if (this.engines.size() > 1) {
      AtomicInteger n = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(this.engines.size(), r -> {
        Thread t = new Thread(r, "deskpilot-ocr-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    } else {
      this.pool = null;
    }
  }

  /**
   * A perceiver with its own English Tesseract engines set up for text units (single-line
   * segmentation, the tessdata found as {@link TesseractOcr#open()} finds it): one per processor,
   * at most 2, reading units in parallel.
   *
   * @throws OcrException when tessdata or libtesseract is missing (the message says what to install)
   */
  public static Perceiver open() {
    return open(Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 2));
  }

  /**
   * As {@link #open()} with {@code ocrThreads} engines reading units in parallel.
   *
   * @throws IllegalArgumentException when {@code ocrThreads} is not 1..16
   * @throws OcrException when tessdata or libtesseract is missing
   */
  public static Perceiver open(int ocrThreads) {
    if (ocrThreads < 1 || ocrThreads > 16) {
      throw new IllegalArgumentException("ocrThreads must be 1..16, was " + ocrThreads);
    }
    List<OcrEngine> engines = new ArrayList<>();
    try {
      for (int i = 0; i < ocrThreads; i++) {
        engines.add(TesseractOcr.open(
            TessdataLocation.find("eng", System::getenv), "eng", TessPageSegMode.PSM_SINGLE_LINE,
            TesseractOcr.SCREEN_VARIABLES, false));
      }
    } catch (RuntimeException e) {
      engines.forEach(OcrEngine::close);
      throw e;
    }
    return new Perceiver(engines, true);
  }

  /** How many OCR engines read units in parallel. */
  public int ocrThreads() {
    return engines.size();
  }

  /**
   * A perceiver that reads text units with {@code unitEngine}, which it does not close. The engine
   * is given one unit at a time (a gray image of one line of text with a margin); a Tesseract engine
   * should segment it as a single line.
   */
  public static Perceiver using(OcrEngine unitEngine) {
    return new Perceiver(List.of(Objects.requireNonNull(unitEngine, "unitEngine")), false);
  }

  /**
   * Reads {@code shot}, re-reading only what changed since the previous frame.
   *
   * @return the observation, with {@link Observation#change()} saying what changed
   */
  public Observation perceive(Screenshot shot) {
    return perceive(shot, null);
  }

  /** As {@link #perceive(Screenshot)}: the {@link FrameReader} view of this perceiver. */
  @Override
  public Observation read(Screenshot frame) {
    return perceive(frame);
  }

  /**
   * Forgets the previous frame (the next one is compared with nothing and read whole), keeping the
   * remembered readings of text units and element ids: a new run on a desktop showing the same
   * applications pays OCR only for text it has not read before. {@link #reset()} forgets those too.
   */
  @Override
  public void newSequence() {
    forget();
  }

  /**
   * Reads {@code shot} as {@link #perceive(Screenshot)} does and fuses the elements found with the
   * desktop's accessibility tree captured at the same moment (see {@code AccessibilityFusion}: the
   * tree's roles, names and boxes win where both saw a widget; widgets only the tree knows are
   * added).
   *
   * @param tree the tree, or {@code null} for none
   */
  public Observation perceive(Screenshot shot, AccessibilityTree tree) {
    Objects.requireNonNull(shot, "shot");
    if (closed) {
      throw new IllegalStateException("Perceiver is closed");
    }
    BufferedImage image = shot.image();
    String unreadable = unreadable(image);
    if (unreadable != null) {
      forget();
      return new Observation(shot, List.of(), List.of(), unreadable, ScreenChange.NOT_COMPARED);
    }
    long t0 = System.nanoTime();
    FramePixels frame = FramePixels.of(image);
    List<Rect> changed = null;
    if (previousFrame != null && previousFrame.width() == frame.width() && previousFrame.height() == frame.height()) {
      changed = TileDiff.changed(previousFrame, frame, TILE);
      if (changed.isEmpty() && previousObservation != null) {
        List<UiElement> elements = tree == null && previousTree == null
            ? previousObservation.elements()
            : ids.assign(withTree(previousFound, tree, shot));
        previousTree = tree;
        Observation same = new Observation(
            shot, previousObservation.lines(), elements, previousObservation.note(),
            new ScreenChange(ScreenChange.Kind.NONE, List.of(), 0, 0, 0, List.of(), List.of(), List.of(), List.of()));
        previousObservation = same;
        timings = new Timings(ms(t0, System.nanoTime()), 0, 0, 0, 0);
        return same;
      }
    }
    long t1 = System.nanoTime();
    ink.update(frame, changed);
    long t2 = System.nanoTime();
    texts.resetCounts();
    List<Rect> units = ink.units();
    long t3 = System.nanoTime();
    List<TextLine> lines = new ArrayList<>();
    // Outlines need no text: found on this thread while the OCR engines read.
    @SuppressWarnings("unchecked")
    List<ElementFinder.Outline>[] found = new List[1];
    List<Rect> inkChanged = changed;
    String note = readUnits(units, changed, lines, () -> {
      try {
        found[0] = outlines.find(ink, inkChanged);
      } catch (RuntimeException e) {
        found[0] = null; // found again below, where a failure is no OCR failure
      }
    });
    if (found[0] == null) {
      found[0] = outlines.find(ink, null);
    }
    for (InkLayout.Mark m : ink.marks()) {
      lines.add(TextLine.of(List.of(new Word(m.text(), m.box(), MARK_CONFIDENCE))));
    }
    long t4 = System.nanoTime();
    lines = ReadingOrder.sort(lines, TextLine::box);
    List<UiElement> elementsFound = finder.find(ink, frame, units, lines, found[0]);
    long t5 = System.nanoTime();
    timings = new Timings(ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4), ms(t4, t5));
    previousFound = elementsFound;
    previousTree = tree;
    List<UiElement> elements = ids.assign(withTree(elementsFound, tree, shot));
    ScreenChange change = change(changed, frame, lines, elements);
    Observation obs = new Observation(shot, lines, elements, note, change);
    remember(frame, changed);
    previousObservation = obs;
    return obs;
  }

  /**
   * Reads the units' text into {@code lines}, word chunk by word chunk: remembered chunks from
   * memory, the others by OCR, spread over the engines; {@code meanwhile} runs on this thread while
   * they read. Returns a note when OCR failed (the lines then hold what was read).
   */
  private String readUnits(List<Rect> units, List<Rect> changed, List<TextLine> lines, Runnable meanwhile) {
    List<List<UnitTexts.Job>> unitJobs = new ArrayList<>(units.size());
    List<Integer> pieces = new ArrayList<>(units.size());
    List<UnitTexts.Job> unread = new ArrayList<>();
    // Chunks of one frame with the same pixels (repeated words, digits, icons' captions) are read
    // once: the others take its reading, moved to where they are.
    Map<UnitTexts.PixelKey, UnitTexts.Job> firstOf = new HashMap<>();
    List<UnitTexts.Job> repeats = new ArrayList<>();
    for (Rect unit : units) {
      // A unit of the previous frame whose pixels, and the rows its reading looks at around it, no
      // change touches reads the same: its reading stands.
      Remembered same = changed == null ? null : previousUnits.get(unit);
      if (same != null && !touches(UnitTexts.readingArea(unit), changed)) {
        texts.reused(same.chunks());
        unitJobs.add(List.of(new UnitTexts.Job(unit, null, 0, 0, same.lines())));
        pieces.add(same.chunks());
        continue;
      }
      List<UnitTexts.Job> chunks = texts.lookup(ink, unit);
      unitJobs.add(chunks);
      pieces.add(chunks.size());
      for (UnitTexts.Job job : chunks) {
        if (job.known() == null) {
          if (firstOf.putIfAbsent(UnitTexts.PixelKey.of(job), job) == null) {
            unread.add(job);
          } else {
            repeats.add(job);
          }
        }
      }
    }
    Map<UnitTexts.Job, List<TextLine>> read = new java.util.IdentityHashMap<>();
    String note = "";
    try {
      if (pool == null || unread.isEmpty()) {
        meanwhile.run();
        for (UnitTexts.Job job : unread) {
          read.put(job, UnitTexts.recognise(job, engines.getFirst()));
        }
      } else {
        // Largest units first: the engines then finish close together (longest-job-first).
        unread.sort(java.util.Comparator.comparingLong((UnitTexts.Job j) -> j.unit().area()).reversed());
        List<Future<List<TextLine>>> futures = new ArrayList<>(unread.size());
        BlockingQueue<OcrEngine> free = new ArrayBlockingQueue<>(engines.size(), false, engines);
        for (UnitTexts.Job job : unread) {
          futures.add(pool.submit(() -> {
            OcrEngine engine = free.take();
            try {
              return UnitTexts.recognise(job, engine);
            } finally {
              free.put(engine);
            }
          }));
        }
        meanwhile.run();
        for (int i = 0; i < unread.size(); i++) {
          read.put(unread.get(i), futures.get(i).get());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      note = "OCR interrupted";
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      note = "OCR failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    }
    Map<UnitTexts.Job, List<TextLine>> remembered = new java.util.IdentityHashMap<>();
    for (UnitTexts.Job job : unread) {
      if (read.containsKey(job)) {
        remembered.put(job, texts.remember(job, read.get(job)));
      }
    }
    for (UnitTexts.Job job : repeats) {
      List<TextLine> local = read.get(firstOf.get(UnitTexts.PixelKey.of(job)));
      if (local != null) {
        remembered.put(job, texts.reuse(job, local));
      }
    }
    Map<Rect, Remembered> readings = new HashMap<>();
    for (int i = 0; i < unitJobs.size(); i++) {
      List<UnitTexts.Job> chunks = unitJobs.get(i);
      List<List<TextLine>> parts = new ArrayList<>(chunks.size());
      for (UnitTexts.Job job : chunks) {
        if (job.known() != null) {
          parts.add(job.known());
        } else if (remembered.containsKey(job)) {
          parts.add(remembered.get(job));
        }
      }
      if (!parts.isEmpty()) {
        List<TextLine> unitLines = UnitTexts.joined(parts);
        lines.addAll(unitLines);
        if (parts.size() == chunks.size()) {
          readings.put(units.get(i), new Remembered(unitLines, pieces.get(i)));
        }
      }
    }
    previousUnits = readings;
    return note;
  }

  /**
   * Forgets everything seen: the previous frame, element ids and the remembered readings of text
   * units. The next {@link #perceive} reads the whole frame with OCR and compares it with nothing.
   */
  public void reset() {
    forget();
    ids.clear();
    texts.clear();
  }

  private void forget() {
    previousUnits = Map.of();
    previousFrame = null;
    previousObservation = null;
    previousFound = List.of();
    previousTree = null;
    outlines.clear();
  }

  private static List<UiElement> withTree(List<UiElement> found, AccessibilityTree tree, Screenshot shot) {
    return tree == null ? found : AccessibilityFusion.fuse(found, tree, shot.mapping(), shot.width(), shot.height());
  }

  private static String unreadable(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (w < MIN_SIDE || h < MIN_SIDE) {
      return "image " + w + "x" + h + " is too small to hold text (under " + MIN_SIDE + " px a side)";
    }
    if ((long) w * h > MAX_PIXELS) {
      return "image " + w + "x" + h + " is larger than 8K (" + MAX_PIXELS + " pixels); not read";
    }
    if (ScreenReader.isUniform(image)) {
      return String.format("blank image: every pixel is #%06x", image.getRGB(0, 0) & 0xffffff);
    }
    return null;
  }

  private ScreenChange change(List<Rect> changed, FramePixels frame, List<TextLine> lines, List<UiElement> elements) {
    if (changed == null || previousObservation == null) {
      return new ScreenChange(ScreenChange.Kind.NOT_COMPARED, List.of(), 1.0, texts.reads(), texts.reuses(),
          List.of(), List.of(), List.of(), List.of());
    }
    long area = 0;
    for (Rect r : changed) {
      area += r.area();
    }
    double fraction = Math.min(1.0, (double) area / ((long) frame.width() * frame.height()));
    List<String> before = previousObservation.lines().stream().map(TextLine::text).toList();
    List<String> after = lines.stream().map(TextLine::text).toList();
    Set<String> idsBefore = new HashSet<>();
    previousObservation.elements().forEach(e -> idsBefore.add(e.id()));
    Set<String> idsAfter = new HashSet<>();
    elements.forEach(e -> idsAfter.add(e.id()));
    return new ScreenChange(ScreenChange.Kind.CHANGED, changed, fraction, texts.reads(), texts.reuses(),
        minus(after, before), minus(before, after),
        elements.stream().map(UiElement::id).filter(id -> !idsBefore.contains(id)).limit(ScreenChange.MAX_LISTED).toList(),
        previousObservation.elements().stream().map(UiElement::id).filter(id -> !idsAfter.contains(id))
            .limit(ScreenChange.MAX_LISTED).toList());
  }

  private static boolean touches(Rect unit, List<Rect> changed) {
    for (Rect r : changed) {
      if (unit.intersection(r).area() > 0) {
        return true;
      }
    }
    return false;
  }

  /** The entries of {@code a} not matched by an equal entry of {@code b} (as multisets), in order. */
  private static List<String> minus(List<String> a, List<String> b) {
    Map<String, Integer> left = new HashMap<>();
    b.forEach(s -> left.merge(s, 1, Integer::sum));
    List<String> out = new ArrayList<>();
    for (String s : a) {
      if (left.merge(s, -1, Integer::sum) < 0 && out.size() < ScreenChange.MAX_LISTED) {
        out.add(s);
      }
    }
    return out;
  }

  /** Keeps a copy of the frame's pixels (only the changed areas are copied after the first). */
  private void remember(FramePixels frame, List<Rect> changed) {
    int w = frame.width();
    int h = frame.height();
    int size = w * h;
    boolean fresh = previous.length != size || previousFrame == null || changed == null;
    if (previous.length != size) {
      previous = new int[size];
    }
    if (fresh) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(frame.data(), frame.rowStart(y), previous, y * w, w);
      }
    } else {
      for (Rect r : changed) {
        for (int y = r.y(); y < r.bottom(); y++) {
          System.arraycopy(frame.data(), frame.rowStart(y) + r.x(), previous, y * w + r.x(), r.width());
        }
      }
    }
    previousFrame = new FramePixels(previous, 0, w, w, h);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (pool != null) {
        pool.shutdownNow();
      }
      ink.close();
      outlines.close();
      texts.clear();
      if (ownsEngines) {
        engines.forEach(OcrEngine::close);
      }
    }
  }
}
