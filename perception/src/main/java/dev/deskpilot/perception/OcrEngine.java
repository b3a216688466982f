package dev.deskpilot.perception;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Reads text from pixels. Implementations hold native resources: close them. One engine serves one
 * thread at a time.
 */
public interface OcrEngine extends AutoCloseable {
  /**
   * Reads the text of an image.
   *
   * @return lines in reading order with word boxes in the image's pixels; empty when there is none
   * @throws OcrException when the engine fails
   */
  List<TextLine> read(BufferedImage image);

  @Override
  void close();
}
