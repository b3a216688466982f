package dev.deskpilot.tasks.report;

import java.util.List;

/**
 * What a step's actions look like: an SVG layer over its screenshot (click rings at the click
 * point, drag and scroll arrows), captions for typed text and keys, and the action list's HTML.
 * The SVG's view box is the screen the coordinates refer to, so the marks land where the actions
 * went at any display size.
 */
final class Marks {
  private Marks() {}

  /** The overlay for a step's actions on a screen of {@code w x h}; empty when nothing is drawn. */
  static String svg(List<ShownAction> actions, int w, int h) {
    if (actions.stream().noneMatch(ShownAction::isMark)) {
      return "";
    }
    boolean number = actions.size() > 1;
    double r = Math.max(w, h) / 50.0;
    StringBuilder b = new StringBuilder();
    b.append("<svg class=\"marks\" viewBox=\"0 0 ").append(w).append(' ').append(h)
        .append("\" preserveAspectRatio=\"none\" aria-hidden=\"true\">");
    for (int i = 0; i < actions.size(); i++) {
      ShownAction a = actions.get(i);
      String tip = "<title>" + Html.text((number ? (i + 1) + ". " : "") + a.describe()) + "</title>";
      switch (a) {
        case ShownAction.Click c -> {
          String kind = c.button().equals("RIGHT") ? " right" : c.button().equals("MIDDLE") ? " middle" : "";
          b.append("<g class=\"mark click").append(kind).append("\" data-action=\"").append(i + 1).append("\">").append(tip);
          ring(b, c.x(), c.y(), r);
          if (c.count() >= 2) {
            ring(b, c.x(), c.y(), r * 1.55);
          }
          if (c.count() >= 3) {
            ring(b, c.x(), c.y(), r * 2.1);
          }
          b.append("<circle class=\"dot\" cx=\"").append(f(c.x())).append("\" cy=\"").append(f(c.y())).append("\" r=\"")
              .append(f(r * 0.2)).append("\"/>");
          label(b, number, i, c.x() + r * 1.1, c.y() - r * 1.1, r, w, h);
          b.append("</g>");
        }
        case ShownAction.Move m -> {
          b.append("<g class=\"mark move\" data-action=\"").append(i + 1).append("\">").append(tip);
          b.append("<circle class=\"halo dashed\" cx=\"").append(f(m.x())).append("\" cy=\"").append(f(m.y())).append("\" r=\"")
              .append(f(r * 0.8)).append("\"/><circle class=\"ring dashed\" cx=\"").append(f(m.x())).append("\" cy=\"")
              .append(f(m.y())).append("\" r=\"").append(f(r * 0.8)).append("\"/>");
          label(b, number, i, m.x() + r, m.y() - r, r, w, h);
          b.append("</g>");
        }
        case ShownAction.Drag d -> {
          b.append("<g class=\"mark drag\" data-action=\"").append(i + 1).append("\">").append(tip);
          if (d.fromKnown()) {
            arrow(b, d.fromX(), d.fromY(), d.toX(), d.toY(), r);
            b.append("<circle class=\"dot\" cx=\"").append(f(d.fromX())).append("\" cy=\"").append(f(d.fromY()))
                .append("\" r=\"").append(f(r * 0.35)).append("\"/>");
          } else {
            ring(b, d.toX(), d.toY(), r * 0.8);
          }
          label(b, number, i, d.toX() + r, d.toY() - r, r, w, h);
          b.append("</g>");
        }
        case ShownAction.Scroll s -> {
          b.append("<g class=\"mark scroll\" data-action=\"").append(i + 1).append("\">").append(tip);
          double len = r * (1.4 + 0.5 * Math.min(8, Math.max(Math.abs(s.dx()), Math.abs(s.dy()))));
          double ux = Integer.signum(s.dx());
          double uy = Integer.signum(s.dy());
          double norm = Math.hypot(ux, uy);
          b.append("<circle class=\"dot\" cx=\"").append(f(s.x())).append("\" cy=\"").append(f(s.y())).append("\" r=\"")
              .append(f(r * 0.3)).append("\"/>");
          arrow(b, s.x(), s.y(), s.x() + ux / norm * len, s.y() + uy / norm * len, r);
          int notches = Math.max(Math.abs(s.dx()), Math.abs(s.dy()));
          b.append("<text class=\"badge-text\" x=\"").append(f(s.x() + r * 0.9)).append("\" y=\"").append(f(s.y() - r * 0.6))
              .append("\" font-size=\"").append(f(r * 0.9)).append("\">\u00d7").append(notches).append("</text>");
          label(b, number, i, s.x() - r * 1.4, s.y() - r * 1.2, r, w, h);
          b.append("</g>");
        }
        default -> {
          // Captions, not marks.
        }
      }
    }
    b.append("</svg>");
    return b.toString();
  }

  private static void ring(StringBuilder b, double x, double y, double r) {
    b.append("<circle class=\"halo\" cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"").append(f(r))
        .append("\"/><circle class=\"ring\" cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"").append(f(r))
        .append("\"/>");
  }

  private static void arrow(StringBuilder b, double x1, double y1, double x2, double y2, double r) {
    double ang = Math.atan2(y2 - y1, x2 - x1);
    double head = r * 0.9;
    double bx = x2 - Math.cos(ang) * head * 0.8;
    double by = y2 - Math.sin(ang) * head * 0.8;
    String line = "x1=\"" + f(x1) + "\" y1=\"" + f(y1) + "\" x2=\"" + f(bx) + "\" y2=\"" + f(by) + "\"";
    b.append("<line class=\"halo\" ").append(line).append("/><line class=\"ring\" ").append(line).append("/>");
    double lx = x2 - Math.cos(ang - 0.45) * head;
    double ly = y2 - Math.sin(ang - 0.45) * head;
    double rx = x2 - Math.cos(ang + 0.45) * head;
    double ry = y2 - Math.sin(ang + 0.45) * head;
    b.append("<polygon class=\"head\" points=\"").append(f(x2)).append(',').append(f(y2)).append(' ').append(f(lx)).append(',')
        .append(f(ly)).append(' ').append(f(rx)).append(',').append(f(ry)).append("\"/>");
  }

  private static void label(StringBuilder b, boolean number, int i, double x0, double y0, double r, int w, int h) {
    if (!number) {
      return;
    }
    // kept inside the screen: a click at an edge still shows its number
    double x = Math.min(w - r * 0.7, Math.max(r * 0.7, x0));
    double y = Math.min(h - r * 0.7, Math.max(r * 0.7, y0));
    b.append("<circle class=\"num-bg\" cx=\"").append(f(x)).append("\" cy=\"").append(f(y)).append("\" r=\"").append(f(r * 0.6))
        .append("\"/><text class=\"num\" x=\"").append(f(x)).append("\" y=\"").append(f(y + r * 0.28)).append("\" font-size=\"")
        .append(f(r * 0.8)).append("\" text-anchor=\"middle\">").append(i + 1).append("</text>");
  }

  /** Captions over the bottom of the screenshot for typed text, keys and the ending actions. */
  static String captions(List<ShownAction> actions) {
    StringBuilder b = new StringBuilder();
    boolean number = actions.size() > 1;
    for (int i = 0; i < actions.size(); i++) {
      ShownAction a = actions.get(i);
      String inner = switch (a) {
        case ShownAction.TypeText t -> "<span class=\"ic\">type</span><span class=\"typed\">" + typed(t.text(), 140) + "</span>";
        case ShownAction.Keys k -> "<span class=\"ic\">keys</span>" + keys(k.keys());
        case ShownAction.Wait w -> "<span class=\"ic\">wait</span>" + Html.text(w.seconds()) + " s";
        case ShownAction.Done d -> "<span class=\"ic done\">done</span>";
        case ShownAction.Fail f -> "<span class=\"ic fail\">fail</span>" + Html.text(Charts.shorten(f.reason(), 140));
        case ShownAction.Other o -> "<span class=\"ic\">action</span><code>" + Html.text(Charts.shorten(o.text(), 140)) + "</code>";
        default -> null;
      };
      if (inner != null) {
        b.append("<div class=\"cap\">").append(number ? "<span class=\"capn\">" + (i + 1) + "</span>" : "").append(inner).append("</div>");
      }
    }
    return b.isEmpty() ? "" : "<figcaption class=\"caps\">" + b + "</figcaption>";
  }

  /** One action in the step's action list. */
  static String actionHtml(ShownAction a) {
    return switch (a) {
      case ShownAction.TypeText t -> "<span class=\"verb\">type</span> <span class=\"typed\">" + typed(t.text(), 4000) + "</span>";
      case ShownAction.Keys k -> "<span class=\"verb\">press</span> " + keys(k.keys());
      case ShownAction.Done d -> "<span class=\"verb done\">done</span>";
      case ShownAction.Fail f -> "<span class=\"verb fail\">fail</span> " + Html.text(f.reason());
      case ShownAction.Other o -> "<span class=\"verb\">action</span> <code>" + Html.text(o.text()) + "</code>";
      default -> "<span class=\"verb\">" + Html.text(a.describe()) + "</span>";
    };
  }

  /** Typed text with newlines and tabs made visible. */
  private static String typed(String text, int max) {
    String shown = Charts.shorten(text, max);
    return Html.text(shown).replace("\n", "<span class=\"ws\">\u21b5</span>").replace("\t", "<span class=\"ws\">\u21e5</span>");
  }

  private static String keys(List<String> keys) {
    StringBuilder b = new StringBuilder("<span class=\"chord\">");
    for (int i = 0; i < keys.size(); i++) {
      b.append(i == 0 ? "" : "<span class=\"plus\">+</span>").append("<kbd>").append(Html.text(keys.get(i))).append("</kbd>");
    }
    return b.append("</span>").toString();
  }

  private static String f(double v) {
    return Charts.f(v);
  }
}
