/**
 * OpenAI Responses API computer use: the preview {@code computer_use_preview} tool and the GA
 * {@code computer} tool with batched actions. See {@link
 * dev.deskpilot.agent.provider.openai.OpenAiPolicy}.
 */
package dev.deskpilot.agent.provider.openai;
