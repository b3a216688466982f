package dev.deskpilot.tasks.report;

import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/** Small inline SVG charts (no libraries): stacked bars per step, a score line over runs. */
final class Charts {
  private Charts() {}

  /** One stacked series: a value per bar. */
  record Series(String name, String cssClass, double[] values) {}

  /**
   * Stacked vertical bars, one per label, with a legend and a tooltip per bar.
   *
   * @param format how a value is written (axis and tooltips)
   */
  static String stackedBars(String title, List<String> labels, List<Series> series, DoubleFunction<String> format) {
    int n = labels.size();
    double max = 0;
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (Series s : series) {
        sum += s.values()[i];
      }
      max = Math.max(max, sum);
    }
    double top = niceCeiling(max);
    int w = 360;
    int h = 120;
    int left = 44;
    int right = 6;
    int topPad = 8;
    int bottom = 18;
    double plotW = w - left - right;
    double plotH = h - topPad - bottom;
    double slot = plotW / Math.max(1, n);
    double bar = Math.max(2, Math.min(28, slot * 0.7));
    StringBuilder b = new StringBuilder();
    b.append("<figure class=\"chart\"><figcaption>").append(Html.text(title)).append("<span class=\"legend\">");
    for (Series s : series) {
      b.append("<span class=\"key ").append(s.cssClass()).append("\"></span>").append(Html.text(s.name())).append(' ');
    }
    b.append("</span></figcaption>");
    b.append("<svg class=\"bars\" viewBox=\"0 0 ").append(w).append(' ').append(h)
        .append("\" role=\"img\" aria-label=\"").append(Html.attr(title)).append("\">");
    // grid: 0, half, top
    for (int k = 0; k <= 2; k++) {
      double v = top * k / 2;
      double y = topPad + plotH - plotH * k / 2;
      b.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(w - right)
          .append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y)).append("\"/>");
      b.append("<text class=\"axis\" x=\"").append(left - 4).append("\" y=\"").append(f(y + 3))
          .append("\" text-anchor=\"end\">").append(Html.text(format.apply(v))).append("</text>");
    }
    int labelEvery = Math.max(1, (int) Math.ceil(n / 12.0));
    for (int i = 0; i < n; i++) {
      double x = left + slot * i + (slot - bar) / 2;
      double y = topPad + plotH;
      StringBuilder tip = new StringBuilder(labels.get(i));
      double sum = 0;
      for (Series s : series) {
        double v = s.values()[i];
        sum += v;
        tip.append("\n").append(s.name()).append(": ").append(format.apply(v));
        if (v <= 0 || top <= 0) {
          continue;
        }
        double bh = plotH * v / top;
        y -= bh;
        b.append("<rect class=\"").append(s.cssClass()).append("\" x=\"").append(f(x)).append("\" y=\"").append(f(y))
            .append("\" width=\"").append(f(bar)).append("\" height=\"").append(f(bh)).append("\"/>");
      }
      if (series.size() > 1) {
        tip.append("\ntotal: ").append(format.apply(sum));
      }
      // A transparent full-height target carries the tooltip.
      b.append("<rect class=\"hit\" x=\"").append(f(left + slot * i)).append("\" y=\"").append(topPad)
          .append("\" width=\"").append(f(slot)).append("\" height=\"").append(f(plotH)).append("\"><title>")
          .append(Html.text(tip.toString())).append("</title></rect>");
      if (i % labelEvery == 0) {
        b.append("<text class=\"axis\" x=\"").append(f(left + slot * i + slot / 2)).append("\" y=\"").append(h - 5)
            .append("\" text-anchor=\"middle\">").append(Html.text(labels.get(i))).append("</text>");
      }
    }
    b.append("</svg></figure>");
    return b.toString();
  }

  /** A point of a score line: its label (under the axis), tooltip and score 0..1. */
  record Point(String label, String tooltip, double score) {}

  /** Scores (0..1, drawn as %) over runs in time order. */
  static String scoreLine(List<Point> points) {
    int w = 1300;
    int h = 260;
    int left = 56;
    int right = 90;
    int top = 30;
    int bottom = 40;
    double plotW = w - left - right;
    double plotH = h - top - bottom;
    int n = points.size();
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"line\" viewBox=\"0 0 ").append(w).append(' ').append(h)
        .append("\" role=\"img\" aria-label=\"score over runs\">");
    for (int k = 0; k <= 4; k++) {
      double y = top + plotH - plotH * k / 4;
      b.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"")
          .append(f(y)).append("\" y2=\"").append(f(y)).append("\"/>");
      b.append("<text class=\"axis\" x=\"").append(left - 6).append("\" y=\"").append(f(y + 4))
          .append("\" text-anchor=\"end\">").append(k * 25).append("%</text>");
    }
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < n; i++) {
      double x = xAt(i, n, left, plotW);
      double y = top + plotH - plotH * clamp(points.get(i).score());
      path.append(i == 0 ? "M" : " L").append(f(x)).append(' ').append(f(y));
    }
    b.append("<path class=\"trend\" d=\"").append(path).append("\"/>");
    for (int i = 0; i < n; i++) {
      Point p = points.get(i);
      double x = xAt(i, n, left, plotW);
      double y = top + plotH - plotH * clamp(p.score());
      b.append("<circle class=\"pt\" cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"5\"><title>")
          .append(Html.text(p.tooltip())).append("</title></circle>");
      b.append("<text class=\"value\" x=\"").append(f(x)).append("\" y=\"").append(f(y - 10))
          .append("\" text-anchor=\"middle\">").append(pct(p.score())).append("</text>");
      b.append("<text class=\"axis\" x=\"").append(f(x)).append("\" y=\"").append(h - bottom + 18)
          .append("\" text-anchor=\"middle\">").append(Html.text(shorten(p.label(), 28))).append("</text>");
    }
    b.append("</svg>");
    return b.toString();
  }

  /** Points sit in the middle of equal slots, so first and last labels have room. */
  private static double xAt(int i, int n, int left, double plotW) {
    return left + plotW * (i + 0.5) / n;
  }

  static String pct(double v) {
    double p = v * 100;
    return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  /** 1, 2, 2.5, 5 x 10^k at or above v (v > 0), else 1. */
  static double niceCeiling(double v) {
    if (!(v > 0)) {
      return 1;
    }
    double exp = Math.pow(10, Math.floor(Math.log10(v)));
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * exp >= v) {
        return m * exp;
      }
    }
    return 10 * exp;
  }

  static String f(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
