package dev.deskpilot.actuators;

/**
 * What a calibration measured about one screen: how input coordinates relate to where the pointer
 * really goes, and how captured pixels relate to input coordinates.
 *
 * @param inputScaleX device pixels the pointer moved per input pixel asked for, horizontally (1 on
 *     plain X11; 2 when a 200% HiDPI scale sits between input and device; NaN when the device
 *     position could not be read)
 * @param inputScaleY the same, vertically
 * @param captureScale screenshot pixels per input pixel (1 for a plain capture)
 * @param maxErrorPx the largest distance, in input pixels, between where the pointer was sent and
 *     where it was read back
 * @param samples how many points were tried
 */
public record Calibration(double inputScaleX, double inputScaleY, double captureScale, int maxErrorPx, int samples) {
  /** True when input and capture agree within a pixel (nothing to correct). */
  public boolean consistent() {
    return maxErrorPx <= 1
        && (Double.isNaN(inputScaleX) || Math.abs(inputScaleX - 1) < 0.01)
        && (Double.isNaN(inputScaleY) || Math.abs(inputScaleY - 1) < 0.01)
        && Math.abs(captureScale - 1) < 0.01;
  }
}
