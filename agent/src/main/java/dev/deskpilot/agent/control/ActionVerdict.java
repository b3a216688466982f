package dev.deskpilot.agent.control;

import java.util.Objects;

/**
 * How one proposed action was judged, for the trajectory: the gate's (or a provider's) verdict,
 * the person's consent when one was asked, and whether the action was let through.
 *
 * @param action index of the action in its decision
 * @param verdict the gate's verdict; a provider safety check appears as an ASK verdict whose rule
 *     starts with {@code provider-check:}
 * @param consent the person's answer (or the headless policy's), null when nobody was asked
 *     (ALLOW and DENY verdicts, or an ASK whose rule the person had allowed for the run: then
 *     {@code ALLOW_FOR_RUN})
 * @param allowed whether the action went ahead
 */
public record ActionVerdict(int action, Verdict verdict, Consent consent, boolean allowed) {
  public ActionVerdict {
    if (action < 0) {
      throw new IllegalArgumentException("action index must not be negative, was " + action);
    }
    Objects.requireNonNull(verdict, "verdict");
  }
}
