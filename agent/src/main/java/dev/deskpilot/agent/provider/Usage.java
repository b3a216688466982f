package dev.deskpilot.agent.provider;

/**
 * Tokens a model API reported for one or more calls, as the provider counts them.
 *
 * <p>OpenAI counts cached prompt tokens inside {@code inputTokens} (and again in {@code
 * cacheReadTokens}); Anthropic reports them apart from {@code inputTokens}. Compare runs of the same
 * provider, not across providers.
 *
 * @param inputTokens prompt tokens
 * @param outputTokens generated tokens (including reasoning tokens)
 * @param cacheReadTokens prompt tokens served from the provider's cache
 * @param cacheWriteTokens prompt tokens written to the provider's cache (Anthropic)
 * @param calls HTTP calls that returned a reply (re-asks count; transport retries do not)
 */
public record Usage(
    long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, int calls) {
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0 || calls < 0) {
      throw new IllegalArgumentException("usage counts must not be negative: " + inputTokens + "/"
          + outputTokens + "/" + cacheReadTokens + "/" + cacheWriteTokens + "/" + calls);
    }
  }

  public Usage plus(Usage o) {
    return new Usage(
        inputTokens + o.inputTokens,
        outputTokens + o.outputTokens,
        cacheReadTokens + o.cacheReadTokens,
        cacheWriteTokens + o.cacheWriteTokens,
        calls + o.calls);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
