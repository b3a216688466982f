package dev.deskpilot.agent.budget;

/**
 * What a model's tokens cost, in US dollars per million tokens.
 *
 * @param input prompt tokens not served from a cache
 * @param output generated tokens
 * @param cacheRead prompt tokens served from the provider's cache
 * @param cacheWrite prompt tokens written to the cache (Anthropic; OpenAI has none)
 */
public record Price(double input, double output, double cacheRead, double cacheWrite) {
  public Price {
    check(input, "input");
    check(output, "output");
    check(cacheRead, "cacheRead");
    check(cacheWrite, "cacheWrite");
  }

  /** A model that costs nothing (a local server). */
  public static final Price FREE = new Price(0, 0, 0, 0);

  private static void check(double v, String name) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " price must be a finite number >= 0 (USD per million tokens), was " + v);
    }
  }
}
