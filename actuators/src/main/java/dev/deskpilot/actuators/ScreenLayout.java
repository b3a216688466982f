package dev.deskpilot.actuators;

import dev.deskpilot.perception.Point;
import java.awt.GraphicsConfiguration;
import java.awt.GraphicsDevice;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The monitors of a display, in screen (input) pixels: each monitor's bounds within the virtual
 * desktop and its HiDPI scale (device pixels per screen pixel; 1 on plain X11).
 *
 * <p>A point is on the screen when it is inside some monitor: the gaps of a virtual desktop whose
 * monitors differ in size are off the screen.
 */
public record ScreenLayout(List<Monitor> monitors) {
  /**
   * One monitor.
   *
   * @param index its position in {@link #monitors()} (0 is the default screen)
   * @param bounds where it is in the virtual desktop, in screen pixels
   * @param scale device pixels per screen pixel (2 on a 200% HiDPI monitor)
   */
  public record Monitor(int index, Rectangle bounds, double scale) {
    public Monitor {
      bounds = new Rectangle(bounds);
      if (bounds.width < 1 || bounds.height < 1) {
        throw new IllegalArgumentException("monitor " + index + " has an empty size " + bounds.width + "x" + bounds.height);
      }
      if (!(scale > 0) || Double.isInfinite(scale)) {
        throw new IllegalArgumentException("monitor scale must be positive, was " + scale);
      }
    }

    @Override
    public Rectangle bounds() {
      return new Rectangle(bounds);
    }

    public boolean contains(Point p) {
      return bounds.contains(p.x(), p.y());
    }
  }

  public ScreenLayout {
    monitors = List.copyOf(monitors);
    if (monitors.isEmpty()) {
      throw new IllegalArgumentException("a screen layout needs at least one monitor");
    }
  }

  /** One monitor of {@code width x height} at 0,0, scale 1. */
  public static ScreenLayout single(int width, int height) {
    return new ScreenLayout(List.of(new Monitor(0, new Rectangle(0, 0, width, height), 1.0)));
  }

  /**
   * This JVM's monitors, the default screen first.
   *
   * @throws DesktopException of kind UNREACHABLE when the JVM is headless
   */
  public static ScreenLayout current() {
    if (GraphicsEnvironment.isHeadless()) {
      throw new DesktopException(DesktopException.Kind.UNREACHABLE, "no screen: the JVM is headless");
    }
    GraphicsEnvironment ge = GraphicsEnvironment.getLocalGraphicsEnvironment();
    GraphicsDevice primary = ge.getDefaultScreenDevice();
    List<GraphicsDevice> devices = new ArrayList<>();
    devices.add(primary);
    for (GraphicsDevice d : ge.getScreenDevices()) {
      if (d != primary) {
        devices.add(d);
      }
    }
    List<Monitor> out = new ArrayList<>();
    for (GraphicsDevice d : devices) {
      GraphicsConfiguration gc = d.getDefaultConfiguration();
      AffineTransform t = gc.getDefaultTransform();
      out.add(new Monitor(out.size(), gc.getBounds(), t.getScaleX()));
    }
    return new ScreenLayout(out);
  }

  /** The smallest rectangle holding every monitor. */
  public Rectangle virtualBounds() {
    Rectangle r = monitors.getFirst().bounds();
    for (Monitor m : monitors) {
      r = r.union(m.bounds());
    }
    return r;
  }

  /** The monitor a point is on. */
  public Optional<Monitor> monitorAt(Point p) {
    return monitors.stream().filter(m -> m.contains(p)).findFirst();
  }

  /** Monitor {@code index}, or a clear error naming how many there are. */
  public Monitor monitor(int index) {
    if (index < 0 || index >= monitors.size()) {
      throw new IllegalArgumentException(
          "no monitor " + index + ": this screen has " + monitors.size() + " (0.." + (monitors.size() - 1) + ")");
    }
    return monitors.get(index);
  }

  /** Why a point is not on any monitor, if it is not. */
  public Optional<String> offScreen(String what, Point p) {
    if (monitorAt(p).isPresent()) {
      return Optional.empty();
    }
    if (monitors.size() == 1) {
      Rectangle b = monitors.getFirst().bounds();
      return Optional.of(what + " " + p + " is outside the " + b.width + "x" + b.height + " screen");
    }
    Rectangle v = virtualBounds();
    return Optional.of(
        what + " " + p + " is on none of the " + monitors.size() + " monitors (virtual desktop "
            + v.x + "," + v.y + " " + v.width + "x" + v.height + ")");
  }

  /** The bounds of every monitor. */
  public List<Rectangle> bounds() {
    return monitors.stream().map(Monitor::bounds).toList();
  }
}
