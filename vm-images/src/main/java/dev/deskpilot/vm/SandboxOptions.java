package dev.deskpilot.vm;

import java.time.Duration;
import java.util.Objects;

/**
 * How to start a {@link Sandbox}.
 *
 * @param width screen width in pixels, 64..16384
 * @param height screen height in pixels, 64..16384
 * @param windowManager the window manager command: {@code "openbox"}, another EWMH window manager
 *     on the PATH, or {@code "none"}
 * @param readyTimeout how long {@link Sandbox#start} waits for the guest to answer
 * @param accessibility whether apps export accessibility trees (AT-SPI: the a11y bus is enabled
 *     and GTK's bridge loaded); off, apps start a little faster and {@code /accessibility} shows
 *     no app's widgets
 * @param osworldCompat whether the guest serves OSWorld's endpoints without a token ({@code
 *     GuestServerMain --osworld-compat}; the guest listens on 127.0.0.1 only)
 */
public record SandboxOptions(
    int width, int height, String windowManager, Duration readyTimeout, boolean accessibility, boolean osworldCompat) {
  public SandboxOptions {
    if (width < 64 || width > 16384 || height < 64 || height > 16384) {
      throw new IllegalArgumentException("sandbox screen must be 64..16384 pixels a side, was " + width + "x" + height);
    }
    Objects.requireNonNull(windowManager, "windowManager");
    if (windowManager.isBlank() || !windowManager.matches("[A-Za-z0-9._/+-]+( [A-Za-z0-9._/=+-]+)*")) {
      throw new IllegalArgumentException(
          "window manager must be a command like 'openbox' or 'none', was '" + windowManager + "'");
    }
    if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
      throw new IllegalArgumentException("sandbox ready timeout must be positive, was " + readyTimeout);
    }
  }

  public SandboxOptions(int width, int height, String windowManager, Duration readyTimeout) {
    this(width, height, windowManager, readyTimeout, false, false);
  }

  /** 1920x1080 with openbox, 20 s to become ready, no accessibility, the token on every endpoint. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(1920, 1080, "openbox", Duration.ofSeconds(20));
  }

  public SandboxOptions withSize(int width, int height) {
    return new SandboxOptions(width, height, windowManager, readyTimeout, accessibility, osworldCompat);
  }

  public SandboxOptions withWindowManager(String windowManager) {
    return new SandboxOptions(width, height, windowManager, readyTimeout, accessibility, osworldCompat);
  }

  public SandboxOptions withReadyTimeout(Duration readyTimeout) {
    return new SandboxOptions(width, height, windowManager, readyTimeout, accessibility, osworldCompat);
  }

  /** With apps exporting accessibility trees (AT-SPI). */
  public SandboxOptions withAccessibility(boolean accessibility) {
    return new SandboxOptions(width, height, windowManager, readyTimeout, accessibility, osworldCompat);
  }

  /** With OSWorld's endpoints served without a token (the guest binds 127.0.0.1 only). */
  public SandboxOptions withOsworldCompat(boolean osworldCompat) {
    return new SandboxOptions(width, height, windowManager, readyTimeout, accessibility, osworldCompat);
  }
}
