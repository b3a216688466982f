package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.internal.ElementFinder.Outline;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The outlines of a layout's edge maps ({@link ElementFinder#outlines}) kept from frame to frame and
 * traced again only where a map changed.
 *
 * <p>Every contour OpenCV finds is a border of one connected component of the map (8-connected
 * edge pixels): its outer border, or the border around one of its holes, made of the component's
 * own pixels. A component none of whose pixels changed, and none of whose neighbours did, is the
 * same component in both frames with the same borders; its outlines stand. So after an update the
 * components that hold or touch a changed pixel are found by flood fill, in the old map (their
 * outlines are dropped) and in the new one (they alone are traced again, each whole). The outlines
 * equal those of a full search of the new maps, at the cost of the components a change touches
 * instead of the thousand glyph borders of a screen of text. Not thread-safe; holds native memory:
 * close it.
 */
public final class Outlines implements AutoCloseable {
  /** Changes over this share of the screen are searched again whole. */
  private static final int FULL_SHARE = 3;
  /**
   * When the changed pixels and the old components they touch outnumber this share of the screen
   * (or the changed pixels alone half of it), a whole search is cheaper than flood fills and
   * tracing (measured: an opened menu, 20 000 changed and 30 000 touched pixels of 1920x1080, 9 ms
   * traced again vs 3 ms whole; typing a line into mousepad, 1 700 changed and 20 000 touched, 1.5
   * ms vs 1.9 ms a map).
   */
  private static final int WHOLE_FILL = 64;

  private final Traced edges = new Traced();
  private final Traced faint = new Traced();

  /**
   * The outlines of {@code ink}'s maps after an update over {@code changed} (the areas where the
   * frame's pixels changed since the last call, as given to {@link InkLayout#update}), or {@code
   * null} to search everything again.
   */
  public List<Outline> find(InkLayout ink, List<Rect> changed) {
    List<Outline> found = new ArrayList<>();
    edges.update(ink.edges(), changed, found);
    faint.update(ink.faintEdges(), changed, found);
    return ElementFinder.dedupe(found);
  }

  /** Forgets the maps: the next {@link #find} searches everything. */
  public void clear() {
    edges.clear();
    faint.clear();
  }

  @Override
  public void close() {
    edges.release();
    faint.release();
  }

  /** The rectangular (and small round) contours of {@code map}, searched whole. */
  static void searchWhole(Mat map, List<Outline> found) {
    trace(map, 0, 0, map.cols() * map.rows(), found, null, 0);
  }

  /**
   * Adds the outlines among the contours of {@code image} (a map or an area of one at {@code (dx,
   * dy)}) to {@code found}; when {@code seeds} is not null, also one pixel of each outline's
   * component (as {@code y * stride + x}) in the same order.
   */
  private static void trace(Mat image, int dx, int dy, int screenArea, List<Outline> found, IntList seeds, int stride) {
    try (PointerScope scope = new PointerScope()) {
      MatVector contours = new MatVector();
      Mat hierarchy = new Mat();
      opencv_imgproc.findContours(image, contours, hierarchy, opencv_imgproc.RETR_LIST,
          opencv_imgproc.CHAIN_APPROX_SIMPLE, new Point(dx, dy));
      for (long i = 0; i < contours.size(); i++) {
        Mat c = contours.get(i);
        Outline o = ElementFinder.outline(c, screenArea);
        if (o != null) {
          found.add(o);
          if (seeds != null) {
            // A border is made of its component's pixels: its first point is one of them.
            java.nio.IntBuffer p = c.createBuffer();
            seeds.add(p.get(1) * stride + p.get(0));
          }
        }
      }
    }
  }

  /** The state kept for one edge map. */
  private static final class Traced {
    private byte[] map;
    private int width;
    private int height;
    private final List<Outline> outlines = new ArrayList<>();
    private final IntList seeds = new IntList();
    private boolean valid;
    private byte[] mark;
    private final IntList diffs = new IntList();
    private final IntList seen = new IntList();
    private final IntList stack = new IntList();
    private Mat scratch;
    private ByteBuffer scratchBytes;
    private byte[] row = new byte[0];
    /** Pixels marked by the flood fills since {@link #retrace} began. */
    private long filled;
    private byte[] ones = new byte[0];
    private byte[] zeros = new byte[0];

    void clear() {
      valid = false;
    }

    void release() {
      valid = false;
      map = null;
      mark = null;
      if (scratch != null) {
        scratch.close();
        scratch = null;
        scratchBytes = null;
      }
    }

    void update(Mat m, List<Rect> changed, List<Outline> out) {
      int w = m.cols();
      int h = m.rows();
      ByteBuffer now = m.createBuffer();
      boolean whole = !valid || changed == null || w != width || h != height
          || area(changed) * FULL_SHARE > (long) w * h;
      valid = false;
      if (!whole) {
        diff(now, changed);
        whole = diffs.size() > 0 && !retrace(now);
      }
      if (whole) {
        allocate(w, h);
        now.get(0, map);
        outlines.clear();
        seeds.clear();
        trace(m, 0, 0, w * h, outlines, seeds, w);
      }
      out.addAll(outlines);
      valid = true;
    }

    private void allocate(int w, int h) {
      if (map == null || w != width || h != height) {
        release();
        width = w;
        height = h;
        map = new byte[w * h];
        mark = new byte[w * h];
        scratch = new Mat(h, w, opencv_core.CV_8UC1, Scalar.all(0));
        scratchBytes = scratch.createBuffer();
        row = new byte[w];
        zeros = new byte[w];
        ones = new byte[w];
        Arrays.fill(ones, (byte) 255);
      }
    }

    /** Collects the pixels within reach of {@code changed} whose value differs from the kept map's. */
    private void diff(ByteBuffer now, List<Rect> changed) {
      diffs.clear();
      Rect all = new Rect(0, 0, width, height);
      for (Rect r : InkLayout.merged(changed, InkLayout.LOCAL_REACH, all)) {
        for (int y = r.y(); y < r.bottom(); y++) {
          int start = y * width + r.x();
          now.get(start, row, 0, r.width());
          if (Arrays.mismatch(map, start, start + r.width(), row, 0, r.width()) < 0) {
            continue;
          }
          for (int x = 0; x < r.width(); x++) {
            // Overlapping areas may list a pixel twice; marked pixels are listed once.
            if (map[start + x] != row[x] && mark[start + x] == 0) {
              mark[start + x] = 1;
              diffs.add(start + x);
            }
          }
        }
      }
      for (int i = 0; i < diffs.size(); i++) {
        mark[diffs.get(i)] = 0;
      }
    }

    /**
     * Traces again the components the changed pixels touch; false, having changed nothing, when
     * they are so many that a whole search costs less (an opened menu: its text and borders).
     */
    private boolean retrace(ByteBuffer now) {
      // The old components a change touches: their outlines go.
      long budget = (long) width * height / WHOLE_FILL;
      if (diffs.size() * 2L > budget) {
        return false;
      }
      filled = 0;
      fillAround(diffs);
      if (diffs.size() + filled > budget) {
        unmark();
        return false;
      }
      for (int i = outlines.size() - 1; i >= 0; i--) {
        if (mark[seeds.get(i)] != 0) {
          outlines.remove(i);
          seeds.remove(i);
        }
      }
      unmark();
      for (int i = 0; i < diffs.size(); i++) {
        int p = diffs.get(i);
        map[p] = now.get(p);
      }
      // The new components a change touches, traced again, each whole and alone.
      List<Rect> boxes = fillAround(diffs);
      paint((byte) 255);
      Rect all = new Rect(0, 0, width, height);
      for (Rect area : disjoint(boxes, all)) {
        try (Mat roi = new Mat(scratch, new org.bytedeco.opencv.opencv_core.Rect(area.x(), area.y(), area.width(), area.height()))) {
          trace(roi, area.x(), area.y(), width * height, outlines, seeds, width);
        }
      }
      paint((byte) 0);
      unmark();
      return true;
    }

    /**
     * Marks every component of the kept map holding or touching one of {@code pixels} (in {@link
     * #seen}); returns their boxes.
     */
    private List<Rect> fillAround(IntList pixels) {
      List<Rect> boxes = new ArrayList<>();
      for (int i = 0; i < pixels.size(); i++) {
        int p = pixels.get(i);
        int px = p % width;
        int py = p / width;
        for (int y = Math.max(0, py - 1); y <= Math.min(height - 1, py + 1); y++) {
          for (int x = Math.max(0, px - 1); x <= Math.min(width - 1, px + 1); x++) {
            int q = y * width + x;
            if (map[q] != 0 && mark[q] == 0) {
              boxes.add(fill(q));
            }
          }
        }
      }
      return boxes;
    }

    /**
     * Marks the 8-connected component of {@code start} row span by row span (each span kept in
     * {@link #seen} as row start and end index); returns its box.
     */
    private Rect fill(int start) {
      int minX = Integer.MAX_VALUE;
      int maxX = -1;
      int minY = Integer.MAX_VALUE;
      int maxY = -1;
      stack.clear();
      stack.add(start);
      while (stack.size() > 0) {
        int p = stack.pop();
        if (mark[p] != 0) {
          continue;
        }
        int y = p / width;
        int rowStart = y * width;
        int rowEnd = rowStart + width;
        int l = p;
        while (l > rowStart && map[l - 1] != 0 && mark[l - 1] == 0) {
          l--;
        }
        int r = p + 1;
        while (r < rowEnd && map[r] != 0 && mark[r] == 0) {
          r++;
        }
        Arrays.fill(mark, l, r, (byte) 1);
        filled += r - l;
        seen.add(l);
        seen.add(r);
        minX = Math.min(minX, l - rowStart);
        maxX = Math.max(maxX, r - 1 - rowStart);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        // Rows above and below: every unmarked ink pixel touching the span (diagonals included).
        for (int dy = -1; dy <= 1; dy += 2) {
          int ny = y + dy;
          if (ny < 0 || ny >= height) {
            continue;
          }
          int from = Math.max(l - rowStart - 1, 0) + ny * width;
          int to = Math.min(r - rowStart + 1, width) + ny * width;
          boolean inRun = false;
          for (int q = from; q < to; q++) {
            boolean ink = map[q] != 0 && mark[q] == 0;
            if (ink && !inRun) {
              stack.add(q);
            }
            inRun = ink;
          }
        }
      }
      return Rect.ofCorners(minX, minY, maxX + 1, maxY + 1);
    }

    /** Sets the scratch map's pixels of every span in {@link #seen} to {@code value} (0 or 255). */
    private void paint(byte value) {
      byte[] fill = value == 0 ? zeros : ones;
      for (int i = 0; i < seen.size(); i += 2) {
        int from = seen.get(i);
        scratchBytes.put(from, fill, 0, seen.get(i + 1) - from);
      }
    }

    private void unmark() {
      for (int i = 0; i < seen.size(); i += 2) {
        Arrays.fill(mark, seen.get(i), seen.get(i + 1), (byte) 0);
      }
      seen.clear();
    }
  }

  /**
   * {@code boxes} grown by 1 px (so each component stands clear of its area's edge, as a whole map's
   * components stand clear of their neighbours) and clipped to {@code all}, overlapping ones merged
   * until none overlap: no area then holds part of a component of another.
   */
  static List<Rect> disjoint(List<Rect> boxes, Rect all) {
    List<Rect> out = new ArrayList<>(boxes.size());
    for (Rect b : boxes) {
      out.add(InkLayout.grow(b, 1).intersection(all));
    }
    boolean merged = true;
    while (merged) {
      merged = false;
      for (int i = 0; i < out.size(); i++) {
        for (int j = out.size() - 1; j > i; j--) {
          Rect a = out.get(i);
          Rect b = out.get(j);
          if (a.intersection(b).area() > 0) {
            out.set(i, Rect.ofCorners(Math.min(a.x(), b.x()), Math.min(a.y(), b.y()),
                Math.max(a.right(), b.right()), Math.max(a.bottom(), b.bottom())));
            out.remove(j);
            merged = true;
          }
        }
      }
    }
    return out;
  }

  private static long area(List<Rect> rects) {
    long a = 0;
    for (Rect r : rects) {
      a += r.area();
    }
    return a;
  }

  /** A growable list of ints. */
  private static final class IntList {
    private int[] items = new int[64];
    private int size;

    int size() {
      return size;
    }

    int get(int i) {
      return items[i];
    }

    void add(int v) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
    }

    int pop() {
      return items[--size];
    }

    void remove(int i) {
      System.arraycopy(items, i + 1, items, i, size - i - 1);
      size--;
    }

    void clear() {
      size = 0;
    }
  }
}
