package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.Rect;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/** Finds a template in a screenshot by normalised cross-correlation of gray pixels (OpenCV). */
public final class TemplateMatch {
  private TemplateMatch() {}

  /** A place and its correlation score. */
  public record Hit(Rect box, double score) {}

  /**
   * The places scoring at least {@code minScore}, best first, each the best of its neighbourhood
   * (no two hits overlap by more than half the template).
   */
  public static List<Hit> find(BufferedImage screen, BufferedImage template, double minScore, int max) {
    int sw = screen.getWidth();
    int sh = screen.getHeight();
    int tw = template.getWidth();
    int th = template.getHeight();
    if (tw > sw || th > sh) {
      return List.of();
    }
    List<Hit> hits = new ArrayList<>();
    try (PointerScope scope = new PointerScope()) {
      Mat s = gray(screen);
      Mat t = gray(template);
      Mat result = new Mat();
      opencv_imgproc.matchTemplate(s, t, result, opencv_imgproc.TM_CCOEFF_NORMED);
      int rw = result.cols();
      int rh = result.rows();
      FloatBuffer r = result.createBuffer();
      float[] scores = new float[rw * rh];
      r.get(0, scores);
      while (hits.size() < max) {
        int best = -1;
        float bestScore = (float) minScore;
        for (int i = 0; i < scores.length; i++) {
          if (scores[i] >= bestScore) {
            bestScore = scores[i];
            best = i;
          }
        }
        if (best < 0) {
          break;
        }
        int bx = best % rw;
        int by = best / rw;
        hits.add(new Hit(new Rect(bx, by, tw, th), bestScore));
        // Suppress the neighbourhood (half a template around the hit).
        for (int y = Math.max(0, by - th / 2); y <= Math.min(rh - 1, by + th / 2); y++) {
          for (int x = Math.max(0, bx - tw / 2); x <= Math.min(rw - 1, bx + tw / 2); x++) {
            scores[y * rw + x] = -1f;
          }
        }
      }
    }
    return hits;
  }

  private static Mat gray(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    Mat m = new Mat(h, w, opencv_core.CV_8UC1);
    ByteBuffer b = m.createBuffer();
    int[] row = new int[w];
    byte[] out = new byte[w];
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int p = row[x];
        out[x] = (byte) ((77 * ((p >>> 16) & 0xff) + 150 * ((p >>> 8) & 0xff) + 29 * (p & 0xff)) >>> 8);
      }
      b.put(y * w, out, 0, w);
    }
    return m;
  }
}
