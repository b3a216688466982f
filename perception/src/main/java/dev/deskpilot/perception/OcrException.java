package dev.deskpilot.perception;

/** The OCR engine could not load or could not read an image. */
public final class OcrException extends RuntimeException {
  public OcrException(String message) {
    super(message);
  }

  public OcrException(String message, Throwable cause) {
    super(message, cause);
  }
}
