package dev.deskpilot.agent;

import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderPolicy;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A policy that answers from a script of functions (one per decision, the last one repeats) and
 * records every input it got; as a {@link ProviderPolicy} it reports a fixed usage per decision.
 */
class ScriptedPolicy implements ProviderPolicy {
  private final List<Function<PolicyInput, Decision>> script;
  private final List<PolicyInput> inputs = new ArrayList<>();
  private final ModelSpec spec;
  private final Usage perDecision;
  private Usage total = Usage.ZERO;

  @SafeVarargs
  ScriptedPolicy(Function<PolicyInput, Decision>... script) {
    this(ModelSpec.parse("anthropic:claude-sonnet-4-5"), Usage.ZERO, script);
  }

  @SafeVarargs
  ScriptedPolicy(ModelSpec spec, Usage perDecision, Function<PolicyInput, Decision>... script) {
    this.script = List.of(script);
    this.spec = spec;
    this.perDecision = perDecision;
  }

  synchronized List<PolicyInput> inputs() {
    return List.copyOf(inputs);
  }

  @Override
  public Decision decide(PolicyInput input) {
    int n;
    synchronized (this) {
      inputs.add(input);
      n = inputs.size();
      total = total.plus(perDecision);
    }
    return script.get(Math.min(n, script.size()) - 1).apply(input);
  }

  @Override
  public Decision decide(String instruction, List<Step> history, Observation observation) {
    return decide(PolicyInput.of(instruction, history, observation));
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public Usage lastUsage() {
    return perDecision;
  }

  @Override
  public synchronized Usage totalUsage() {
    return total;
  }

  @Override
  public void close() {}
}
