package dev.deskpilot.tasks;

/**
 * What one setup step did. Like OSWorld, a command that fails (non-zero exit, timeout, program not
 * found) does not stop the setup: it is reported here and in the log.
 *
 * @param where e.g. {@code config[2]}
 * @param type the step type
 * @param ok whether it did what it says
 * @param detail one line: the command and its exit code, or why not
 */
public record StepOutcome(String where, String type, boolean ok, String detail) {}
