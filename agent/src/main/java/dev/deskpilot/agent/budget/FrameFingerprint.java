package dev.deskpilot.agent.budget;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * A small gray thumbnail of a screen, to tell whether the screen changed between two decisions
 * (then a model is sent a short note instead of another screenshot).
 *
 * <p>The frame is averaged into a {@value #COLUMNS} x {@value #ROWS} grid (cells of 30x30 pixels on
 * a 1920x1080 screen). Two frames are the same screen when they have the same size and no cell's
 * mean gray moved by more than {@value #MAX_CELL_CHANGE} levels: one typed character (about 50
 * dark pixels in a cell) moves its cell by about 14, a blinking text cursor (16 pixels) by about 4.
 */
public final class FrameFingerprint {
  static final int COLUMNS = 64;
  static final int ROWS = 36;
  static final int MAX_CELL_CHANGE = 6;

  private final int width;
  private final int height;
  private final int[] cells;

  private FrameFingerprint(int width, int height, int[] cells) {
    this.width = width;
    this.height = height;
    this.cells = cells;
  }

  /** The fingerprint of an image. */
  public static FrameFingerprint of(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    int w = image.getWidth();
    int h = image.getHeight();
    long[] sum = new long[COLUMNS * ROWS];
    long[] count = new long[COLUMNS * ROWS];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      int cy = (int) ((long) y * ROWS / h);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        int gray = (((p >> 16) & 0xff) * 299 + ((p >> 8) & 0xff) * 587 + (p & 0xff) * 114) / 1000;
        int c = cy * COLUMNS + (int) ((long) x * COLUMNS / w);
        sum[c] += gray;
        count[c]++;
      }
    }
    int[] cells = new int[COLUMNS * ROWS];
    for (int i = 0; i < cells.length; i++) {
      cells[i] = count[i] == 0 ? 0 : (int) Math.round((double) sum[i] / count[i]);
    }
    return new FrameFingerprint(w, h, cells);
  }

  /** Whether {@code other} shows the same screen (see the class comment). */
  public boolean sameScreen(FrameFingerprint other) {
    if (other == null || other.width != width || other.height != height) {
      return false;
    }
    for (int i = 0; i < cells.length; i++) {
      if (Math.abs(cells[i] - other.cells[i]) > MAX_CELL_CHANGE) {
        return false;
      }
    }
    return true;
  }
}
