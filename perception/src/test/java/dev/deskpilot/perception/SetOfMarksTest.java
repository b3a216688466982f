package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SetOfMarksTest {
  private static Observation withElements(int n, int width, int height, ScreenMapping mapping) {
    List<UiElement> elements = new ArrayList<>();
    elements.add(new UiElement("1", "window", "Editor", new Rect(0, 0, width, height)));
    elements.add(new UiElement("2", "label", "Just text", new Rect(10, 10, 60, 12)));
    for (int i = 0; i < n; i++) {
      elements.add(new UiElement(String.valueOf(10 + i), "button", "Button number " + i + " with a rather long label here",
          new Rect(20 + (i % 20) * 40, 40 + (i / 20) * 30, 36, 24)));
    }
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    return new Observation(new Screenshot(img, mapping, java.time.Instant.now()), List.of(), elements, "");
  }

  @Test
  void listsElementsAsIdRoleLabelAndScreenPoint() {
    Observation obs = withElements(1, 400, 300, new ScreenMapping(100, 50, 1.0));
    SetOfMarks.Marked m = SetOfMarks.render(obs);
    assertThat(m.listing().lines().toList()).containsExactly(
        "[10] button \"Button number 0 with a rather long labe…\" (138,102)",
        "[2] label \"Just text\" (140,66)",
        "[1] window \"Editor\" (300,200)");
    assertThat(m.image().getWidth()).isEqualTo(400);
    assertThat(m.scale()).isEqualTo(1.0);
    // The screenshot itself is not drawn on; the copy is.
    assertThat(obs.screenshot().image().getRGB(20, 40)).isEqualTo(0xff000000);
    assertThat(m.image().getRGB(20, 40)).isNotEqualTo(0xff000000);
  }

  @Test
  void staysWithinItsBounds() {
    Observation obs = withElements(200, 3840, 2160, ScreenMapping.IDENTITY);
    SetOfMarks.Marked m = SetOfMarks.render(obs, new SetOfMarks.Options(50, 1500, 1280));
    assertThat(m.marked()).hasSizeLessThanOrEqualTo(50);
    assertThat(m.listing().length()).isLessThanOrEqualTo(1500);
    assertThat(m.listing()).contains("more elements not listed");
    assertThat(m.image().getWidth()).isEqualTo(1280);
    assertThat(m.image().getHeight()).isEqualTo(720);
    // Elements people act on come before labels and windows.
    assertThat(m.marked().getFirst().role()).isEqualTo("button");
  }
}
