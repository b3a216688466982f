package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.ScreenMapping;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;

/**
 * A screenshot scaled to fit, with an action drawn on it where it will happen: a target ring for
 * clicks, an arrow for drags and scrolls, a caption for typing and key presses. Points of actions
 * are screen coordinates, mapped into the picture through its {@link ScreenMapping}.
 */
final class ScreenView extends Region {
  static final Color ACCENT = Color.web("#ff6b4a");

  private final ImageView image = new ImageView();
  private final Canvas overlay = new Canvas();
  private final Label placeholder = new Label();
  private ScreenMapping mapping = ScreenMapping.IDENTITY;
  private Action action;
  private boolean denied;

  ScreenView(String emptyText) {
    getStyleClass().add("screen-view");
    image.setPreserveRatio(true);
    image.setSmooth(true);
    placeholder.setText(emptyText);
    placeholder.getStyleClass().add("screen-placeholder");
    placeholder.setWrapText(true);
    placeholder.setTextAlignment(TextAlignment.CENTER);
    getChildren().addAll(image, overlay, placeholder);
    setMinSize(160, 100);
  }

  void setEmptyText(String text) {
    placeholder.setText(text);
  }

  Image image() {
    return image.getImage();
  }

  Action action() {
    return action;
  }

  void show(Image picture, ScreenMapping mapping) {
    image.setImage(picture);
    this.mapping = mapping == null ? ScreenMapping.IDENTITY : mapping;
    placeholder.setVisible(picture == null);
    requestLayout();
    redraw();
  }

  /** Draws an action (null clears it); {@code denied} draws it crossed out. */
  void mark(Action a, boolean denied) {
    this.action = a;
    this.denied = denied;
    redraw();
  }

  @Override
  protected void layoutChildren() {
    double w = getWidth() - snappedLeftInset() - snappedRightInset();
    double h = getHeight() - snappedTopInset() - snappedBottomInset();
    double x0 = snappedLeftInset();
    double y0 = snappedTopInset();
    Image img = image.getImage();
    if (img != null && img.getWidth() > 0 && img.getHeight() > 0 && w > 0 && h > 0) {
      double s = Math.min(w / img.getWidth(), h / img.getHeight());
      double iw = Math.floor(img.getWidth() * s);
      double ih = Math.floor(img.getHeight() * s);
      image.setFitWidth(iw);
      image.setFitHeight(ih);
      double ix = x0 + Math.floor((w - iw) / 2);
      double iy = y0 + Math.floor((h - ih) / 2);
      image.relocate(ix, iy);
      overlay.relocate(ix, iy);
      overlay.setWidth(iw);
      overlay.setHeight(ih);
    } else {
      overlay.setWidth(0);
      overlay.setHeight(0);
    }
    placeholder.resizeRelocate(x0 + 24, y0, Math.max(0, w - 48), h);
    redraw();
  }

  private void redraw() {
    GraphicsContext g = overlay.getGraphicsContext2D();
    g.clearRect(0, 0, overlay.getWidth(), overlay.getHeight());
    Image img = image.getImage();
    if (action == null || img == null || overlay.getWidth() <= 0) {
      return;
    }
    double s = overlay.getWidth() / img.getWidth();
    Color c = denied ? Color.web("#e5484d") : ACCENT;
    switch (action) {
      case Action.Click k -> target(g, at(k.at(), s), c, ActionText.describe(action));
      case Action.MoveTo m -> target(g, at(m.to(), s), c, ActionText.describe(action));
      case Action.Drag d -> {
        double[] a = at(d.from(), s);
        double[] b = at(d.to(), s);
        arrow(g, a, b, c);
        target(g, a, c, null);
        caption(g, b[0], b[1] + 22, ActionText.describe(action), c);
      }
      case Action.Scroll sc -> {
        double[] a = at(sc.at(), s);
        double len = 46;
        double[] b = {a[0] + Math.signum(sc.dx()) * len, a[1] + Math.signum(sc.dy()) * len};
        target(g, a, c, null);
        arrow(g, a, b, c);
        caption(g, a[0], a[1] + 60, ActionText.describe(action), c);
      }
      case Action.TypeText t -> banner(g, ActionText.describe(action), c);
      case Action.KeyChord k -> banner(g, ActionText.describe(action), c);
      case Action.Wait w -> banner(g, ActionText.describe(action), c);
      case Action.Done d -> banner(g, "Done", Color.web("#30a46c"));
      case Action.Fail f -> banner(g, ActionText.describe(action), Color.web("#e5484d"));
      case Action.MouseDown m -> {
        if (m.at() != null) {
          target(g, at(m.at(), s), c, ActionText.describe(action));
        } else {
          banner(g, ActionText.describe(action), c);
        }
      }
      case Action.MouseUp m -> {
        if (m.at() != null) {
          target(g, at(m.at(), s), c, ActionText.describe(action));
        } else {
          banner(g, ActionText.describe(action), c);
        }
      }
      case Action.Zoom z -> {
        Point tl = mapping.toImage(new Point(z.region().x(), z.region().y()));
        g.setStroke(c);
        g.setLineWidth(2);
        g.strokeRect(tl.x() * s, tl.y() * s, z.region().width() / mapping.scale() * s, z.region().height() / mapping.scale() * s);
        banner(g, ActionText.describe(action), c);
      }
      case Action.KeyDown k -> banner(g, ActionText.describe(action), c);
      case Action.KeyUp k -> banner(g, ActionText.describe(action), c);
      case Action.HoldKey h -> banner(g, ActionText.describe(action), c);
      case Action.CursorPosition p -> banner(g, ActionText.describe(action), c);
      case Action.CallUser u -> banner(g, ActionText.describe(action), c);
    }
    if (denied) {
      banner(g, "Denied", c);
    }
  }

  private double[] at(Point screen, double s) {
    Point p = mapping.toImage(screen);
    return new double[] {p.x() * s, p.y() * s};
  }

  private void target(GraphicsContext g, double[] p, Color c, String label) {
    g.setLineCap(StrokeLineCap.ROUND);
    g.setFill(c.deriveColor(0, 1, 1, 0.18));
    g.fillOval(p[0] - 22, p[1] - 22, 44, 44);
    g.setStroke(c);
    g.setLineWidth(3);
    g.strokeOval(p[0] - 22, p[1] - 22, 44, 44);
    g.setLineWidth(2);
    g.strokeLine(p[0] - 34, p[1], p[0] - 10, p[1]);
    g.strokeLine(p[0] + 10, p[1], p[0] + 34, p[1]);
    g.strokeLine(p[0], p[1] - 34, p[0], p[1] - 10);
    g.strokeLine(p[0], p[1] + 10, p[0], p[1] + 34);
    g.setFill(c);
    g.fillOval(p[0] - 3.5, p[1] - 3.5, 7, 7);
    if (label != null) {
      double y = p[1] + 50 > overlay.getHeight() - 10 ? p[1] - 50 : p[1] + 50;
      caption(g, p[0], y, label, c);
    }
  }

  private void arrow(GraphicsContext g, double[] a, double[] b, Color c) {
    g.setStroke(c);
    g.setLineWidth(3);
    g.strokeLine(a[0], a[1], b[0], b[1]);
    double ang = Math.atan2(b[1] - a[1], b[0] - a[0]);
    double l = 12;
    g.strokeLine(b[0], b[1], b[0] - l * Math.cos(ang - 0.45), b[1] - l * Math.sin(ang - 0.45));
    g.strokeLine(b[0], b[1], b[0] - l * Math.cos(ang + 0.45), b[1] - l * Math.sin(ang + 0.45));
  }

  private void caption(GraphicsContext g, double cx, double cy, String text, Color c) {
    Font f = Font.font(null, FontWeight.BOLD, 13);
    g.setFont(f);
    double tw = textWidth(text, f);
    double w = tw + 20;
    double h = 26;
    double x = Math.max(4, Math.min(overlay.getWidth() - w - 4, cx - w / 2));
    double y = Math.max(4, Math.min(overlay.getHeight() - h - 4, cy - h / 2));
    g.setFill(c);
    g.fillRoundRect(x, y, w, h, 13, 13);
    g.setFill(Color.WHITE);
    g.setTextAlign(TextAlignment.LEFT);
    g.setTextBaseline(VPos.CENTER);
    g.fillText(text, x + 10, y + h / 2);
  }

  private void banner(GraphicsContext g, String text, Color c) {
    caption(g, overlay.getWidth() / 2, overlay.getHeight() - 34, text, c);
  }

  private static double textWidth(String text, Font f) {
    javafx.scene.text.Text t = new javafx.scene.text.Text(text);
    t.setFont(f);
    return t.getLayoutBounds().getWidth();
  }
}
