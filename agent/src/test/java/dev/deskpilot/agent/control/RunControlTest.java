package dev.deskpilot.agent.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.HumanControl;
import org.junit.jupiter.api.Test;

class RunControlTest {
  @Test
  void followsTheKillSwitchTakeoverAndResumeOfAHumanControl() throws Exception {
    HumanControl human = HumanControl.unattended();
    RunControl run = new RunControl();
    try (AutoCloseable following = run.follow(human)) {
      human.pause("the person moved the mouse");
      assertThat(run.isPaused()).isTrue();
      assertThat(run.pauseReason()).isEqualTo("the person moved the mouse");
      human.resume();
      assertThat(run.isPaused()).isFalse();
      human.stop("kill switch ctrl+shift+escape");
      assertThat(run.isStopped()).isTrue();
      assertThat(run.stopReason()).contains("kill switch");
    }
    RunControl other = new RunControl();
    AutoCloseable f = other.follow(human);
    f.close();
    human.rearm();
    human.pause("after unfollow");
    assertThat(other.isPaused()).isFalse();
  }

  @Test
  void steeringMessagesAreQueuedInOrderAndDrained() {
    RunControl run = new RunControl();
    run.steer(" use the File menu ");
    run.steer("then save");
    assertThat(run.drainMessages()).containsExactly("use the File menu", "then save");
    assertThat(run.drainMessages()).isEmpty();
    assertThatThrownBy(() -> run.steer("  ")).isInstanceOf(IllegalArgumentException.class);
  }
}
