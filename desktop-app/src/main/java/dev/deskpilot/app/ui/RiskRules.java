package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.perception.Observation;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The app's safety gate for a {@link AppSettings.SafetyLevel}: never ask, ask before every action
 * that touches the screen, or ask before risky ones (typing a destructive shell command, closing a
 * window or application, deleting).
 */
final class RiskRules implements SafetyGate {
  private static final Pattern DESTRUCTIVE =
      Pattern.compile(
          "(\\brm\\s+-[a-z]*[rf]|\\bmkfs|\\bdd\\s+if=|\\bshutdown\\b|\\breboot\\b|\\bsudo\\b|\\bchmod\\s+-R"
              + "|:\\(\\)\\s*\\{|>\\s*/dev/sd|\\bdrop\\s+(table|database)\\b|\\bgit\\s+push\\s+(-f|--force))",
          Pattern.CASE_INSENSITIVE);

  private final AppSettings.SafetyLevel level;

  RiskRules(AppSettings.SafetyLevel level) {
    this.level = level;
  }

  @Override
  public Verdict check(Action action, Observation observation, List<Step> history) {
    if (action.isTerminal() || action instanceof Action.Wait) {
      return Verdict.ALLOW;
    }
    return switch (level) {
      case ALLOW_ALL -> Verdict.ALLOW;
      case ASK_EVERY -> Verdict.ask("every-action", "You asked to approve every action (Settings → Safety).");
      case ASK_RISKY -> risky(action);
    };
  }

  private static Verdict risky(Action action) {
    if (action instanceof Action.TypeText t && DESTRUCTIVE.matcher(t.text()).find()) {
      return Verdict.ask("destructive-command", "It types a command that can destroy data or stop the machine.");
    }
    if (action instanceof Action.KeyChord k) {
      String chord = String.join("+", k.keys()).toLowerCase(Locale.ROOT);
      if (chord.equals("alt+f4") || chord.equals("ctrl+q") || chord.equals("ctrl+w")) {
        return Verdict.ask("close-window", "It closes a window or an application; unsaved work may be lost.");
      }
      if (chord.equals("shift+delete") || chord.equals("shift+del")) {
        return Verdict.ask("delete", "It deletes permanently, without the trash.");
      }
    }
    return Verdict.ALLOW;
  }
}
