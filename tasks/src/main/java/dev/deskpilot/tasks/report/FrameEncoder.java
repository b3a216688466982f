package dev.deskpilot.tasks.report;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Turns a step's PNG into data URIs: a thumbnail (at most {@code thumbnailWidth} wide) and
 * optionally the full-size image, each as JPEG or PNG, whichever is smaller (flat desktop screens
 * are often smaller as PNG). Stateless; safe from several threads.
 */
final class FrameEncoder {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

  /**
   * An encoded frame.
   *
   * @param width the original's width in pixels
   * @param height the original's height
   * @param full the full-size data URI when asked for
   */
  record Encoded(String thumbnail, int thumbWidth, int thumbHeight, int width, int height, Optional<String> full) {}

  private final int thumbnailWidth;

  FrameEncoder(int thumbnailWidth) {
    if (thumbnailWidth < 64 || thumbnailWidth > 4096) {
      throw new IllegalArgumentException("thumbnail width must be 64..4096 pixels, was " + thumbnailWidth);
    }
    this.thumbnailWidth = thumbnailWidth;
  }

  /** Reads and encodes a PNG; {@link IOException} when it cannot be read as an image. */
  Encoded encode(Path png, boolean withFull) throws IOException {
    byte[] original = Files.readAllBytes(png);
    BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(original));
    if (image == null) {
      throw new IOException("not an image ImageIO can read");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int[] px = rgb(image);
    int tw = Math.min(w, thumbnailWidth);
    int th = (int) Math.max(1, Math.round((double) h * tw / w));
    BufferedImage thumb = wrap(tw == w ? px : scale(px, w, h, tw, th), tw, th);
    String thumbUri = smaller(encodeJpeg(thumb, 0.82f), encodePng(thumb));
    Optional<String> full = Optional.empty();
    if (withFull) {
      boolean isPng = startsWith(original, PNG_MAGIC);
      // Flat desktop screens compress well as PNG: keep the original unless it is large.
      if (isPng && original.length <= SMALL_PNG) {
        full = Optional.of(uri("image/png", original));
      } else {
        BufferedImage all = wrap(px, w, h);
        full = Optional.of(smaller(encodeJpeg(all, 0.88f), isPng ? original : encodePng(all)));
      }
    }
    return new Encoded(thumbUri, tw, th, w, h, full);
  }

  /** A full-size PNG up to this size is embedded as it is. */
  private static final int SMALL_PNG = 300_000;

  private static String smaller(byte[] jpeg, byte[] png) {
    return jpeg.length < png.length ? uri("image/jpeg", jpeg) : uri("image/png", png);
  }

  private static String uri(String mime, byte[] bytes) {
    return "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes);
  }

  /**
   * The image's pixels as opaque 0xRRGGBB (alpha blended onto white), read straight from the
   * common rasters PNG decoding gives; other kinds go through {@link BufferedImage#getRGB}. No AWT
   * graphics environment is touched, so it works without a display even when {@code DISPLAY}
   * names one that is gone.
   */
  static int[] rgb(BufferedImage in) {
    int w = in.getWidth();
    int h = in.getHeight();
    int n = w * h;
    int[] px = new int[n];
    var buffer = in.getRaster().getDataBuffer();
    boolean plain = in.getRaster().getMinX() == 0 && in.getRaster().getMinY() == 0
        && in.getRaster().getSampleModelTranslateX() == 0 && in.getRaster().getSampleModelTranslateY() == 0;
    if (plain && buffer instanceof DataBufferByte bytes && bytes.getNumBanks() == 1
        && (in.getType() == BufferedImage.TYPE_3BYTE_BGR || in.getType() == BufferedImage.TYPE_4BYTE_ABGR)
        && bytes.getData().length >= n * (in.getType() == BufferedImage.TYPE_3BYTE_BGR ? 3 : 4)) {
      byte[] d = bytes.getData();
      if (in.getType() == BufferedImage.TYPE_3BYTE_BGR) {
        for (int i = 0, j = 0; i < n; i++, j += 3) {
          px[i] = (d[j + 2] & 255) << 16 | (d[j + 1] & 255) << 8 | (d[j] & 255);
        }
      } else {
        for (int i = 0, j = 0; i < n; i++, j += 4) {
          px[i] = onWhite(d[j] & 255, d[j + 3] & 255, d[j + 2] & 255, d[j + 1] & 255);
        }
      }
      return px;
    }
    if (plain && buffer instanceof DataBufferInt ints && ints.getNumBanks() == 1 && ints.getData().length >= n
        && (in.getType() == BufferedImage.TYPE_INT_RGB || in.getType() == BufferedImage.TYPE_INT_ARGB)) {
      int[] d = ints.getData();
      for (int i = 0; i < n; i++) {
        int p = d[i];
        px[i] = in.getType() == BufferedImage.TYPE_INT_RGB ? p & 0xffffff : onWhite(p >>> 24, p >> 16 & 255, p >> 8 & 255, p & 255);
      }
      return px;
    }
    in.getRGB(0, 0, w, h, px, 0, w);
    boolean alpha = in.getColorModel().hasAlpha();
    for (int i = 0; i < n; i++) {
      int p = px[i];
      px[i] = alpha ? onWhite(p >>> 24, p >> 16 & 255, p >> 8 & 255, p & 255) : p & 0xffffff;
    }
    return px;
  }

  private static int onWhite(int a, int r, int g, int b) {
    if (a == 255) {
      return r << 16 | g << 8 | b;
    }
    int k = 255 - a;
    return (r * a + 255 * k) / 255 << 16 | (g * a + 255 * k) / 255 << 8 | (b * a + 255 * k) / 255;
  }

  /** An RGB image over the pixel array (no copy). */
  static BufferedImage wrap(int[] px, int w, int h) {
    int[] masks = {0xff0000, 0xff00, 0xff};
    WritableRaster raster = Raster.createPackedRaster(new DataBufferInt(px, px.length), w, h, w, masks, null);
    return new BufferedImage(new DirectColorModel(24, masks[0], masks[1], masks[2]), raster, false, null);
  }

  /**
   * Scales {@code sw x sh} pixels down to {@code dw x dh} by area averaging (each target pixel is
   * the mean of the source area it covers): text stays legible without aliasing.
   */
  static int[] scale(int[] src, int sw, int sh, int dw, int dh) {
    // horizontal pass: sw x sh -> dw x sh, channels as floats
    float[] mid = new float[dw * sh * 3];
    double fx = (double) sw / dw;
    for (int x = 0; x < dw; x++) {
      double x0 = x * fx;
      double x1 = x0 + fx;
      for (int sx = (int) x0; sx < Math.min(sw, (int) Math.ceil(x1)); sx++) {
        float wgt = (float) ((Math.min(x1, sx + 1) - Math.max(x0, sx)) / fx);
        if (wgt <= 0) {
          continue;
        }
        for (int y = 0, si = sx, o = x * 3; y < sh; y++, si += sw, o += dw * 3) {
          int p = src[si];
          mid[o] += wgt * (p >> 16 & 255);
          mid[o + 1] += wgt * (p >> 8 & 255);
          mid[o + 2] += wgt * (p & 255);
        }
      }
    }
    // vertical pass: dw x sh -> dw x dh
    float[] acc = new float[dw * dh * 3];
    double fy = (double) sh / dh;
    int row = dw * 3;
    for (int y = 0; y < dh; y++) {
      double y0 = y * fy;
      double y1 = y0 + fy;
      for (int sy = (int) y0; sy < Math.min(sh, (int) Math.ceil(y1)); sy++) {
        float wgt = (float) ((Math.min(y1, sy + 1) - Math.max(y0, sy)) / fy);
        if (wgt <= 0) {
          continue;
        }
        for (int k = 0, i = sy * row, o = y * row; k < row; k++) {
          acc[o + k] += wgt * mid[i + k];
        }
      }
    }
    int[] dst = new int[dw * dh];
    for (int i = 0; i < dst.length; i++) {
      dst[i] = channel(acc[i * 3]) << 16 | channel(acc[i * 3 + 1]) << 8 | channel(acc[i * 3 + 2]);
    }
    return dst;
  }

  private static int channel(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }

  private static byte[] encodeJpeg(BufferedImage img, float quality) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(img, null, null), p);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static byte[] encodePng(BufferedImage img) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    if (!ImageIO.write(img, "png", bytes)) {
      throw new IOException("no PNG writer for image type " + img.getType());
    }
    return bytes.toByteArray();
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
