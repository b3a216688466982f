/**
 * Tokens and money: {@link dev.deskpilot.agent.budget.Budget} (the cost limit of a run) with a
 * {@link dev.deskpilot.agent.budget.PriceTable}, {@link dev.deskpilot.agent.budget.FrameFingerprint}
 * (did the screen change, so that no new screenshot is sent), and {@link
 * dev.deskpilot.agent.budget.RequestTokens} (offline estimates of a request body's tokens).
 */
package dev.deskpilot.agent.budget;
