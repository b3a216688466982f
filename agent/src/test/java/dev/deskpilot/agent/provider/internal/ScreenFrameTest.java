package dev.deskpilot.agent.provider.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.ImageBudget;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.ScreenMapping;
import org.junit.jupiter.api.Test;

class ScreenFrameTest {
  @Test
  void budgetsScaleFullHdToTheProviderSizes() {
    assertThat(ImageBudget.ANTHROPIC.fit(1920, 1080)).containsExactly(1366, 768);
    assertThat(ImageBudget.ANTHROPIC.fit(1280, 800)).containsExactly(1280, 800);
    assertThat(ImageBudget.ANTHROPIC.fit(1024, 768)).containsExactly(1024, 768);
    int[] big = ImageBudget.ANTHROPIC.fit(2560, 1600);
    assertThat((long) big[0] * big[1]).isLessThanOrEqualTo(1_150_000);
    assertThat(big[0]).isLessThanOrEqualTo(1366);
    assertThat(ImageBudget.OPENAI_PREVIEW.fit(1920, 1080)).containsExactly(1280, 720);
    assertThat(ImageBudget.OPENAI_GA.fit(1920, 1080)).containsExactly(1920, 1080);
  }

  @Test
  void mapsModelPixelsBackToScreenPixels() {
    ScreenFrame f = ScreenFrame.fit(Fixtures.screen(1920, 1080).screenshot(), ImageBudget.ANTHROPIC);
    assertThat(f.width()).isEqualTo(1366);
    assertThat(f.toScreen(683, 384, "p")).isEqualTo(new Point(960, 540));
    assertThat(f.toScreen(0, 0, "p")).isEqualTo(new Point(0, 0));
    assertThat(f.toScreen(1365, 767, "p")).isEqualTo(new Point(1919, 1079));
    assertThat(f.toScreen(1366, 768, "p")).as("the far edge is the last pixel").isEqualTo(new Point(1919, 1079));
  }

  @Test
  void goesThroughTheScreenshotsMappingToo() {
    // a HiDPI capture of the right monitor: image pixels are half a screen pixel, origin 1920,0
    var shot = Fixtures.screen(3840, 2160, new ScreenMapping(1920, 0, 0.5)).screenshot();
    ScreenFrame f = ScreenFrame.sized(shot, 1920, 1080);
    assertThat(f.toScreen(100, 50, "p")).isEqualTo(new Point(1920 + 100, 50));
  }

  @Test
  void refusesPointsOutsideTheImage() {
    ScreenFrame f = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1280, 720);
    assertThatThrownBy(() -> f.toScreen(1281, 5, "reply: output[0].action"))
        .isInstanceOf(PolicyException.class)
        .hasMessage("reply: output[0].action: point (1281,5) is outside the 1280x720 screenshot");
    assertThatThrownBy(() -> f.toScreen(-1, 5, "p")).isInstanceOf(PolicyException.class);
    assertThatThrownBy(() -> f.toScreen(Double.NaN, 5, "p")).isInstanceOf(PolicyException.class);
    assertThatThrownBy(() -> f.toScreenRelative(1001, 5, 1000, "p"))
        .isInstanceOf(PolicyException.class).hasMessageContaining("outside 0..1000");
  }

  @Test
  void relativePointsScaleByTheFrame() {
    ScreenFrame f = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1932, 1092);
    assertThat(f.toScreenRelative(500, 500, 1000, "p")).isEqualTo(new Point(960, 540));
    assertThat(f.toScreenRelative(1000, 1000, 1000, "p")).isEqualTo(new Point(1919, 1079));
  }

  @Test
  void encodesTheScaledImageAsPng() {
    ScreenFrame f = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1366, 768);
    assertThat(Fixtures.describePng(f.pngBase64())).isEqualTo("<png 1366x768>");
    assertThat(f.pngDataUrl()).startsWith("data:image/png;base64,iVBOR");
    // the blue block drawn at a quarter of the screen stays at a quarter of the scaled image
    assertThat(f.image().getRGB(683, 384) & 0xffffff).isEqualTo(0x0000ff);
    assertThat(f.image().getRGB(10, 10) & 0xffffff).isEqualTo(0xffffff);
  }
}
