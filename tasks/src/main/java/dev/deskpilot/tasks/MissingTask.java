package dev.deskpilot.tasks;

import java.nio.file.Path;

/**
 * A task the suite index names but whose file is not there (e.g. OSWorld's thunderbird and
 * vs_code tasks when only the Linux files were copied).
 *
 * @param domain the index domain
 * @param id the task id
 * @param expectedFile where the file was looked for
 */
public record MissingTask(String domain, String id, Path expectedFile) {}
