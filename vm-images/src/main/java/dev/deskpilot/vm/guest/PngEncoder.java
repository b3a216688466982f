package dev.deskpilot.vm.guest;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;

/**
 * Encodes screenshots as PNG quickly: 8-bit RGB, the "Sub" filter on every row and the fastest
 * deflate level, reading {@code TYPE_INT_RGB} pixels straight from their array (what Robot
 * captures). About 3x faster than ImageIO's writer on a 1920x1080 screen; other image types go
 * through ImageIO.
 */
final class PngEncoder {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

  private PngEncoder() {}

  static byte[] encode(BufferedImage image) throws IOException {
    if (image.getType() != BufferedImage.TYPE_INT_RGB
        || !(image.getRaster().getDataBuffer() instanceof DataBufferInt buffer)
        || !(image.getSampleModel() instanceof SinglePixelPackedSampleModel model)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int stride = model.getScanlineStride();
    int offset = buffer.getOffset() - image.getRaster().getSampleModelTranslateY() * stride
        - image.getRaster().getSampleModelTranslateX();
    int[] pixels = buffer.getData();

    ByteArrayOutputStream idat = new ByteArrayOutputStream(w * h / 8 + 1024);
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 64 * 1024)) {
      byte[] row = new byte[1 + 3 * w];
      row[0] = 1; // filter type Sub: each byte minus the same channel of the pixel to its left
      for (int y = 0; y < h; y++) {
        int base = offset + y * stride;
        int pr = 0;
        int pg = 0;
        int pb = 0;
        for (int x = 0, i = 1; x < w; x++, i += 3) {
          int p = pixels[base + x];
          int r = (p >> 16) & 0xff;
          int g = (p >> 8) & 0xff;
          int b = p & 0xff;
          row[i] = (byte) (r - pr);
          row[i + 1] = (byte) (g - pg);
          row[i + 2] = (byte) (b - pb);
          pr = r;
          pg = g;
          pb = b;
        }
        z.write(row);
      }
    } finally {
      deflater.end();
    }

    ByteArrayOutputStream png = new ByteArrayOutputStream(idat.size() + 128);
    png.write(SIGNATURE);
    ByteBuffer header = ByteBuffer.allocate(13).putInt(w).putInt(h);
    header.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0); // 8-bit RGB
    chunk(png, "IHDR", header.array());
    chunk(png, "IDAT", idat.toByteArray());
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(typeBytes);
    out.write(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }
}
