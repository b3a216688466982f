package dev.deskpilot.perception;

/**
 * An axis-aligned box in some pixel space (which one is said by whoever holds it).
 *
 * @param x left edge, inclusive
 * @param y top edge, inclusive
 * @param width at least 0
 * @param height at least 0
 */
public record Rect(int x, int y, int width, int height) {
  public Rect {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative size " + width + "x" + height);
    }
  }

  public static Rect ofCorners(int left, int top, int right, int bottom) {
    return new Rect(left, top, Math.max(0, right - left), Math.max(0, bottom - top));
  }

  public int right() {
    return x + width;
  }

  public int bottom() {
    return y + height;
  }

  public Point center() {
    return new Point(x + width / 2, y + height / 2);
  }

  public long area() {
    return (long) width * height;
  }

  public boolean contains(Point p) {
    return p.x() >= x && p.x() < right() && p.y() >= y && p.y() < bottom();
  }

  public Rect union(Rect o) {
    return ofCorners(
        Math.min(x, o.x), Math.min(y, o.y), Math.max(right(), o.right()), Math.max(bottom(), o.bottom()));
  }

  public Rect intersection(Rect o) {
    int l = Math.max(x, o.x), t = Math.max(y, o.y);
    int r = Math.min(right(), o.right()), b = Math.min(bottom(), o.bottom());
    return r <= l || b <= t ? new Rect(l, t, 0, 0) : ofCorners(l, t, r, b);
  }

  /** Intersection over union, 0 when either box is empty. */
  public double iou(Rect o) {
    long inter = intersection(o).area();
    long uni = area() + o.area() - inter;
    return uni == 0 ? 0 : (double) inter / uni;
  }

  @Override
  public String toString() {
    return "(" + x + "," + y + " " + width + "x" + height + ")";
  }
}
