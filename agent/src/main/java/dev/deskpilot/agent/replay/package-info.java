/**
 * Saved runs as regression tests: {@link dev.deskpilot.agent.replay.Trajectory} reads a results
 * folder's {@code steps.jsonl} (written by {@link dev.deskpilot.agent.replay.StepJson}), {@link
 * dev.deskpilot.agent.replay.ReplayPlan} turns recorded clicks into clicks on the text under them,
 * {@link dev.deskpilot.agent.replay.ReplayPolicy} re-runs it grounded anew on each screen, and
 * {@link dev.deskpilot.agent.replay.ScriptWriter} writes it as step-script lines.
 */
package dev.deskpilot.agent.replay;
