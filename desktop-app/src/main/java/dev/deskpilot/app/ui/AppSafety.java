package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.control.Consent;
import dev.deskpilot.agent.control.RuleSafetyGate;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.agent.control.SafetyPolicy;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.perception.Observation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's safety settings mapped onto the agent's {@link RuleSafetyGate}: the allow-lists of apps
 * and domains go into its {@link SafetyPolicy}; the level decides what its "ask" rules do.
 *
 * <ul>
 *   <li>{@link AppSettings.SafetyLevel#ASK_RISKY}: the rules' own verdicts (ask before privileges,
 *       secrets, sending, buying, deleting, unlisted apps and domains, on-screen instructions;
 *       refuse destructive shell commands).
 *   <li>{@link AppSettings.SafetyLevel#ASK_EVERY}: as above, and every other action that touches the
 *       screen asks too (rule {@value #EVERY_ACTION}).
 *   <li>{@link AppSettings.SafetyLevel#ALLOW_ALL}: every rule that would ask allows; rules that
 *       refuse still refuse.
 * </ul>
 *
 * The person's answers come from the app's consent dialog, so the policy's headless answer is never
 * used.
 */
final class AppSafety {
  /** The rule id of the "ask before every action" level. */
  static final String EVERY_ACTION = "every-action";

  private AppSafety() {}

  /** The gate for these settings. */
  static SafetyGate gate(AppSettings settings) {
    Map<String, Verdict.Kind> rules = new LinkedHashMap<>();
    if (settings.safety() == AppSettings.SafetyLevel.ALLOW_ALL) {
      SafetyPolicy.DEFAULT_RULES.forEach((rule, kind) -> {
        if (kind == Verdict.Kind.ASK) {
          rules.put(rule, Verdict.Kind.ALLOW);
        }
      });
    }
    RuleSafetyGate rulesGate =
        new RuleSafetyGate(new SafetyPolicy(rules, settings.allowedDomains(), settings.allowedApps(), Consent.DENY));
    if (settings.safety() != AppSettings.SafetyLevel.ASK_EVERY) {
      return rulesGate;
    }
    return new SafetyGate() {
      @Override
      public Verdict check(Action action, Observation observation, List<Step> history) {
        return check(action, List.of(), observation, history);
      }

      @Override
      public Verdict check(Action action, List<Action> earlier, Observation observation, List<Step> history) {
        Verdict v = rulesGate.check(action, earlier, observation, history);
        if (v.kind() != Verdict.Kind.ALLOW || !touchesScreen(action)) {
          return v;
        }
        return Verdict.ask(EVERY_ACTION, "You asked to approve every action (Settings → Safety).");
      }
    };
  }

  /** Whether an action sends input (waits, observations and the run's ending do not). */
  static boolean touchesScreen(Action action) {
    return !(action.isTerminal()
        || action instanceof Action.Wait
        || action instanceof Action.CursorPosition
        || action instanceof Action.Zoom
        || action instanceof Action.CallUser);
  }
}
