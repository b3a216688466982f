package dev.deskpilot.tasks;

import java.nio.file.Path;

/**
 * Where one task run's results go, as OSWorld lays them out:
 * {@code results/<action_space>/<observation_type>/<model>/<domain>/<task_id>/}. Every part is one
 * folder name (no '/', not '.' or '..'): give a model like {@code org/name} as {@code org_name}.
 */
public record RunPath(String actionSpace, String observationType, String model, String domain, String taskId) {
  public RunPath {
    requireSegment("action space", actionSpace);
    requireSegment("observation type", observationType);
    requireSegment("model", model);
    requireSegment("domain", domain);
    requireSegment("task id", taskId);
  }

  /** {@code <root>/<action_space>/<observation_type>/<model>}: what {@link ResultsIndex} scans. */
  public Path modelDir(Path resultsRoot) {
    return resultsRoot.resolve(actionSpace).resolve(observationType).resolve(model);
  }

  /** {@code <root>/<action_space>/<observation_type>/<model>/<domain>/<task_id>}. */
  public Path taskDir(Path resultsRoot) {
    return modelDir(resultsRoot).resolve(domain).resolve(taskId);
  }

  static void requireSegment(String what, String s) {
    if (s == null || s.isBlank() || s.contains("/") || s.contains("\\") || s.equals(".") || s.equals("..")
        || s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(what + " '" + s + "' cannot name a results folder (no '/', not '.' or '..')");
    }
  }
}
