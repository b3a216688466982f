package dev.deskpilot.tasks;

import dev.deskpilot.agent.Policy;
import dev.deskpilot.agent.script.StepScript;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.Providers;
import dev.deskpilot.agent.script.StepScriptPolicy;
import dev.deskpilot.perception.Grounder;
import java.util.Map;

/** Makes a fresh policy for each task run; {@link #model()} names the results folder. */
public interface PolicyFactory {
  /**
   * @throws IllegalArgumentException when the task cannot be run by this policy (one line: why)
   */
  Policy create(Task task);

  /** The model segment of the results path, e.g. {@code step-script}. */
  String model();

  /**
   * How many WAITs in a row end a run (0: no cap). Step scripts wait for their targets with their
   * own timeouts; models get a cap so an endless WAIT ends the task with a reason.
   */
  default int maxConsecutiveWaits() {
    return 0;
  }

  /** Plays each task's Deskpilot step script ({@code "deskpilot": {"script": [...]}}). */
  static PolicyFactory stepScripts() {
    return new PolicyFactory() {
      @Override
      public Policy create(Task task) {
        var spec =
            task.deskpilot()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            task.source() + ": task has no \"deskpilot\".\"script\" to run offline; give a model with --model"));
        try {
          return new StepScriptPolicy(StepScript.parse(spec.script()), new Grounder());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(task.source() + ": /deskpilot/script: " + e.getMessage(), e);
        }
      }

      @Override
      public String model() {
        return "step-script";
      }
    };
  }

  /**
   * A model provider for every task.
   *
   * @param env where API keys are read from (the process environment in the CLI)
   * @throws IllegalStateException at once, naming the variable, when the provider's key is missing
   */
  static PolicyFactory model(ModelSpec spec, ProviderConfig config, Map<String, String> env) {
    Providers.create(spec, config, env).close(); // fail fast on a missing key, before any sandbox starts
    return new PolicyFactory() {
      @Override
      public Policy create(Task task) {
        return Providers.create(spec, config, env);
      }

      @Override
      public String model() {
        return spec.pathSafeName();
      }

      @Override
      public int maxConsecutiveWaits() {
        return 5;
      }
    };
  }
}
