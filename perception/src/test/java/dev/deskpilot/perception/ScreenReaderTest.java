package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScreenReaderTest {
  /** An engine that counts calls and answers with fixed lines or fails. */
  private static final class ScriptedOcr implements OcrEngine {
    final AtomicInteger calls = new AtomicInteger();
    final List<TextLine> lines;
    final RuntimeException failure;

    ScriptedOcr(List<TextLine> lines, RuntimeException failure) {
      this.lines = lines;
      this.failure = failure;
    }

    @Override
    public List<TextLine> read(BufferedImage image) {
      calls.incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return lines;
    }

    @Override
    public void close() {}
  }

  private static BufferedImage twoColours() {
    BufferedImage img = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
    img.setRGB(25, 25, 0xffffff);
    return img;
  }

  @Test
  void keepsTheEnginesLinesAndTheScreenshot() {
    TextLine line = TextLine.of(List.of(new Word("File", new Rect(1, 2, 3, 4), 90f)));
    ScriptedOcr ocr = new ScriptedOcr(List.of(line), null);
    Screenshot shot = Screenshot.of(twoColours());
    Observation obs = new ScreenReader(ocr).read(shot);
    assertThat(obs.screenshot()).isSameAs(shot);
    assertThat(obs.lines()).containsExactly(line);
    assertThat(obs.elements()).isEmpty();
    assertThat(obs.note()).isEmpty();
  }

  @Test
  void aFailingEngineGivesAnEmptyObservationWithANote() {
    ScriptedOcr ocr = new ScriptedOcr(List.of(), new OcrException("libtesseract crashed"));
    Observation obs = new ScreenReader(ocr).read(Screenshot.of(twoColours()));
    assertThat(obs.lines()).isEmpty();
    assertThat(obs.note()).isEqualTo("OCR failed: libtesseract crashed");

    Observation noMessage =
        new ScreenReader(new ScriptedOcr(List.of(), new IllegalStateException())).read(Screenshot.of(twoColours()));
    assertThat(noMessage.note()).isEqualTo("OCR failed: IllegalStateException");
  }

  @Test
  void tinyAndUniformImagesAreEmptyWithoutAskingTheEngine() {
    ScriptedOcr ocr = new ScriptedOcr(List.of(), new IllegalStateException("must not be called"));
    ScreenReader reader = new ScreenReader(ocr);
    BufferedImage gray = new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB);
    var g = gray.createGraphics();
    g.setColor(Color.GRAY);
    g.fillRect(0, 0, 1920, 1080);
    g.dispose();
    for (BufferedImage img :
        List.of(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), new BufferedImage(4, 300, BufferedImage.TYPE_BYTE_GRAY), gray)) {
      Observation obs = reader.read(Screenshot.of(img));
      assertThat(obs.lines()).isEmpty();
      assertThat(obs.note()).isEmpty();
    }
    assertThat(ocr.calls).hasValue(0);
    assertThat(ScreenReader.isUniform(twoColours())).isFalse();
  }

  @Test
  void readsRealTextWithTesseract() {
    BufferedImage img =
        new RenderedText(400, 80, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 20).line(20, 50, "Save changes").image();
    try (TesseractOcr ocr = TesseractOcr.open()) {
      Observation obs = new ScreenReader(ocr).read(Screenshot.of(img));
      assertThat(obs.text()).isEqualTo("Save changes\n");
      assertThat(new Grounder().ground(obs, TextTarget.of("changes"))).isInstanceOf(Grounding.Found.class);
    }
  }
}
