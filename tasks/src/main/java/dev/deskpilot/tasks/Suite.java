package dev.deskpilot.tasks;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A task set read from an OSWorld-shaped folder. Problems with single tasks do not stop the others:
 * they are listed here for the runner to report.
 *
 * @param root the suite folder (holding {@code examples/})
 * @param index the index file used, if any ({@code test_all.json} by default)
 * @param tasks the readable tasks, in index order (or by domain and file name without an index)
 * @param missing ids the index names without a task file
 * @param errors task files that are not valid tasks, one line each
 * @param unindexed task files present but not named by the index (not run)
 */
public record Suite(
    Path root,
    Optional<Path> index,
    List<Task> tasks,
    List<MissingTask> missing,
    List<TaskFormatException> errors,
    List<Path> unindexed) {
  public Suite {
    tasks = List.copyOf(tasks);
    missing = List.copyOf(missing);
    errors = List.copyOf(errors);
    unindexed = List.copyOf(unindexed);
  }
}
