/**
 * OpenAI-compatible chat completions with vision (vLLM, Ollama, LM Studio, OpenRouter) driving
 * UI-TARS style models. See {@link dev.deskpilot.agent.provider.openaicompat.CompatPolicy}.
 */
package dev.deskpilot.agent.provider.openaicompat;
