package dev.deskpilot.tasks;

import dev.deskpilot.actuators.Desktop;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything setup steps, getters and metrics of one task run need.
 *
 * @param task the task
 * @param desktop where it runs
 * @param workDir a local folder for files fetched during the run ({@code vm_file} copies, a step's
 *     {@code stdout} file); created when needed
 * @param placeholders values for {@code {CLIENT_PASSWORD}} and the screen placeholders
 * @param files local copies of downloadable files
 * @param sleeper how {@code sleep} steps wait
 * @param commandTimeout how long one command may run (OSWorld's server allows 120 s)
 * @param log receives one line per step run and value judged, for {@code runtime.log}
 */
public record TaskContext(
    Task task,
    Desktop desktop,
    Path workDir,
    Placeholders placeholders,
    FileCache files,
    Sleeper sleeper,
    Duration commandTimeout,
    Consumer<String> log) {
  /** OSWorld's server-side limit for one command. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(120);

  public TaskContext {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(desktop, "desktop");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(placeholders, "placeholders");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(sleeper, "sleeper");
    if (commandTimeout == null || commandTimeout.isNegative() || commandTimeout.isZero()) {
      throw new IllegalArgumentException("commandTimeout must be positive, was " + commandTimeout);
    }
    Objects.requireNonNull(log, "log");
  }

  /** OSWorld defaults: placeholders for 1920x1080 and password "password", no file cache, real sleeps. */
  public static TaskContext of(Task task, Desktop desktop, Path workDir) {
    return new TaskContext(
        task, desktop, workDir, Placeholders.osworldDefaults(), FileCache.none(), Sleeper.REAL,
        DEFAULT_COMMAND_TIMEOUT, line -> {});
  }

  public TaskContext withPlaceholders(Placeholders p) {
    return new TaskContext(task, desktop, workDir, p, files, sleeper, commandTimeout, log);
  }

  public TaskContext withFiles(FileCache f) {
    return new TaskContext(task, desktop, workDir, placeholders, f, sleeper, commandTimeout, log);
  }

  public TaskContext withSleeper(Sleeper s) {
    return new TaskContext(task, desktop, workDir, placeholders, files, s, commandTimeout, log);
  }

  public TaskContext withCommandTimeout(Duration t) {
    return new TaskContext(task, desktop, workDir, placeholders, files, sleeper, t, log);
  }

  public TaskContext withLog(Consumer<String> l) {
    return new TaskContext(task, desktop, workDir, placeholders, files, sleeper, commandTimeout, l);
  }
}
