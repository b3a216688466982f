package dev.deskpilot.agent;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A desktop whose screen is one colour (changed by {@link #paint}) and that records the actions it
 * performs; a click on (0,0) paints the screen with a new colour, so it "changes the screen".
 */
final class FakeDesktop extends ScreenOnlyDesktop {
  private final List<Action> performed = new ArrayList<>();
  private final int width;
  private final int height;
  private int colour = 0x336699;
  private int captures;

  FakeDesktop() {
    this(320, 200);
  }

  FakeDesktop(int width, int height) {
    this.width = width;
    this.height = height;
  }

  synchronized void paint(int rgb) {
    colour = rgb;
  }

  synchronized List<Action> performed() {
    return List.copyOf(performed);
  }

  synchronized int captures() {
    return captures;
  }

  @Override
  public synchronized Screenshot capture() {
    captures++;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] px = new int[width * height];
    Arrays.fill(px, colour);
    img.setRGB(0, 0, width, height, px, 0, width);
    return new Screenshot(img, ScreenMapping.IDENTITY, Instant.EPOCH);
  }

  @Override
  public synchronized ActionResult perform(Action action) {
    performed.add(action);
    if (action instanceof Action.Click c && c.at().x() == 0 && c.at().y() == 0) {
      colour = colour + 0x101010;
    }
    return ActionResult.success(1);
  }
}
