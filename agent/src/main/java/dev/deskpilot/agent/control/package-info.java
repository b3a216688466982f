/**
 * A person's hand on a run and the safety gate: {@link dev.deskpilot.agent.control.RunControl}
 * (pause, resume, stop, steer), {@link dev.deskpilot.agent.control.SafetyGate} with the rule-based
 * {@link dev.deskpilot.agent.control.RuleSafetyGate} configured by a {@link
 * dev.deskpilot.agent.control.SafetyPolicy} file, {@link dev.deskpilot.agent.control.ConsentHandler}
 * for "ask" verdicts and provider safety checks, and {@link
 * dev.deskpilot.agent.control.PersonChannel} for a policy's questions.
 */
package dev.deskpilot.agent.control;
