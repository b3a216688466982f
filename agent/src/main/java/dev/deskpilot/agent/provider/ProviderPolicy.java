package dev.deskpilot.agent.provider;

import dev.deskpilot.agent.Policy;

/**
 * A {@link Policy} backed by a model API. One instance serves one run: it keeps the conversation
 * (or the provider's response chain) between {@link #decide} calls, and expects {@code history} to
 * end with the step that carried out its previous decision, whose results it reports back to the
 * model. Not thread-safe.
 */
public interface ProviderPolicy extends Policy, AutoCloseable {
  /** The model this policy asks. */
  ModelSpec spec();

  /** Tokens of the most recent {@code decide} call (all its HTTP replies, re-asks included). */
  Usage lastUsage();

  /** Tokens of every {@code decide} call so far. */
  Usage totalUsage();

  /** Releases the HTTP client's threads and connections. */
  @Override
  void close();
}
