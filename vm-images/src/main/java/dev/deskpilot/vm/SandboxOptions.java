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
 */
public record SandboxOptions(int width, int height, String windowManager, Duration readyTimeout) {
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

  /** 1920x1080 with openbox, 20 s to become ready. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(1920, 1080, "openbox", Duration.ofSeconds(20));
  }

  public SandboxOptions withSize(int width, int height) {
    return new SandboxOptions(width, height, windowManager, readyTimeout);
  }

  public SandboxOptions withWindowManager(String windowManager) {
    return new SandboxOptions(width, height, windowManager, readyTimeout);
  }

  public SandboxOptions withReadyTimeout(Duration readyTimeout) {
    return new SandboxOptions(width, height, windowManager, readyTimeout);
  }
}
