package dev.deskpilot.agent.control;

import java.util.Objects;

/**
 * The safety gate's judgement of one proposed action.
 *
 * @param kind allow, ask a person, or deny
 * @param rule a short id of the rule that decided (e.g. {@code destructive-shell}), empty for allow
 * @param reason one line a person can read
 */
public record Verdict(Kind kind, String rule, String reason) {
  public enum Kind {
    ALLOW,
    ASK,
    DENY
  }

  public Verdict {
    Objects.requireNonNull(kind, "kind");
    rule = rule == null ? "" : rule;
    reason = reason == null ? "" : reason;
  }

  public static final Verdict ALLOW = new Verdict(Kind.ALLOW, "", "");

  public static Verdict ask(String rule, String reason) {
    return new Verdict(Kind.ASK, rule, reason);
  }

  public static Verdict deny(String rule, String reason) {
    return new Verdict(Kind.DENY, rule, reason);
  }
}
