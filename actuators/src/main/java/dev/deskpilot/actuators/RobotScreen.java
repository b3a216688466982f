package dev.deskpilot.actuators;

import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.time.Instant;

/**
 * Captures this JVM's display with {@link java.awt.Robot}: the whole default screen, as {@code
 * TYPE_INT_RGB}, with a scale-1 mapping ({@link ScreenMapping#IDENTITY} for a screen at 0,0).
 */
public final class RobotScreen {
  private final Robot robot;

  /**
   * Opens a robot on the default screen.
   *
   * @throws DesktopException of kind {@link DesktopException.Kind#UNREACHABLE} when this JVM has no
   *     display
   */
  public RobotScreen() {
    this.robot = RobotExecutor.openRobot();
  }

  /** The whole default screen now. */
  public Screenshot capture() {
    Rectangle bounds = bounds();
    Instant at = Instant.now();
    BufferedImage image = robot.createScreenCapture(bounds);
    return new Screenshot(image, new ScreenMapping(bounds.x, bounds.y, 1.0), at);
  }

  /** The default screen's bounds in screen coordinates. */
  public Rectangle bounds() {
    return GraphicsEnvironment.getLocalGraphicsEnvironment()
        .getDefaultScreenDevice()
        .getDefaultConfiguration()
        .getBounds();
  }
}
