package dev.deskpilot.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The supervisor's decisions, fed events directly (the hook itself is exercised by HumanControlIT). */
class SupervisorTest {
  private final Supervisor s = Supervisor.detached(Supervisor.Config.defaults(List.of(new Rectangle(0, 0, 1920, 1080))));
  private final List<String> heard = new ArrayList<>();

  SupervisorTest() {
    s.addListener(
        new HumanControl.Listener() {
          @Override
          public void stopRequested(String reason) {
            heard.add("stop: " + reason);
          }

          @Override
          public void paused(String reason) {
            heard.add("pause: " + reason);
          }

          @Override
          public void resumed() {
            heard.add("resume");
          }
        });
  }

  private static long now() {
    return System.nanoTime();
  }

  private void key(boolean press, int code) {
    s.observe(ObservedInput.key(press, code, now()));
  }

  @Test
  void theAgentsOwnInputIsNeverATakeover() {
    Random r = new Random(7);
    for (int i = 0; i < 500; i++) {
      int x = r.nextInt(1800) + 50;
      int y = r.nextInt(1000) + 40;
      s.synthetic().sent(SyntheticInput.Event.move(x, y));
      s.synthetic().sent(SyntheticInput.Event.of(SyntheticInput.Kind.BUTTON_PRESS));
      s.synthetic().sent(SyntheticInput.Event.of(SyntheticInput.Kind.BUTTON_RELEASE));
      s.synthetic().sent(SyntheticInput.Event.of(SyntheticInput.Kind.KEY_PRESS));
      s.synthetic().sent(SyntheticInput.Event.of(SyntheticInput.Kind.KEY_RELEASE));
      s.observe(ObservedInput.pointer(SyntheticInput.Kind.MOVE, x, y, now()));
      s.observe(ObservedInput.pointer(SyntheticInput.Kind.BUTTON_PRESS, x, y, now()));
      s.observe(ObservedInput.pointer(SyntheticInput.Kind.BUTTON_RELEASE, x, y, now()));
      key(true, KeyEvent.VK_A);
      key(false, KeyEvent.VK_A);
    }
    assertThat(heard).isEmpty();
    assertThat(s.state()).isEqualTo(HumanControl.State.RUNNING);
  }

  @Test
  void aMoveTheAgentDidNotSendPausesTheRun() {
    s.synthetic().sent(SyntheticInput.Event.move(100, 100));
    s.observe(ObservedInput.pointer(SyntheticInput.Kind.MOVE, 400, 300, now()));
    assertThat(s.state()).isEqualTo(HumanControl.State.PAUSED);
    assertThat(heard).containsExactly("pause: a person took over: pointer moved to (400,300)");
  }

  @Test
  void aSurplusKeyPressDuringAgentTypingIsDetected() {
    for (int i = 0; i < 5; i++) {
      s.synthetic().sent(SyntheticInput.Event.of(SyntheticInput.Kind.KEY_PRESS));
    }
    for (int i = 0; i < 6; i++) {
      key(true, KeyEvent.VK_X);
    }
    assertThat(s.state()).isEqualTo(HumanControl.State.PAUSED);
  }

  @Test
  void releasesAloneNeverPause() {
    key(false, KeyEvent.VK_CONTROL);
    s.observe(ObservedInput.pointer(SyntheticInput.Kind.BUTTON_RELEASE, 5, 5, now()));
    assertThat(s.state()).isEqualTo(HumanControl.State.RUNNING);
  }

  @Test
  void theKillSwitchStopsFromAnyStateAndTheResumeChordResumes() {
    key(true, KeyEvent.VK_CONTROL);
    assertThat(s.state()).isEqualTo(HumanControl.State.PAUSED);
    key(true, KeyEvent.VK_SHIFT);
    key(true, KeyEvent.VK_ENTER);
    assertThat(s.state()).isEqualTo(HumanControl.State.RUNNING);
    key(false, KeyEvent.VK_ENTER);
    key(true, KeyEvent.VK_ESCAPE);
    assertThat(s.state()).isEqualTo(HumanControl.State.STOPPED);
    assertThat(s.reason()).isEqualTo("kill switch ctrl+shift+escape pressed");
    assertThat(heard).containsExactly(
        "pause: a person took over: key Ctrl pressed", "resume", "stop: kill switch ctrl+shift+escape pressed");
  }

  @Test
  void theKillSwitchWorksEvenWhenItsKeysLookLikeTheAgents() {
    for (int i = 0; i < 3; i++) {
      s.synthetic().sent(SyntheticInput.Event.of(SyntheticInput.Kind.KEY_PRESS));
    }
    key(true, KeyEvent.VK_CONTROL);
    key(true, KeyEvent.VK_SHIFT);
    key(true, KeyEvent.VK_ESCAPE);
    assertThat(s.state()).isEqualTo(HumanControl.State.STOPPED);
  }

  @Test
  void thePointerInACornerStopsTheRun() {
    s.observe(ObservedInput.pointer(SyntheticInput.Kind.MOVE, 1919, 0, now()));
    assertThat(s.state()).isEqualTo(HumanControl.State.STOPPED);
    assertThat(s.reason()).contains("failsafe");
    assertThat(s.inCorner(0, 1079)).isTrue();
    assertThat(s.inCorner(2, 1079)).isFalse();
  }

  @Test
  void anAgentMoveIntoACornerIsNotTheFailsafe() {
    s.synthetic().sent(SyntheticInput.Event.move(0, 0));
    s.observe(ObservedInput.pointer(SyntheticInput.Kind.MOVE, 0, 0, now()));
    assertThat(s.state()).isEqualTo(HumanControl.State.RUNNING);
  }

  @Test
  void expectationsExpireAfterTheWindow() {
    s.synthetic().sent(SyntheticInput.Event.move(10, 10));
    s.observe(ObservedInput.pointer(SyntheticInput.Kind.MOVE, 10, 10, now() + Duration.ofSeconds(2).toNanos()));
    assertThat(s.state()).isEqualTo(HumanControl.State.PAUSED);
  }

  @Test
  void sleepWakesAtAStopAndAwaitGoSaysSo() throws InterruptedException {
    Thread t = Thread.ofVirtual().start(() -> s.stop("test"));
    assertThat(s.sleep(Duration.ofSeconds(30))).isEqualTo(HumanControl.State.STOPPED);
    t.join();
    assertThat(s.awaitGo()).isFalse();
    s.rearm();
    assertThat(s.awaitGo()).isTrue();
  }

  @Test
  void theKillChordIsReservedWhileWatched() {
    assertThat(s.reserves(java.util.Set.of(KeyEvent.VK_CONTROL, KeyEvent.VK_SHIFT, KeyEvent.VK_ESCAPE))).isTrue();
    assertThat(s.reserves(java.util.Set.of(KeyEvent.VK_CONTROL, KeyEvent.VK_ESCAPE))).isFalse();
    assertThat(Supervisor.unattended().reserves(java.util.Set.of(KeyEvent.VK_CONTROL, KeyEvent.VK_SHIFT, KeyEvent.VK_ESCAPE))).isFalse();
  }
}
