package dev.deskpilot.app.ui;

import dev.deskpilot.agent.provider.ModelSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a person configured in the app; immutable, stored as JSON ({@link SettingsFile}). API keys
 * are not here: they live in the environment or in {@link KeyFile}.
 *
 * @param theme dark or light
 * @param models model specs offered in the model picker besides the offline step script
 * @param lastModel the picker's last choice: {@link #STEP_SCRIPT} or one of {@code models}
 * @param killSwitch the global kill-switch hotkey (default {@code ctrl+shift+escape})
 * @param pauseKey the pause/resume hotkey
 * @param safety when the safety gate asks a person (mapped onto the agent's {@link
 *     dev.deskpilot.agent.control.RuleSafetyGate} by {@link AppSafety})
 * @param allowedApps programs a command typed at a shell prompt may start without asking; empty =
 *     any
 * @param allowedDomains hosts (and their subdomains) a typed address may go to without asking;
 *     empty = any
 * @param screenshotScale 0.1..1: the share of the screen's size sent to a model (1 = the
 *     provider's own default)
 * @param maxSteps most steps of one run
 * @param timeoutMinutes wall-clock limit of one run
 * @param previewDelayMs how long the next action is shown on the screenshot before it happens
 * @param resultsDir where runs are recorded and history is read from
 * @param prices USD per million tokens by model spec, for the cost shown while a run goes
 */
record AppSettings(
    Theme theme,
    List<String> models,
    String lastModel,
    String killSwitch,
    String pauseKey,
    SafetyLevel safety,
    List<String> allowedApps,
    List<String> allowedDomains,
    double screenshotScale,
    int maxSteps,
    int timeoutMinutes,
    int previewDelayMs,
    String resultsDir,
    Map<String, Price> prices) {

  /** The picker's entry for the offline step-script policy. */
  static final String STEP_SCRIPT = "step-script";

  enum Theme {
    DARK,
    LIGHT
  }

  /** When the safety gate stops to ask. */
  enum SafetyLevel {
    /**
     * The safety rules as they come: ask before privileges, secrets, sending, buying, deleting,
     * unlisted apps and domains and on-screen instructions; refuse destructive shell commands.
     */
    ASK_RISKY("Ask before risky actions"),
    /** As {@link #ASK_RISKY}, and ask before every other action that touches the screen too. */
    ASK_EVERY("Ask before every action"),
    /** Never ask: what the rules would ask about goes ahead; destructive shell commands stay refused. */
    ALLOW_ALL("Never ask (destructive commands stay refused)");

    private final String label;

    SafetyLevel(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  /** USD per million input and output tokens. */
  record Price(double input, double output) {
    Price {
      if (!(input >= 0) || !(output >= 0) || Double.isInfinite(input) || Double.isInfinite(output)) {
        throw new IllegalArgumentException("prices must be finite and not negative, were " + input + " / " + output);
      }
    }

    double cost(long inputTokens, long outputTokens) {
      return (inputTokens * input + outputTokens * output) / 1_000_000.0;
    }
  }

  AppSettings {
    Objects.requireNonNull(theme, "theme");
    models = List.copyOf(models);
    for (String m : models) {
      ModelSpec.parse(m); // one clear line naming the bad spec
    }
    if (lastModel == null || lastModel.isBlank()) {
      lastModel = STEP_SCRIPT;
    }
    requireChord(killSwitch, "kill-switch hotkey");
    requireChord(pauseKey, "pause hotkey");
    Objects.requireNonNull(safety, "safety");
    allowedApps = cleanList(allowedApps, "allowed app");
    allowedDomains = cleanList(allowedDomains, "allowed domain").stream().map(d -> d.toLowerCase(java.util.Locale.ROOT)).toList();
    if (!(screenshotScale >= 0.1 && screenshotScale <= 1.0)) {
      throw new IllegalArgumentException("screenshot scale must be 0.1..1, was " + screenshotScale);
    }
    if (maxSteps < 1 || maxSteps > 500) {
      throw new IllegalArgumentException("step limit must be 1..500, was " + maxSteps);
    }
    if (timeoutMinutes < 1 || timeoutMinutes > 600) {
      throw new IllegalArgumentException("time limit must be 1..600 minutes, was " + timeoutMinutes);
    }
    if (previewDelayMs < 0 || previewDelayMs > 10_000) {
      throw new IllegalArgumentException("preview delay must be 0..10000 ms, was " + previewDelayMs);
    }
    if (resultsDir == null || resultsDir.isBlank()) {
      throw new IllegalArgumentException("results folder must not be blank");
    }
    prices = java.util.Collections.unmodifiableMap(new TreeMap<>(prices == null ? Map.of() : prices));
  }

  private static List<String> cleanList(List<String> items, String what) {
    if (items == null) {
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    for (String i : items) {
      String v = i == null ? "" : i.strip();
      if (v.isEmpty()) {
        continue;
      }
      if (v.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException(what + " '" + v + "' must be one word (e.g. mousepad, example.com)");
      }
      if (!out.contains(v)) {
        out.add(v);
      }
    }
    return List.copyOf(out);
  }

  private static void requireChord(String chord, String what) {
    if (chord == null || chord.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank (e.g. ctrl+shift+escape)");
    }
    try {
      dev.deskpilot.actuators.Action.KeyChord.parse(chord);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " '" + chord + "': " + e.getMessage());
    }
  }

  /** The settings of a fresh install. */
  static AppSettings defaults() {
    return new AppSettings(
        Theme.DARK,
        List.of("anthropic:claude-sonnet-4-5", "openai:computer-use-preview", "openai-compat:http://localhost:11434/v1#qwen2.5vl"),
        STEP_SCRIPT,
        "ctrl+shift+escape",
        "ctrl+alt+p",
        SafetyLevel.ASK_RISKY,
        List.of(),
        List.of(),
        1.0,
        30,
        15,
        600,
        "results",
        Map.of());
  }

  Path resultsPath() {
    return Path.of(resultsDir);
  }

  AppSettings withTheme(Theme t) {
    return new AppSettings(t, models, lastModel, killSwitch, pauseKey, safety, allowedApps, allowedDomains, screenshotScale, maxSteps,
        timeoutMinutes, previewDelayMs, resultsDir, prices);
  }

  AppSettings withLastModel(String m) {
    return new AppSettings(theme, models, m, killSwitch, pauseKey, safety, allowedApps, allowedDomains, screenshotScale, maxSteps,
        timeoutMinutes, previewDelayMs, resultsDir, prices);
  }

  AppSettings withSafety(SafetyLevel s) {
    return new AppSettings(theme, models, lastModel, killSwitch, pauseKey, s, allowedApps, allowedDomains, screenshotScale, maxSteps,
        timeoutMinutes, previewDelayMs, resultsDir, prices);
  }

  AppSettings withAllowLists(List<String> apps, List<String> domains) {
    return new AppSettings(theme, models, lastModel, killSwitch, pauseKey, safety, apps, domains, screenshotScale, maxSteps,
        timeoutMinutes, previewDelayMs, resultsDir, prices);
  }

  AppSettings withKillSwitch(String chord) {
    return new AppSettings(theme, models, lastModel, chord, pauseKey, safety, allowedApps, allowedDomains, screenshotScale,
        maxSteps, timeoutMinutes, previewDelayMs, resultsDir, prices);
  }

  AppSettings withPreviewDelayMs(int ms) {
    return new AppSettings(theme, models, lastModel, killSwitch, pauseKey, safety, allowedApps, allowedDomains, screenshotScale, maxSteps,
        timeoutMinutes, ms, resultsDir, prices);
  }

  AppSettings withResultsDir(String dir) {
    return new AppSettings(theme, models, lastModel, killSwitch, pauseKey, safety, allowedApps, allowedDomains, screenshotScale, maxSteps,
        timeoutMinutes, previewDelayMs, dir, prices);
  }

  /** Human form of a chord, e.g. {@code Ctrl+Alt+Esc}. */
  static String displayChord(String chord) {
    StringBuilder sb = new StringBuilder();
    for (String part : chord.split("\\s*\\+\\s*")) {
      if (!sb.isEmpty()) {
        sb.append('+');
      }
      String p = part.strip().toLowerCase(java.util.Locale.ROOT);
      sb.append(switch (p) {
        case "ctrl", "control" -> "Ctrl";
        case "alt" -> "Alt";
        case "shift" -> "Shift";
        case "super", "win", "meta", "cmd" -> "Super";
        case "escape", "esc" -> "Esc";
        case "enter", "return" -> "Enter";
        default -> p.length() == 1 ? p.toUpperCase(java.util.Locale.ROOT)
            : Character.toUpperCase(p.charAt(0)) + p.substring(1);
      });
    }
    return sb.toString();
  }
}
