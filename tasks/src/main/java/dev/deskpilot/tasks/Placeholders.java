package dev.deskpilot.tasks;

import java.util.List;

/**
 * The values OSWorld substitutes into {@code execute}/{@code command} setup steps:
 * {@code {CLIENT_PASSWORD}}, {@code {SCREEN_WIDTH}}, {@code {SCREEN_HEIGHT}},
 * {@code {SCREEN_WIDTH_HALF}}, {@code {SCREEN_HEIGHT_HALF}} (halves rounded down).
 *
 * @param clientPassword the desktop user's password (OSWorld: "password", "osworld-public-evaluation" on AWS)
 * @param screenWidth screen width in pixels
 * @param screenHeight screen height in pixels
 */
public record Placeholders(String clientPassword, int screenWidth, int screenHeight) {
  public Placeholders {
    if (clientPassword == null) {
      throw new IllegalArgumentException("clientPassword must not be null (use \"\" for none)");
    }
    if (screenWidth <= 0 || screenHeight <= 0) {
      throw new IllegalArgumentException("screen size must be positive, was " + screenWidth + "x" + screenHeight);
    }
  }

  /** OSWorld's defaults for a local VM: password "password", 1920x1080. */
  public static Placeholders osworldDefaults() {
    return new Placeholders("password", 1920, 1080);
  }

  /** Replaces every placeholder in {@code s}; other braces are left alone. */
  public String substitute(String s) {
    return s.replace("{CLIENT_PASSWORD}", clientPassword)
        .replace("{SCREEN_WIDTH_HALF}", Integer.toString(screenWidth / 2))
        .replace("{SCREEN_HEIGHT_HALF}", Integer.toString(screenHeight / 2))
        .replace("{SCREEN_WIDTH}", Integer.toString(screenWidth))
        .replace("{SCREEN_HEIGHT}", Integer.toString(screenHeight));
  }

  public List<String> substitute(List<String> parts) {
    return parts.stream().map(this::substitute).toList();
  }
}
