package dev.deskpilot.perception.internal;

import static org.bytedeco.opencv.global.opencv_imgproc.CV_INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_BLACKHAT;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_CLOSE;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY_INV;

import dev.deskpilot.perception.Rect;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The ink of a frame and the text units found in it (OpenCV). Not thread-safe; holds native
 * memory: close it.
 *
 * <h2>Maps</h2>
 *
 * <ol>
 *   <li><b>gray</b>: Rec. 601 luma {@code (77 R + 150 G + 29 B) >> 8}.
 *   <li><b>norm</b>: gray with dark regions inverted (a pixel whose 15x15 median is under 128: the
 *       median is the background wherever text covers less than half the square, and it switches
 *       within 7 px at the edge between a light and a dark region), so light text on dark
 *       backgrounds (terminals, dark themes, selections) becomes dark on light.
 *   <li><b>ink</b>: a black-hat (9x9 closing minus the image) of norm over a threshold: dark
 *       strokes thinner than 9 px, i.e. glyphs and thin lines, never filled areas.
 *   <li><b>mask</b>: ink without thin straight lines (horizontal or vertical runs of 41 px or more
 *       that are under 9 px thick: widget borders, separators, grid lines, the dark fringe left where an inverted dark region meets a light one; and hairlines: runs of
 *       {@value #HAIRLINE_LENGTH} px or more under {@value #HAIRLINE_THICKNESS} px thick, the sides of
 *       small buttons), then closed by 7x1 so that the letters of a word join.
 *   <li><b>edges</b>: pixels where gray changes by more than {@value #EDGE_THRESHOLD} within 2x2
 *       (morphological gradient): the outlines of widgets, for element detection; <b>faint
 *       edges</b> the same over {@value #FAINT_EDGE_THRESHOLD}.
 * </ol>
 *
 * <p>Every map is a local function of the gray frame, computed in two stages. The <i>local</i>
 * maps (norm, the black-hat ink before its lines are taken out, edges) depend on gray within
 * {@value #LOCAL_REACH} px (7 for the median, 8 for the black-hat). The mask depends on that ink
 * within {@value #MASK_REACH} px (the openings that find lines reach k - 1 px for a kernel k px
 * long: 40 + 8 + 24 + 2 across, 8 + 40 + 2 + 24 down, and the 7x1 join 6 more across). So after a
 * change confined to some areas ({@link #update(FramePixels, List)}), the local maps are
 * recomputed (costly: the median) only within {@value #LOCAL_REACH} px of them and the mask
 * (cheap binary morphology) within {@value #LOCAL_REACH} + {@value #MASK_REACH} px; each from
 * inputs another reach further out, so the maps are exactly those of a full computation, and so
 * are the units built from them.
 *
 * <h2>Text units</h2>
 *
 * Connected components of the mask 5 to {@value #MAX_UNIT_HEIGHT} px high (hollow frames
 * dropped; those {@value #SPLIT_HEIGHT} px or taller and at least as wide cut into bands at (nearly)
 * empty rows, which parts lines joined by a text cursor), merged when they sit on one row close together (a gap
 * under 1.5 heights) or overlap: about one label, phrase or line of text each, padded by {@value
 * #PAD} px.
 */
public final class InkLayout implements AutoCloseable {
  /** How far (px) a change of gray reaches in the local maps: 7 (median) + 8 (black-hat), and 1 spare. */
  static final int LOCAL_REACH = 16;

  /** How far (px) a change of the black-hat ink reaches in the mask: at most 80 across, 74 down. */
  static final int MASK_REACH = 80;

  static final int DARK_WINDOW = 15;
  static final int DARK_THRESHOLD = 128;
  static final int STROKE = 9;
  static final int INK_THRESHOLD = 40;
  static final int LINE_LENGTH = 41;
  static final int LINE_THICKNESS = 9;
  static final int HAIRLINE_LENGTH = 25;
  static final int HAIRLINE_THICKNESS = 3;
  static final int JOIN = 7;
  static final int MIN_UNIT_HEIGHT = 5;
  static final int MAX_UNIT_HEIGHT = 80;
  static final int PAD = 1;
  static final int SPLIT_HEIGHT = 24;
  static final int EDGE_THRESHOLD = 24;
  /** The faint edge map's threshold: low-contrast borders (dark themes' buttons). */
  static final int FAINT_EDGE_THRESHOLD = 8;
  static final int MARK_WIDTH = 12;

  private final Mat strokeKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(STROKE, STROKE));
  private final Mat hLineKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(LINE_LENGTH, 1));
  private final Mat vLineKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(1, LINE_LENGTH));
  private final Mat hThickKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(1, LINE_THICKNESS));
  private final Mat vThickKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(LINE_THICKNESS, 1));
  private final Mat hHairKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(HAIRLINE_LENGTH, 1));
  private final Mat vHairKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(1, HAIRLINE_LENGTH));
  private final Mat hHairThickKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(1, HAIRLINE_THICKNESS));
  private final Mat vHairThickKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(HAIRLINE_THICKNESS, 1));
  private final Mat edgeKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(2, 2));
  private final Mat joinKernel = opencv_imgproc.getStructuringElement(MORPH_RECT, new Size(JOIN, 1));
  private Mat gray;
  private Mat norm;
  private Mat mask;
  /** The black-hat ink over its threshold, lines still in: the local stage's output the mask is made from. */
  private Mat rawInk;
  private Mat edges;
  private Mat faintEdges;
  private Mat labels;
  private Mat stats;
  private Mat centroids;
  private ByteBuffer grayBytes;
  private ByteBuffer normBytes;
  private int width;
  private int height;
  private byte[] row = new byte[0];
  private List<Mark> marks = List.of();
  /** The mask's connected components at the last {@link #units()}, in canonical order; null when none yet. */
  private List<Component> components;
  /** Where the mask was rewritten since the last {@link #units()}; null when everything was. */
  private List<Rect> rewritten;
  private boolean closed;

  /** A connected component of the mask: its bounding box and pixel count. */
  record Component(Rect box, int area) {}

  private static final Comparator<Component> CANONICAL = Comparator.<Component>comparingInt(c -> c.box().y())
      .thenComparingInt(c -> c.box().x()).thenComparingInt(c -> c.box().width())
      .thenComparingInt(c -> c.box().height()).thenComparingInt(Component::area);

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /**
   * Brings the maps up to date with {@code frame}.
   *
   * @param changed the areas where {@code frame} differs from the frame of the last update, or
   *     {@code null} to recompute everything (always done for the first frame or a new size)
   */
  public void update(FramePixels frame, List<Rect> changed) {
    if (closed) {
      throw new IllegalStateException("InkLayout is closed");
    }
    if (gray == null || frame.width() != width || frame.height() != height) {
      allocate(frame.width(), frame.height());
      changed = null;
    }
    Rect all = new Rect(0, 0, width, height);
    if (changed == null) {
      fillGray(frame, all);
      computeLocal(all, all);
      computeMask(all, all);
      rewritten = null;
      return;
    }
    for (Rect r : changed) {
      fillGray(frame, r.intersection(all));
    }
    // Every local map first: the mask around one change may read local maps around another.
    for (Rect r : changed) {
      computeLocal(grow(r, 2 * LOCAL_REACH).intersection(all), grow(r, LOCAL_REACH).intersection(all));
    }
    for (Rect write : merged(changed, LOCAL_REACH + MASK_REACH, all)) {
      computeMask(grow(write, MASK_REACH).intersection(all), write);
      if (rewritten != null) {
        rewritten.add(write);
      }
    }
  }

  /**
   * {@code areas} grown by {@code by} and clipped to {@code all}, those that overlap merged into
   * their bounding box when it is no larger than the two apart (nearby changes are computed once).
   */
  static List<Rect> merged(List<Rect> areas, int by, Rect all) {
    List<Rect> out = new ArrayList<>();
    for (Rect r : areas) {
      out.add(grow(r, by).intersection(all));
    }
    boolean again = true;
    while (again) {
      again = false;
      for (int i = 0; i < out.size() && !again; i++) {
        for (int j = i + 1; j < out.size() && !again; j++) {
          Rect a = out.get(i);
          Rect b = out.get(j);
          Rect u = Rect.ofCorners(Math.min(a.x(), b.x()), Math.min(a.y(), b.y()),
              Math.max(a.right(), b.right()), Math.max(a.bottom(), b.bottom()));
          if (a.intersection(b).area() > 0 && u.area() <= a.area() + b.area()) {
            out.set(i, u);
            out.remove(j);
            again = true;
          }
        }
      }
    }
    return out;
  }

  private void allocate(int w, int h) {
    releaseMaps();
    width = w;
    height = h;
    gray = new Mat(h, w, opencv_core.CV_8UC1);
    norm = new Mat(h, w, opencv_core.CV_8UC1);
    mask = new Mat(h, w, opencv_core.CV_8UC1);
    rawInk = new Mat(h, w, opencv_core.CV_8UC1);
    faintEdges = new Mat(h, w, opencv_core.CV_8UC1);
    edges = new Mat(h, w, opencv_core.CV_8UC1);
    labels = new Mat();
    stats = new Mat();
    centroids = new Mat();
    components = null;
    rewritten = null;
    grayBytes = gray.createBuffer();
    normBytes = norm.createBuffer();
    if (row.length < w) {
      row = new byte[w];
    }
  }

  private void fillGray(FramePixels frame, Rect r) {
    int[] px = frame.data();
    for (int y = r.y(); y < r.bottom(); y++) {
      int in = frame.rowStart(y) + r.x();
      for (int x = 0; x < r.width(); x++) {
        int p = px[in + x];
        row[x] = (byte) ((77 * ((p >>> 16) & 0xff) + 150 * ((p >>> 8) & 0xff) + 29 * (p & 0xff)) >>> 8);
      }
      grayBytes.put(y * width + r.x(), row, 0, r.width());
    }
  }

  /** Computes norm, the black-hat ink and edges over {@code read} and stores them inside {@code write}. */
  private void computeLocal(Rect read, Rect write) {
    try (PointerScope scope = new PointerScope()) {
      Mat g = roi(gray, read).clone();
      Mat dark = dark(g);
      Mat n = g.clone();
      opencv_core.bitwise_not(g, n, dark);
      Mat ink = new Mat();
      opencv_imgproc.morphologyEx(n, ink, MORPH_BLACKHAT, strokeKernel);
      opencv_imgproc.threshold(ink, ink, INK_THRESHOLD, 255, THRESH_BINARY);
      Rect local = new Rect(write.x() - read.x(), write.y() - read.y(), write.width(), write.height());
      roi(n, local).copyTo(roi(norm, write));
      roi(ink, local).copyTo(roi(rawInk, write));
      Mat e = new Mat();
      opencv_imgproc.morphologyEx(g, e, opencv_imgproc.MORPH_GRADIENT, edgeKernel);
      Mat f = new Mat();
      opencv_imgproc.threshold(e, f, FAINT_EDGE_THRESHOLD, 255, THRESH_BINARY);
      roi(f, local).copyTo(roi(faintEdges, write));
      opencv_imgproc.threshold(e, e, EDGE_THRESHOLD, 255, THRESH_BINARY);
      roi(e, local).copyTo(roi(edges, write));
    }
  }

  /**
   * Where {@code gray}'s {@value #DARK_WINDOW}x{@value #DARK_WINDOW} median is under {@value
   * #DARK_THRESHOLD} (255, else 0), borders replicated as the median filter does: counted, not
   * sorted. The median of the square's 225 pixels is under the threshold exactly when 113 or more
   * of them are, and a box sum of the pixels under it costs a fraction of a median filter.
   */
  static Mat dark(Mat gray) {
    Mat under = new Mat();
    opencv_imgproc.threshold(gray, under, DARK_THRESHOLD - 1, 1, THRESH_BINARY_INV);
    Mat count = new Mat();
    opencv_imgproc.boxFilter(under, count, opencv_core.CV_16U, new Size(DARK_WINDOW, DARK_WINDOW),
        new org.bytedeco.opencv.opencv_core.Point(-1, -1), false, opencv_core.BORDER_REPLICATE);
    Mat dark = new Mat();
    opencv_core.compare(count, new Mat(1, 1, opencv_core.CV_16U, new org.bytedeco.opencv.opencv_core.Scalar((DARK_WINDOW * DARK_WINDOW + 1) / 2.0)), dark, opencv_core.CMP_GE);
    return dark;
  }

  /** Computes the mask from the black-hat ink over {@code read} and stores it inside {@code write}. */
  private void computeMask(Rect read, Rect write) {
    try (PointerScope scope = new PointerScope()) {
      Mat ink = roi(rawInk, read).clone();
      Mat lines = straightLines(ink, hLineKernel, hThickKernel);
      opencv_core.subtract(ink, lines, ink);
      Mat vertical = straightLines(ink, vLineKernel, vThickKernel);
      opencv_core.subtract(ink, vertical, ink);
      Mat hair = straightLines(ink, hHairKernel, hHairThickKernel);
      opencv_core.subtract(ink, hair, ink);
      Mat vHair = straightLines(ink, vHairKernel, vHairThickKernel);
      opencv_core.subtract(ink, vHair, ink);
      Mat m = new Mat();
      opencv_imgproc.morphologyEx(ink, m, MORPH_CLOSE, joinKernel);
      Rect local = new Rect(write.x() - read.x(), write.y() - read.y(), write.width(), write.height());
      roi(m, local).copyTo(roi(mask, write));
    }
  }

  /** Thin straight runs of {@code ink} along the kernel's direction. */
  private static Mat straightLines(Mat ink, Mat along, Mat across) {
    Mat runs = new Mat();
    opencv_imgproc.morphologyEx(ink, runs, MORPH_OPEN, along);
    Mat thick = new Mat();
    opencv_imgproc.morphologyEx(runs, thick, MORPH_OPEN, across);
    opencv_core.subtract(runs, thick, runs);
    return runs;
  }

  private static Mat roi(Mat m, Rect r) {
    return new Mat(m, new org.bytedeco.opencv.opencv_core.Rect(r.x(), r.y(), r.width(), r.height()));
  }

  static Rect grow(Rect r, int by) {
    return Rect.ofCorners(r.x() - by, r.y() - by, r.right() + by, r.bottom() + by);
  }

  /**
   * The text units of the current maps, in reading order (see the class comment).
   *
   * <p>After an update confined to some areas, the mask's connected components are found again
   * only around those areas: a component whose box lies off every rewritten area (grown by 1 px)
   * kept all its pixels and neighbours, so it is taken from the last call; the others are labelled
   * again within the rewritten areas grown over every old component they touch, which holds each
   * of them whole. So the components, and the units built from them, equal those of a full pass.
   */
  public List<Rect> units() {
    if (gray == null) {
      return List.of();
    }
    Rect all = new Rect(0, 0, width, height);
    if (components == null || rewritten == null) {
      components = label(all, null);
    } else if (!rewritten.isEmpty()) {
      components = relabel(rewritten, all);
    }
    rewritten = new ArrayList<>();
    List<Rect> boxes = new ArrayList<>();
    List<Rect> boxesOfAll = new ArrayList<>(components.size());
    List<Rect> small = new ArrayList<>();
    for (Component c : components) {
      Rect b = c.box();
      int w = b.width();
      int h = b.height();
      boxesOfAll.add(b);
      if (h < MIN_UNIT_HEIGHT && w <= MARK_WIDTH) {
        small.add(b);
      }
      if (h < MIN_UNIT_HEIGHT || h > MAX_UNIT_HEIGHT || w < 3) {
        continue;
      }
      if (w > 20 && h > 20 && c.area() * 8L < (long) w * h) {
        continue; // a hollow frame
      }
      if (h >= SPLIT_HEIGHT && w >= h) {
        // Lines joined by a text cursor are wider than tall; a taller glyph (a big bold "1") is one
        // glyph, not bands to cut at its thin stem.
        boxes.addAll(splitRows(b));
      } else {
        boxes.add(b);
      }
    }
    marks = marks(small, boxesOfAll);
    List<Rect> merged = merge(boxes);
    List<Rect> units = new ArrayList<>(merged.size());
    for (Rect r : merged) {
      units.add(grow(r, PAD).intersection(all));
    }
    return ReadingOrder.sort(units, u -> u);
  }

  /**
   * The components of the mask within {@code area} (frame coordinates), sorted canonically; when
   * {@code touching} is given, only those whose box meets one of its rectangles.
   */
  private List<Component> label(Rect area, List<Rect> touching) {
    List<Component> out = new ArrayList<>();
    try (PointerScope scope = new PointerScope()) {
      Mat m = area.width() == width && area.height() == height ? mask : roi(mask, area);
      int n = opencv_imgproc.connectedComponentsWithStats(m, labels, stats, centroids, 8, opencv_core.CV_32S);
      IntBuffer st = stats.createBuffer();
      for (int i = 1; i < n; i++) {
        Rect b = new Rect(st.get(i * 5) + area.x(), st.get(i * 5 + 1) + area.y(), st.get(i * 5 + 2), st.get(i * 5 + 3));
        if (touching == null || meetsAny(b, touching)) {
          out.add(new Component(b, st.get(i * 5 + 4)));
        }
      }
    }
    out.sort(CANONICAL);
    return out;
  }

  /** The components after the mask was rewritten inside {@code written} (see {@link #units()}). */
  private List<Component> relabel(List<Rect> written, Rect all) {
    List<Rect> touch = new ArrayList<>(written.size());
    for (Rect w : written) {
      touch.add(grow(w, 1).intersection(all));
    }
    List<Component> kept = new ArrayList<>(components.size());
    List<Rect> regions = new ArrayList<>(touch);
    for (Component c : components) {
      if (meetsAny(c.box(), touch)) {
        for (int i = 0; i < regions.size(); i++) {
          if (meetsAny(c.box(), List.of(regions.get(i)))) {
            regions.set(i, regions.get(i).union(c.box()));
          }
        }
      } else {
        kept.add(c);
      }
    }
    regions = disjoint(regions);
    for (Rect region : regions) {
      kept.addAll(label(region, touch));
    }
    kept.sort(CANONICAL);
    return kept;
  }

  /** Whether {@code box} shares a pixel with one of {@code areas}. */
  private static boolean meetsAny(Rect box, List<Rect> areas) {
    for (Rect a : areas) {
      if (box.x() < a.right() && a.x() < box.right() && box.y() < a.bottom() && a.y() < box.bottom()) {
        return true;
      }
    }
    return false;
  }

  /** Rectangles covering {@code rects} that share no pixel: overlapping ones are replaced by their union. */
  static List<Rect> disjoint(List<Rect> rects) {
    List<Rect> cur = new ArrayList<>(rects);
    boolean merged = true;
    while (merged) {
      merged = false;
      outer:
      for (int i = 0; i < cur.size(); i++) {
        for (int j = i + 1; j < cur.size(); j++) {
          if (meetsAny(cur.get(i), List.of(cur.get(j)))) {
            cur.set(i, cur.get(i).union(cur.get(j)));
            cur.remove(j);
            merged = true;
            break outer;
          }
        }
      }
    }
    return cur;
  }

  /**
   * A punctuation mark standing alone (a key cap or a button of its own), too small for a text
   * unit and read from its shape: {@code "-"} (a bar 4-12 px wide, 1-2 px high), {@code "="} (two
   * such bars one above the other) or {@code "."} (a dot of 2-3 px).
   */
  public record Mark(Rect box, String text) {}

  /** The lone marks found by the last {@link #units()}, in reading order. */
  public List<Mark> marks() {
    return marks;
  }

  /**
   * Marks among the small components: alone means no other component within 8 px above and
   * below and twice its width (at least 10 px) on either side, so that the dots and dashes of
   * text, icons and dotted lines never count.
   */
  static List<Mark> marks(List<Rect> small, List<Rect> components) {
    List<Mark> found = new ArrayList<>();
    boolean[] used = new boolean[small.size()];
    for (int i = 0; i < small.size(); i++) {
      if (used[i]) {
        continue;
      }
      Rect a = small.get(i);
      String text = null;
      Rect box = a;
      boolean bar = a.height() <= 2 && a.width() >= 4;
      if (bar) {
        text = "-";
        for (int j = 0; j < small.size(); j++) {
          Rect b = small.get(j);
          int gap = b.y() - a.bottom();
          if (j != i && !used[j] && b.height() <= 2 && Math.abs(b.x() - a.x()) <= 1
              && Math.abs(b.width() - a.width()) <= 1 && gap >= 1 && gap <= 4) {
            used[j] = true;
            text = "=";
            box = a.union(b);
            break;
          }
        }
      } else if (a.width() >= 2 && a.width() <= 3 && a.height() >= 2 && a.height() <= 3) {
        text = ".";
      }
      if (text == null) {
        continue;
      }
      int side = Math.max(10, 2 * box.width());
      Rect zone = Rect.ofCorners(box.x() - side, box.y() - 8, box.right() + side, box.bottom() + 8);
      boolean alone = true;
      for (Rect c : components) {
        if (c.intersection(zone).area() > 0 && box.intersection(c).area() < c.area()) {
          alone = false;
          break;
        }
      }
      if (alone) {
        found.add(new Mark(box, text));
      }
    }
    return ReadingOrder.sort(found, Mark::box);
  }

  /**
   * Cuts a tall component into the bands of rows that hold ink, at rows where the mask is (nearly)
   * empty: lines of text joined only by a text cursor, a descender touching the line below, or a
   * thin stroke. Bands under {@value #MIN_UNIT_HEIGHT} px are dropped.
   */
  private List<Rect> splitRows(Rect box) {
    ByteBuffer m = mask.createBuffer();
    int[] count = new int[box.height()];
    int[] left = new int[box.height()];
    int[] right = new int[box.height()];
    for (int r = 0; r < box.height(); r++) {
      int base = (box.y() + r) * width;
      left[r] = Integer.MAX_VALUE;
      right[r] = -1;
      for (int c = box.x(); c < box.right(); c++) {
        if (m.get(base + c) != 0) {
          count[r]++;
          left[r] = Math.min(left[r], c);
          right[r] = c;
        }
      }
    }
    int valley = Math.max(2, box.width() / 20);
    List<Rect> bands = new ArrayList<>();
    int start = -1;
    for (int r = 0; r <= box.height(); r++) {
      boolean ink = r < box.height() && count[r] > valley;
      if (ink && start < 0) {
        start = r;
      } else if (!ink && start >= 0) {
        if (r - start >= MIN_UNIT_HEIGHT) {
          int l = Integer.MAX_VALUE;
          int rt = -1;
          for (int k = start; k < r; k++) {
            l = Math.min(l, left[k]);
            rt = Math.max(rt, right[k]);
          }
          bands.add(Rect.ofCorners(l, box.y() + start, rt + 1, box.y() + r));
        }
        start = -1;
      }
    }
    return bands.isEmpty() ? List.of(box) : bands;
  }

  /** Merges boxes on one row close together, and boxes that overlap, until none do. */
  static List<Rect> merge(List<Rect> boxes) {
    List<Rect> cur = new ArrayList<>(boxes);
    boolean changed = true;
    while (changed) {
      changed = false;
      cur.sort(Comparator.comparingInt(Rect::x).thenComparingInt(Rect::y));
      List<Rect> out = new ArrayList<>(cur.size());
      boolean[] used = new boolean[cur.size()];
      for (int i = 0; i < cur.size(); i++) {
        if (used[i]) {
          continue;
        }
        Rect a = cur.get(i);
        for (int j = i + 1; j < cur.size(); j++) {
          if (used[j]) {
            continue;
          }
          Rect b = cur.get(j);
          if (b.x() > a.right() + 2 * MAX_UNIT_HEIGHT) {
            break; // sorted by x: no later box can be close
          }
          if (joins(a, b)) {
            a = a.union(b);
            used[j] = true;
            changed = true;
          }
        }
        out.add(a);
      }
      cur = out;
    }
    return cur;
  }

  static boolean joins(Rect a, Rect b) {
    long inter = a.intersection(b).area();
    if (inter * 2 >= Math.min(a.area(), b.area()) && inter > 0) {
      return true;
    }
    int overlap = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
    int low = Math.min(a.height(), b.height());
    int high = Math.max(a.height(), b.height());
    int gap = Math.max(b.x() - a.right(), a.x() - b.right());
    if (overlap >= low && gap * 2 <= low * 3) {
      return true; // a piece lying within a line's height beside it (a bold glyph cut in two by the mask)
    }
    Rect small = a.height() <= b.height() ? a : b;
    Rect big = small == a ? b : a;
    if (overlap > 0 && low * 2 <= high && small.x() >= big.x() - 2 && small.right() <= big.right() + 2) {
      return true; // a slice reaching into a line twice its height, within its columns: the feet of bold glyphs the mask cut off
    }
    return overlap * 10 >= low * 7 && high * 10 <= low * 15 && gap * 2 <= low * 3;
  }

  /**
   * The gray pixels of {@code r}, row by row.
   *
   * @param into reused when big enough
   */
  public byte[] grayPixels(Rect r, byte[] into) {
    int size = r.width() * r.height();
    byte[] out = into != null && into.length == size ? into : new byte[size];
    for (int y = 0; y < r.height(); y++) {
      grayBytes.get((r.y() + y) * width + r.x(), out, y * r.width(), r.width());
    }
    return out;
  }

  /**
   * The normalised gray pixels (dark regions inverted) of {@code r}, row by row.
   *
   * @param into reused when big enough
   */
  public byte[] normPixels(Rect r, byte[] into) {
    int size = r.width() * r.height();
    byte[] out = into != null && into.length == size ? into : new byte[size];
    for (int y = 0; y < r.height(); y++) {
      normBytes.get((r.y() + y) * width + r.x(), out, y * r.width(), r.width());
    }
    return out;
  }

  /**
   * {@code pixels} (a {@code w x h} gray image) scaled by {@code scale} with cubic interpolation
   * and given a border of {@code border} px of the gray {@code background}.
   */
  public static byte[] scaleAndPad(byte[] pixels, int w, int h, int scale, int border, int background) {
    try (PointerScope scope = new PointerScope()) {
      Mat src = new Mat(h, w, opencv_core.CV_8UC1);
      ((ByteBuffer) src.createBuffer()).put(0, pixels, 0, w * h);
      Mat scaled = src;
      if (scale != 1) {
        scaled = new Mat();
        opencv_imgproc.resize(src, scaled, new Size(w * scale, h * scale), 0, 0, CV_INTER_CUBIC);
      }
      Mat padded = new Mat();
      opencv_core.copyMakeBorder(scaled, padded, border, border, border, border, opencv_core.BORDER_CONSTANT,
          new org.bytedeco.opencv.opencv_core.Scalar(background));
      byte[] out = new byte[padded.cols() * padded.rows()];
      ((ByteBuffer) padded.createBuffer()).get(0, out);
      return out;
    }
  }

  /** The edge map (0 or 255), owned by this layout: valid until the next update. */
  public Mat edges() {
    return edges;
  }

  /** Pixels where gray changes by more than {@value #FAINT_EDGE_THRESHOLD} within 2x2; owned by this layout. */
  public Mat faintEdges() {
    return faintEdges;
  }

  /** The gray map, owned by this layout: valid until the next update. */
  public Mat gray() {
    return gray;
  }

  /** Mean gray of {@code r} (0..255). */
  public double meanGray(Rect r) {
    try (PointerScope scope = new PointerScope()) {
      return opencv_core.mean(roi(gray, r)).get(0);
    }
  }

  /** A copy of the mask (for tests: 0 or 255 per pixel, row by row). */
  public byte[] maskPixels() {
    byte[] out = new byte[width * height];
    ((ByteBuffer) mask.createBuffer()).get(0, out);
    return out;
  }

  /** A copy of the normalised gray map (for tests). */
  public byte[] normPixels() {
    return normPixels(new Rect(0, 0, width, height), null);
  }

  private void releaseMaps() {
    for (Mat m : new Mat[] {gray, norm, mask, rawInk, edges, faintEdges, labels, stats, centroids}) {
      if (m != null) {
        m.close();
      }
    }
    gray = norm = mask = rawInk = edges = faintEdges = labels = stats = centroids = null;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      releaseMaps();
      for (Mat k : new Mat[] {strokeKernel, hLineKernel, vLineKernel, hThickKernel, vThickKernel, hHairKernel, vHairKernel,
          hHairThickKernel, vHairThickKernel, joinKernel, edgeKernel}) {
        k.close();
      }
    }
  }
}
