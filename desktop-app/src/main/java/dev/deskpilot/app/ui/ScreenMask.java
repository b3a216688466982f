package dev.deskpilot.app.ui;

import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.Screenshot;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Blanks the app's own windows out of a screenshot of this desktop, so that perception and the
 * model never read (or click) Deskpilot itself. Rectangles are in screen coordinates.
 */
final class ScreenMask {
  /** The fill of masked areas: a flat mid gray that OCR reads as nothing. */
  static final Color FILL = new Color(0x3a, 0x3f, 0x47);

  private ScreenMask() {}

  /**
   * A copy of {@code shot} with every rectangle painted over; the same screenshot when there is
   * nothing to mask on it.
   */
  static Screenshot apply(Screenshot shot, List<Rect> screenRects) {
    List<Rect> onImage = screenRects.stream().map(r -> toImage(shot, r)).filter(r -> r.area() > 0).toList();
    if (onImage.isEmpty()) {
      return shot;
    }
    BufferedImage src = shot.image();
    BufferedImage copy = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = copy.createGraphics();
    try {
      g.drawImage(src, 0, 0, null);
      g.setColor(FILL);
      for (Rect r : onImage) {
        g.fillRect(r.x(), r.y(), r.width(), r.height());
      }
    } finally {
      g.dispose();
    }
    return new Screenshot(copy, shot.mapping(), shot.capturedAt());
  }

  /** A screen rectangle in the screenshot's pixels, clipped to the image. */
  static Rect toImage(Screenshot shot, Rect screen) {
    Point a = shot.mapping().toImage(new Point(screen.x(), screen.y()));
    Point b = shot.mapping().toImage(new Point(screen.right(), screen.bottom()));
    Rect r = Rect.ofCorners(a.x(), a.y(), b.x(), b.y());
    return r.intersection(new Rect(0, 0, shot.width(), shot.height()));
  }

  /** Whether a screen point lies on one of the rectangles. */
  static boolean covers(List<Rect> screenRects, Point p) {
    return screenRects.stream().anyMatch(r -> r.contains(p));
  }
}
