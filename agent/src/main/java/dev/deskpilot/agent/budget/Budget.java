package dev.deskpilot.agent.budget;

import dev.deskpilot.agent.Policy;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderPolicy;
import dev.deskpilot.agent.provider.Usage;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A run's spending limit and the prices it counts with. The loop prices every step's tokens and,
 * once the total reaches {@code maxCostUsd}, ends the run before the next model call with outcome
 * LIMIT (the step whose call crossed the limit still performs its actions: they are paid for).
 *
 * @param maxCostUsd the most to spend, in US dollars; empty = no limit
 * @param prices what tokens cost
 */
public record Budget(OptionalDouble maxCostUsd, PriceTable prices) {
  /** No limit; costs are still counted with the default prices. */
  public static final Budget UNLIMITED = new Budget(OptionalDouble.empty(), PriceTable.defaults());

  public Budget {
    Objects.requireNonNull(maxCostUsd, "maxCostUsd (use OptionalDouble.empty())");
    Objects.requireNonNull(prices, "prices");
    if (maxCostUsd.isPresent()) {
      double v = maxCostUsd.getAsDouble();
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("max cost must be a positive number of US dollars, was " + v);
      }
    }
  }

  /** A limit of {@code usd} US dollars with the default prices (the {@code --max-cost} flag). */
  public static Budget maxCost(double usd) {
    return new Budget(OptionalDouble.of(usd), PriceTable.defaults());
  }

  /** The same limit with {@code extra} prices added to (or replacing) the table's. */
  public Budget withPrices(PriceTable extra) {
    return new Budget(maxCostUsd, prices.with(extra));
  }

  /** The price of the policy's model, empty for policies without one or models not in the table. */
  public Optional<Price> priceOf(Policy policy) {
    return policy instanceof ProviderPolicy p ? prices.find(p.spec()) : Optional.of(Price.FREE);
  }

  /**
   * Checks that a run of {@code policy} can be held to this budget.
   *
   * @throws IllegalArgumentException when a limit is set and the policy's model has no price
   */
  public void requirePriced(Policy policy) {
    if (maxCostUsd.isPresent() && priceOf(policy).isEmpty()) {
      ModelSpec spec = ((ProviderPolicy) policy).spec();
      throw new IllegalArgumentException("no price known for " + spec + ", so a cost limit cannot be kept;"
          + " give one in a price file, e.g. {\"" + spec.provider().prefix() + ":" + spec.model()
          + "\": {\"input\": 3, \"output\": 15}} (USD per million tokens)");
    }
  }

  /** What {@code usage} of {@code policy}'s model cost (0 when its price is unknown). */
  public double cost(Policy policy, Usage usage) {
    if (!(policy instanceof ProviderPolicy p)) {
      return 0;
    }
    return prices.find(p.spec()).map(price -> PriceTable.cost(p.spec().provider(), price, usage)).orElse(0.0);
  }

  /** Whether {@code spentUsd} has reached the limit. */
  public boolean exhausted(double spentUsd) {
    return maxCostUsd.isPresent() && spentUsd >= maxCostUsd.getAsDouble();
  }
}
