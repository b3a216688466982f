package dev.deskpilot.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.perception.Point;
import java.awt.Rectangle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks that need no display; {@code SandboxIT} drives the robot on a real X server. */
class RobotExecutorTest {
  private static final Rectangle SCREEN = new Rectangle(0, 0, 1920, 1080);

  @Test
  void aClickOffTheScreenIsRefusedWithTheSizeInTheMessage() {
    assertThat(RobotExecutor.offScreen(Action.Click.left(new Point(5000, 20)), SCREEN))
        .contains("click at (5000,20) is outside the 1920x1080 screen");
  }

  @Test
  void theLastPixelIsOnTheScreenAndTheNextIsNot() {
    assertThat(RobotExecutor.offScreen(new Action.MoveTo(new Point(1919, 1079)), SCREEN)).isEmpty();
    assertThat(RobotExecutor.offScreen(new Action.MoveTo(new Point(1920, 1079)), SCREEN))
        .contains("move to (1920,1079) is outside the 1920x1080 screen");
    assertThat(RobotExecutor.offScreen(new Action.Scroll(new Point(3, 1080), 0, 1), SCREEN))
        .contains("scroll at (3,1080) is outside the 1920x1080 screen");
  }

  @Test
  void aDragIsCheckedAtBothEnds() {
    assertThat(
            RobotExecutor.offScreen(
                new Action.Drag(new Point(10, 10), new Point(10, 2000)), SCREEN))
        .contains("drag to (10,2000) is outside the 1920x1080 screen");
  }

  @Test
  void actionsWithoutPointsAreNeverOffScreen() {
    for (Action a :
        List.of(
            new Action.TypeText("x"),
            Action.KeyChord.parse("ctrl+s"),
            new Action.Wait(Duration.ZERO),
            new Action.Done(),
            new Action.Fail("no"))) {
      assertThat(RobotExecutor.offScreen(a, SCREEN)).isEmpty();
    }
  }
}
