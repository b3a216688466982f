package dev.deskpilot.agent.provider;

import dev.deskpilot.agent.provider.anthropic.AnthropicPolicy;
import dev.deskpilot.agent.provider.openai.OpenAiPolicy;
import dev.deskpilot.agent.provider.openaicompat.CompatPolicy;
import java.util.Map;
import java.util.Optional;

/** Creates the policy for a model spec: the one entry point the loop and the app need. */
public final class Providers {
  private Providers() {}

  /**
   * Creates a policy, reading its API key from {@code env} ({@code OPENAI_API_KEY}, {@code
   * ANTHROPIC_API_KEY}, or the optional {@code OPENAI_COMPAT_API_KEY}).
   *
   * @param env the process environment or a config file's values; nothing else is read
   * @throws IllegalStateException naming the variable when a required key is missing
   * @throws IllegalArgumentException when the config asks for something the provider cannot do
   */
  public static ProviderPolicy create(ModelSpec spec, ProviderConfig config, Map<String, String> env) {
    String variable = spec.provider().keyVariable();
    Optional<ApiKey> key;
    if (spec.provider().requiresKey()) {
      key = Optional.of(ApiKey.fromEnv(env, variable));
    } else {
      String v = env.get(variable);
      key = v == null || v.isBlank() ? Optional.empty() : Optional.of(ApiKey.fromEnv(env, variable));
    }
    return create(spec, config, key);
  }

  /**
   * Creates a policy with an explicit key (empty only for {@code openai-compat}).
   *
   * @throws IllegalStateException when the provider needs a key and none is given
   */
  public static ProviderPolicy create(ModelSpec spec, ProviderConfig config, Optional<ApiKey> key) {
    if (spec.provider().requiresKey() && key.isEmpty()) {
      throw new IllegalStateException(
          spec.provider().keyVariable() + " is not set: " + spec + " needs an API key");
    }
    return switch (spec.provider()) {
      case OPENAI -> new OpenAiPolicy(spec, config, key.orElseThrow());
      case ANTHROPIC -> new AnthropicPolicy(spec, config, key.orElseThrow());
      case OPENAI_COMPAT -> new CompatPolicy(spec, config, key);
    };
  }
}
