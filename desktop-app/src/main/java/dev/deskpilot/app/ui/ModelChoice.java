package dev.deskpilot.app.ui;

import dev.deskpilot.agent.provider.ModelSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of the model picker: the offline step script or a configured model, with whether it
 * can run now and, if not, the one thing to do about it.
 *
 * @param id {@link AppSettings#STEP_SCRIPT} or a model spec
 * @param label what the picker shows
 * @param spec the parsed spec; empty for the step script
 * @param problem why it cannot run (e.g. a missing key), empty when it can
 */
record ModelChoice(String id, String label, Optional<ModelSpec> spec, String problem) {
  boolean available() {
    return problem.isEmpty();
  }

  boolean isStepScript() {
    return spec.isEmpty();
  }

  /** The step script first, then every configured model, checked against the keys in {@code env}. */
  static List<ModelChoice> list(AppSettings settings, Map<String, String> env) {
    List<ModelChoice> out = new ArrayList<>();
    out.add(new ModelChoice(AppSettings.STEP_SCRIPT, "Step script (offline)", Optional.empty(), ""));
    for (String s : settings.models()) {
      ModelSpec spec = ModelSpec.parse(s);
      String variable = spec.provider().keyVariable();
      String value = env.get(variable);
      String problem = spec.provider().requiresKey() && (value == null || value.isBlank())
          ? "No API key: set " + variable + " or add it in Settings"
          : "";
      out.add(new ModelChoice(spec.toString(), label(spec), Optional.of(spec), problem));
    }
    return List.copyOf(out);
  }

  private static String label(ModelSpec spec) {
    return switch (spec.provider()) {
      case OPENAI -> "OpenAI · " + spec.model();
      case ANTHROPIC -> "Anthropic · " + spec.model();
      case OPENAI_COMPAT -> spec.model() + " · " + spec.baseUrl().getHost() + (spec.baseUrl().getPort() > 0 ? ":" + spec.baseUrl().getPort() : "");
    };
  }

  /** The results-path model segment. */
  String pathSegment() {
    return spec.map(ModelSpec::pathSafeName).orElse(AppSettings.STEP_SCRIPT);
  }
}
