package dev.deskpilot.app.ui;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything needed to start one run from the app.
 *
 * @param instruction the chore in words
 * @param model which policy
 * @param script the step script text (used when {@code model} is the step script)
 * @param target where to act
 * @param openFirst a shell command started on the target before the run (e.g. {@code mousepad}),
 *     or empty
 * @param maxSteps step limit
 * @param timeout time limit
 * @param previewDelay how long the next action is shown before it happens
 */
record RunRequest(
    String instruction,
    ModelChoice model,
    String script,
    Target target,
    String openFirst,
    int maxSteps,
    Duration timeout,
    Duration previewDelay) {
  RunRequest {
    instruction = instruction == null ? "" : instruction.strip();
    Objects.requireNonNull(model, "model");
    script = script == null ? "" : script;
    Objects.requireNonNull(target, "target");
    openFirst = openFirst == null ? "" : openFirst.strip();
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(previewDelay, "previewDelay");
  }

  /** The one-line reason this request cannot start, or empty. */
  String problem() {
    if (!model.available()) {
      return model.problem();
    }
    if (model.isStepScript() && script.isBlank()) {
      return "Write a step script first (e.g. click \"Save\")";
    }
    if (!model.isStepScript() && instruction.isBlank()) {
      return "Describe the chore first";
    }
    if (target == Target.VM) {
      return "Virtual machines are not available in the app yet";
    }
    return "";
  }
}
