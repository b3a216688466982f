package dev.deskpilot.agent.provider.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Expected values computed with Qwen2-VL's Python smart_resize (factor 28, UI-TARS bounds). */
class SmartResizeTest {
  @Test
  void matchesThePythonReference() {
    assertThat(SmartResize.resize(1920, 1080)).containsExactly(1932, 1092);
    assertThat(SmartResize.resize(1280, 800)).containsExactly(1288, 812);
    assertThat(SmartResize.resize(1366, 768)).containsExactly(1372, 756);
    assertThat(SmartResize.resize(3840, 2160)).containsExactly(3836, 2156);
    assertThat(SmartResize.resize(7680, 4320)).as("above max pixels").containsExactly(4760, 2688);
    assertThat(SmartResize.resize(200, 100)).as("below min pixels").containsExactly(420, 224);
    assertThat(SmartResize.resize(42, 42)).containsExactly(280, 280);
    assertThat(SmartResize.resize(1920, 1080, 28, SmartResize.MIN_PIXELS, 1280L * 28 * 28))
        .containsExactly(1316, 728);
  }

  @Test
  void roundsHalfToEvenLikePython() {
    // 2030/28 = 72.5 -> 72, 1330/28 = 47.5 -> 48
    assertThat(SmartResize.resize(2030, 1330)).containsExactly(2016, 1344);
  }

  @Test
  void refusesExtremeAspectRatios() {
    assertThatThrownBy(() -> SmartResize.resize(10_000, 40))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aspect ratio");
  }
}
