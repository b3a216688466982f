package dev.deskpilot.perception.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts images to 8-bit gray, one byte per pixel, rows packed ({@code bytesPerLine == width}),
 * into a direct buffer that is reused while images keep fitting. Not thread-safe.
 *
 * <p>Packed-int images ({@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB}, {@code TYPE_INT_BGR}: what
 * {@code Robot} and most captures give) are read straight from their raster, row by row; other
 * types go through {@link BufferedImage#getRGB(int, int, int, int, int[], int, int)}. Gray is
 * {@code (77 R + 150 G + 29 B) / 256} (Rec. 601 luma); alpha is ignored.
 */
public final class GrayBuffer {
  private final int polarityRadius;
  private final int polarityThreshold;
  private long[] integral = new long[0];
  private ByteBuffer buffer = ByteBuffer.allocateDirect(0);
  private int[] row = new int[0];
  private byte[] grayRow = new byte[0];

  /** A buffer that only converts to gray. */
  public GrayBuffer() {
    this(0, 0);
  }

  /**
   * A buffer that also turns dark regions light (see {@link #fill}).
   *
   * @param darkRadius half the side of the square whose mean decides; 0 turns this off
   * @param darkThreshold a pixel is inverted when its square's mean gray is under this (0..255)
   */
  public GrayBuffer(int darkRadius, int darkThreshold) {
    if (darkRadius < 0 || darkThreshold < 0 || darkThreshold > 255) {
      throw new IllegalArgumentException(
          "darkRadius must be >= 0 and darkThreshold 0..255, were " + darkRadius + ", " + darkThreshold);
    }
    this.polarityRadius = darkRadius;
    this.polarityThreshold = darkThreshold;
  }

  /**
   * Fills the buffer with the gray pixels of {@code image}; when built with a dark radius, pixels in
   * dark neighbourhoods are then inverted (light text on dark becomes dark on light).
   *
   * @return the buffer, position 0, limit {@code width * height}; valid until the next call
   */
  public ByteBuffer fill(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int size = Math.multiplyExact(w, h);
    if (buffer.capacity() < size) {
      buffer = ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
    if (row.length < w) {
      row = new int[w];
      grayRow = new byte[w];
    }
    buffer.clear();
    Raster raster = image.getRaster();
    if (raster.getSampleModel() instanceof SinglePixelPackedSampleModel packed
        && raster.getTransferType() == DataBuffer.TYPE_INT
        && packed.getNumBands() >= 3
        && packed.getSampleSize(0) == 8
        && packed.getSampleSize(1) == 8
        && packed.getSampleSize(2) == 8) {
      fillPacked(raster, packed, w, h);
    } else if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      for (int y = 0; y < h; y++) {
        raster.getDataElements(0, y, w, 1, grayRow);
        buffer.put(grayRow, 0, w);
      }
    } else {
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0; x < w; x++) {
          int p = row[x];
          grayRow[x] = luma((p >>> 16) & 0xff, (p >>> 8) & 0xff, p & 0xff);
        }
        buffer.put(grayRow, 0, w);
      }
    }
    buffer.flip();
    if (polarityRadius > 0) {
      lightenDarkRegions(w, h);
    }
    return buffer;
  }

  /**
   * Inverts pixels whose neighbourhood (a square of side {@code 2 * polarityRadius + 1}) averages
   * under {@code polarityThreshold}, so light text on dark backgrounds (terminals, dark themes,
   * selections) becomes dark text on light, the polarity Tesseract reads best. Light regions are
   * left as they are. The threshold sits well under mid-gray so that light windows next to a dark
   * desktop are not inverted along their edges.
   */
  private void lightenDarkRegions(int w, int h) {
    int stride = w + 1;
    int size = stride * (h + 1);
    if (integral.length < size) {
      integral = new long[size];
    }
    for (int x = 0; x <= w; x++) {
      integral[x] = 0;
    }
    for (int y = 0; y < h; y++) {
      long rowSum = 0;
      int base = y * w;
      int out = (y + 1) * stride;
      integral[out] = 0;
      for (int x = 0; x < w; x++) {
        rowSum += buffer.get(base + x) & 0xff;
        integral[out + x + 1] = integral[out - stride + x + 1] + rowSum;
      }
    }
    int r = polarityRadius;
    for (int y = 0; y < h; y++) {
      int top = Math.max(0, y - r);
      int bottom = Math.min(h, y + r + 1);
      int base = y * w;
      for (int x = 0; x < w; x++) {
        int left = Math.max(0, x - r);
        int right = Math.min(w, x + r + 1);
        long sum =
            integral[bottom * stride + right]
                - integral[top * stride + right]
                - integral[bottom * stride + left]
                + integral[top * stride + left];
        long area = (long) (bottom - top) * (right - left);
        if (sum < polarityThreshold * area) {
          buffer.put(base + x, (byte) (255 - (buffer.get(base + x) & 0xff)));
        }
      }
    }
  }

  private void fillPacked(Raster raster, SinglePixelPackedSampleModel packed, int w, int h) {
    int[] offsets = packed.getBitOffsets();
    int rShift = offsets[0];
    int gShift = offsets[1];
    int bShift = offsets[2];
    for (int y = 0; y < h; y++) {
      raster.getDataElements(0, y, w, 1, row);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        grayRow[x] = luma((p >>> rShift) & 0xff, (p >>> gShift) & 0xff, (p >>> bShift) & 0xff);
      }
      buffer.put(grayRow, 0, w);
    }
  }

  private static byte luma(int r, int g, int b) {
    return (byte) ((77 * r + 150 * g + 29 * b) >>> 8);
  }
}
