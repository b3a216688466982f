package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real Tesseract on text drawn with Java2D: words, boxes, lines, image types, polarity. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TesseractOcrTest {
  private final TesseractOcr ocr = TesseractOcr.open();

  @AfterAll
  void close() {
    ocr.close();
  }

  private static RenderedText twoLines(int imageType, Color background, Color ink) {
    return new RenderedText(640, 160, imageType, background, ink, 20)
        .line(30, 50, "Deskpilot reads screens")
        .line(30, 110, "Open File Quit");
  }

  @Test
  void readsWordsWithBoxesAroundTheirInkAndGroupsThemInLines() {
    RenderedText drawn = twoLines(BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK);
    List<TextLine> lines = ocr.read(drawn.image());

    assertThat(lines).extracting(TextLine::text).containsExactly("Deskpilot reads screens", "Open File Quit");
    List<Word> words = lines.stream().flatMap(l -> l.words().stream()).toList();
    assertThat(words).hasSize(drawn.placed().size());
    for (int i = 0; i < words.size(); i++) {
      Word read = words.get(i);
      RenderedText.Placed truth = drawn.placed().get(i);
      assertThat(read.text()).isEqualTo(truth.text());
      assertThat(read.box().iou(truth.box()))
          .as("box of %s: read %s, drawn %s", truth.text(), read.box(), truth.box())
          .isGreaterThan(0.7);
      assertThat(read.confidence()).isBetween(50f, 100f);
    }
    assertThat(lines.get(1).box()).isEqualTo(lines.get(1).words().get(0).box().union(lines.get(1).words().get(2).box()));
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        BufferedImage.TYPE_INT_ARGB,
        BufferedImage.TYPE_INT_BGR,
        BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_BYTE_GRAY,
        BufferedImage.TYPE_BYTE_INDEXED
      })
  void readsTheSameFromEveryImageType(int imageType) {
    List<TextLine> lines = ocr.read(twoLines(imageType, Color.WHITE, Color.BLACK).image());
    assertThat(lines).extracting(TextLine::text).containsExactly("Deskpilot reads screens", "Open File Quit");
  }

  @Test
  void readsColouredTextOnAColouredBackgroundThroughItsLuma() {
    // Red on yellow differs mostly in green: a gray conversion that dropped a channel would lose it.
    List<TextLine> lines =
        ocr.read(twoLines(BufferedImage.TYPE_INT_RGB, new Color(255, 230, 80), new Color(170, 20, 20)).image());
    assertThat(lines).extracting(TextLine::text).containsExactly("Deskpilot reads screens", "Open File Quit");
  }

  @Test
  void readsLightTextOnADarkBackground() {
    List<TextLine> lines =
        ocr.read(twoLines(BufferedImage.TYPE_INT_RGB, new Color(30, 30, 30), new Color(220, 220, 220)).image());
    assertThat(lines).extracting(TextLine::text).containsExactly("Deskpilot reads screens", "Open File Quit");
  }

  @Test
  void readsASubimageInItsOwnCoordinates() {
    BufferedImage full = twoLines(BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK).image();
    BufferedImage bottom = full.getSubimage(0, 80, 640, 80);
    List<TextLine> lines = ocr.read(bottom);
    assertThat(lines).extracting(TextLine::text).containsExactly("Open File Quit");
    assertThat(lines.getFirst().box().y()).isBetween(10, 40);
  }

  @Test
  void blankAndTinyImagesHaveNoText() {
    BufferedImage blank = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = blank.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 300, 100);
    g.dispose();
    assertThat(ocr.read(blank)).isEmpty();
    assertThat(ocr.read(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))).isEmpty();
    assertThat(ocr.read(new BufferedImage(2, 500, BufferedImage.TYPE_INT_RGB))).isEmpty();
  }

  @Test
  void reusesItsBufferAcrossSizes() {
    List<TextLine> big = ocr.read(twoLines(BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK).image());
    List<TextLine> small =
        ocr.read(new RenderedText(200, 60, BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK, 20).line(10, 40, "Cancel").image());
    List<TextLine> again = ocr.read(twoLines(BufferedImage.TYPE_INT_RGB, Color.WHITE, Color.BLACK).image());
    assertThat(small).extracting(TextLine::text).containsExactly("Cancel");
    assertThat(again).isEqualTo(big);
  }

  @Test
  void dropsUnsureWordsWithoutLettersOrDigits() {
    assertThat(TesseractOcr.isGarbage("|", 20f)).isTrue();
    assertThat(TesseractOcr.isGarbage("—~", 5f)).isTrue();
    assertThat(TesseractOcr.isGarbage("|", 90f)).isFalse();
    assertThat(TesseractOcr.isGarbage("l1", 5f)).isFalse();
  }

  @Test
  void aClosedEngineRefusesToReadAndClosesTwiceQuietly() {
    TesseractOcr second = TesseractOcr.open();
    second.close();
    second.close();
    assertThat(second.toString()).contains("closed");
    assertThatThrownBy(() -> second.read(new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void missingLanguageDataNamesTheDirectoryAndThePackage(@TempDir Path empty) {
    assertThatThrownBy(() -> TesseractOcr.open(empty, "eng"))
        .isInstanceOf(OcrException.class)
        .hasMessage("tessdata for 'eng' not found in [" + empty + "]: install tesseract-ocr-eng");
    assertThatThrownBy(() -> TesseractOcr.open(empty, " ")).isInstanceOf(IllegalArgumentException.class);
  }
}
