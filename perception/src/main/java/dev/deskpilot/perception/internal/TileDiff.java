package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.Rect;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where two frames of the same size differ, in square tiles: the changed tiles grouped into
 * connected areas, each returned as its bounding box (clipped to the frame). Rows are compared with
 * {@link Arrays#mismatch(int[], int, int, int[], int, int)} (vectorised), so identical frames cost
 * one pass of memory compares.
 */
public final class TileDiff {
  private TileDiff() {}

  /**
   * The changed areas of {@code after} against {@code before}.
   *
   * @param tile side of the square tiles in pixels, at least 1
   * @return bounding boxes of the connected groups of changed tiles, in reading order of their
   *     top-left tiles; empty when the frames are equal
   * @throws IllegalArgumentException when the frames differ in size or {@code tile < 1}
   */
  public static List<Rect> changed(FramePixels before, FramePixels after, int tile) {
    if (before.width() != after.width() || before.height() != after.height()) {
      throw new IllegalArgumentException(
          "frames differ in size: " + before.width() + "x" + before.height() + " and " + after.width() + "x" + after.height());
    }
    if (tile < 1) {
      throw new IllegalArgumentException("tile must be >= 1, was " + tile);
    }
    int w = after.width();
    int h = after.height();
    int cols = (w + tile - 1) / tile;
    int rows = (h + tile - 1) / tile;
    boolean[] dirty = new boolean[cols * rows];
    boolean any = false;
    int[] a = before.data();
    int[] b = after.data();
    for (int y = 0; y < h; y++) {
      int ra = before.rowStart(y);
      int rb = after.rowStart(y);
      int x = 0;
      int tileRow = (y / tile) * cols;
      while (x < w) {
        int m = Arrays.mismatch(a, ra + x, ra + w, b, rb + x, rb + w);
        if (m < 0) {
          break;
        }
        int col = (x + m) / tile;
        dirty[tileRow + col] = true;
        any = true;
        x = (col + 1) * tile;
      }
    }
    if (!any) {
      return List.of();
    }
    return groups(dirty, cols, rows, tile, w, h);
  }

  /** Bounding boxes of the 8-connected groups of dirty tiles. */
  static List<Rect> groups(boolean[] dirty, int cols, int rows, int tile, int w, int h) {
    List<Rect> out = new ArrayList<>();
    boolean[] seen = new boolean[dirty.length];
    int[] stack = new int[dirty.length];
    for (int start = 0; start < dirty.length; start++) {
      if (!dirty[start] || seen[start]) {
        continue;
      }
      int minC = cols, minR = rows, maxC = -1, maxR = -1;
      int top = 0;
      stack[top++] = start;
      seen[start] = true;
      while (top > 0) {
        int t = stack[--top];
        int c = t % cols;
        int r = t / cols;
        minC = Math.min(minC, c);
        maxC = Math.max(maxC, c);
        minR = Math.min(minR, r);
        maxR = Math.max(maxR, r);
        for (int dr = -1; dr <= 1; dr++) {
          for (int dc = -1; dc <= 1; dc++) {
            int nr = r + dr;
            int nc = c + dc;
            if (nr >= 0 && nr < rows && nc >= 0 && nc < cols) {
              int n = nr * cols + nc;
              if (dirty[n] && !seen[n]) {
                seen[n] = true;
                stack[top++] = n;
              }
            }
          }
        }
      }
      out.add(Rect.ofCorners(minC * tile, minR * tile, Math.min(w, (maxC + 1) * tile), Math.min(h, (maxR + 1) * tile)));
    }
    return out;
  }
}
