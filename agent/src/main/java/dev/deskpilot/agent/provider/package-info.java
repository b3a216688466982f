/**
 * Model-provider policies: a {@link dev.deskpilot.agent.Policy} per model API, made from a {@link
 * dev.deskpilot.agent.provider.ModelSpec} by {@link dev.deskpilot.agent.provider.Providers}.
 *
 * <pre>{@code
 * ModelSpec spec = ModelSpec.parse("anthropic:claude-sonnet-4-5");
 * ProviderConfig config = ProviderConfig.builder().safetyChecks(check -> askPerson(check)).build();
 * try (ProviderPolicy policy = Providers.create(spec, config, System.getenv())) {
 *   Decision d = policy.decide(instruction, history, observation);
 *   ... policy.lastUsage(), policy.totalUsage()
 * }
 * }</pre>
 *
 * <p>One package per provider ({@code openai}, {@code anthropic}, {@code openaicompat}), each a
 * policy (the client side: conversation state, HTTP) and a package-private codec (wire JSON to and
 * from {@link dev.deskpilot.actuators.Action}s). Screenshots are scaled down for each model and the
 * model's points mapped back to screen pixels; a point outside the image the model saw is an error
 * of the reply. Transport failures (429, 5xx, 529, timeouts, dropped connections) are retried with
 * backoff; an unusable reply is asked for again with the problem stated; what still fails is a
 * {@link dev.deskpilot.agent.PolicyException}. API keys ({@link dev.deskpilot.agent.provider.ApiKey})
 * never appear in messages, {@code toString()}s or logs.
 */
package dev.deskpilot.agent.provider;
