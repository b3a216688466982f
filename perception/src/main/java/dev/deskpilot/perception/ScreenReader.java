package dev.deskpilot.perception;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link Screenshot} into an {@link Observation} of its text, through an {@link OcrEngine}.
 *
 * <p>Never throws for a failing engine: the observation then has no lines and a {@code note}
 * starting with {@code "OCR failed: "}, so a run can go on (a policy sees that the screen could not
 * be read). Images that cannot hold text (a side under {@value #MIN_SIDE} pixels, or one colour
 * everywhere) give an empty observation without calling the engine.
 *
 * <p>The reader does not own the engine: whoever opened the engine closes it ({@link #close()}
 * does nothing). Like the engine, a reader serves one thread at a time. It reads every frame whole
 * and compares none with another: the agent's loop reads through a {@link Perceiver}.
 */
public final class ScreenReader implements FrameReader {
  /** Images with a side shorter than this hold no readable text. */
  static final int MIN_SIDE = 5;

  private final OcrEngine ocr;

  /** A reader that reads text with {@code ocr} (e.g. {@link TesseractOcr#open()}). */
  public ScreenReader(OcrEngine ocr) {
    this.ocr = Objects.requireNonNull(ocr, "ocr");
  }

  /**
   * Reads the text of a screenshot.
   *
   * @return lines and words in the screenshot's image pixels; no UI elements (no detector runs here),
   *     {@link ScreenChange#NOT_COMPARED}
   */
  @Override
  public Observation read(Screenshot screenshot) {
    Objects.requireNonNull(screenshot, "screenshot");
    BufferedImage image = screenshot.image();
    if (image.getWidth() < MIN_SIDE || image.getHeight() < MIN_SIDE || isUniform(image)) {
      return new Observation(screenshot, List.of(), List.of(), "");
    }
    List<TextLine> lines;
    try {
      lines = ocr.read(image);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new Observation(screenshot, List.of(), List.of(), "OCR failed: " + why);
    }
    return new Observation(screenshot, lines, List.of(), "");
  }

  /** Nothing to forget: this reader compares no frames. */
  @Override
  public void newSequence() {}

  /** True when every pixel has the same RGB; stops at the first pixel that differs. */
  static boolean isUniform(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] row = new int[w];
    int first = image.getRGB(0, 0) & 0xffffff;
    // A sparse grid first: a screen of anything shows it within a few dozen samples.
    for (int y = 0; y < h; y += Math.max(1, h / 16)) {
      for (int x = 0; x < w; x += Math.max(1, w / 16)) {
        if ((image.getRGB(x, y) & 0xffffff) != first) {
          return false;
        }
      }
    }
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        if ((row[x] & 0xffffff) != first) {
          return false;
        }
      }
    }
    return true;
  }
}
