/**
 * Anthropic Messages API computer use ({@code computer_20250124}, {@code computer_20251124}). See
 * {@link dev.deskpilot.agent.provider.anthropic.AnthropicPolicy}.
 */
package dev.deskpilot.agent.provider.anthropic;
