package dev.deskpilot.actuators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.ScreenMapping;
import java.awt.Rectangle;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelFrameTest {
  @Test
  void theCentreOfEverySmallTargetMapsBackInsideItAtEveryScale() {
    Random r = new Random(1);
    for (double f : new double[] {1, 1.25, 1.5, 2, 2.5, 3}) {
      ModelFrame frame = ModelFrame.scaledDown(1920, 1080, ScreenMapping.IDENTITY, f);
      for (int i = 0; i < 2000; i++) {
        Rect target = new Rect(r.nextInt(1900), r.nextInt(1060), 12, 12);
        Point c = target.center();
        // The model sees the target scaled down and names the pixel under its centre.
        double mx = Math.floor(c.x() / frame.scaleX());
        double my = Math.floor(c.y() / frame.scaleY());
        assertThat(target.contains(frame.toScreen(mx, my))).as("scale %s target %s", f, target).isTrue();
      }
    }
  }

  @Test
  void aHiDpiCaptureOfASecondMonitorMapsToItsScreenPixels() {
    // A 2x capture (3840x2160 pixels) of a monitor at x=1920 in the virtual desktop.
    ModelFrame frame = ModelFrame.of(
        new dev.deskpilot.perception.Screenshot(new java.awt.image.BufferedImage(3840, 2160, 1), new ScreenMapping(1920, 0, 0.5), java.time.Instant.EPOCH),
        1280, 720);
    assertThat(frame.toScreen(640, 360)).isEqualTo(new Point(1920 + 961, 541));
    assertThat(frame.toModel(new Point(1920 + 961, 541))).isEqualTo(new Point(640, 360));
  }

  @Test
  void fittingNeverEnlarges() {
    var shot = dev.deskpilot.perception.Screenshot.of(new java.awt.image.BufferedImage(1920, 1080, 1));
    assertThat(ModelFrame.fitting(shot, 1568)).extracting(ModelFrame::width, ModelFrame::height).containsExactly(1568, 882);
    assertThat(ModelFrame.fitting(shot, 4000)).extracting(ModelFrame::width, ModelFrame::height).containsExactly(1920, 1080);
  }

  @Test
  void badModelCoordinatesAreRefused() {
    ModelFrame frame = ModelFrame.scaledDown(1920, 1080, ScreenMapping.IDENTITY, 1.5);
    assertThatThrownBy(() -> frame.toScreen(Double.NaN, 3)).hasMessageContaining("not a finite number");
    assertThatThrownBy(() -> frame.toScreen(-1, 3)).hasMessageContaining("(-1,3) is outside the 1280x720 model image");
    assertThatThrownBy(() -> frame.toScreen(1280, 3)).hasMessageContaining("outside the 1280x720");
    assertThatThrownBy(() -> frame.toScreen(Double.POSITIVE_INFINITY, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pointsBetweenMonitorsAreOffTheScreen() {
    ScreenLayout two = new ScreenLayout(List.of(
        new ScreenLayout.Monitor(0, new Rectangle(0, 0, 1920, 1080), 1),
        new ScreenLayout.Monitor(1, new Rectangle(1920, 0, 1280, 720), 1)));
    assertThat(two.offScreen("click at", new Point(2000, 100))).isEmpty();
    assertThat(two.offScreen("click at", new Point(2000, 900)))
        .contains("click at (2000,900) is on none of the 2 monitors (virtual desktop 0,0 3200x1080)");
    assertThat(two.monitorAt(new Point(1919, 5)).orElseThrow().index()).isZero();
    assertThatThrownBy(() -> two.monitor(2)).hasMessageContaining("has 2 (0..1)");
  }
}
