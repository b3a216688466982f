package dev.deskpilot.perception.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;

/**
 * The pixels of one frame as packed {@code 0xRRGGBB} ints, row after row ({@code data[offset + y *
 * stride + x]}). Images that already hold such ints ({@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB},
 * what Robot and most captures give) are used in place, without a copy; other images are converted
 * once. The alpha byte is cleared on conversion and ignored by every reader of these pixels except
 * {@link TileDiff}, which compares whole ints: a frame of the same image type compares equal exactly
 * when its colours are equal.
 *
 * @param data the ints; must not be modified
 * @param offset index of pixel (0, 0)
 * @param stride ints per row
 */
public record FramePixels(int[] data, int offset, int stride, int width, int height) {

  /** The pixels of {@code image}: its own int array when it has one, else a converted copy. */
  public static FramePixels of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Raster raster = image.getRaster();
    int type = image.getType();
    if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
        && raster.getDataBuffer() instanceof DataBufferInt ints
        && ints.getNumBanks() == 1
        && raster.getSampleModel() instanceof SinglePixelPackedSampleModel packed) {
      int offset =
          ints.getOffset()
              + (raster.getMinY() - raster.getSampleModelTranslateY()) * packed.getScanlineStride()
              + (raster.getMinX() - raster.getSampleModelTranslateX());
      return new FramePixels(ints.getData(), offset, packed.getScanlineStride(), w, h);
    }
    int[] data = new int[Math.multiplyExact(w, h)];
    image.getRGB(0, 0, w, h, data, 0, w);
    for (int i = 0; i < data.length; i++) {
      data[i] &= 0xffffff;
    }
    return new FramePixels(data, 0, w, w, h);
  }

  /** The int of pixel (x, y). */
  public int at(int x, int y) {
    return data[offset + y * stride + x];
  }

  /** Index of the first pixel of row {@code y}. */
  public int rowStart(int y) {
    return offset + y * stride;
  }
}
