package dev.deskpilot.tasks.internal;

import dev.deskpilot.tasks.StepOutcome;
import dev.deskpilot.tasks.TaskContext;

/**
 * Runs one kind of OSWorld setup step that is kept raw in the task model ({@code download},
 * {@code open}, {@code activate_window}, ...). A step OSWorld treats as fatal when it fails throws
 * (a {@link dev.deskpilot.actuators.DesktopException} of kind FAILED, or an {@link
 * dev.deskpilot.tasks.EvaluationException} NOT_CACHED for a file that cannot be had); one OSWorld
 * only logs returns an outcome that is not ok.
 */
@FunctionalInterface
public interface StepHandler {
  StepOutcome run(TaskContext ctx, StepParams step) throws InterruptedException;
}
