package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One OSWorld-format task, checked. Fields the harness does not read ({@code snapshot},
 * {@code source}, {@code related_apps}, {@code proxy}, ...) stay in {@link #raw()}.
 *
 * @param id the task id (also its results folder name)
 * @param instruction the task in words, as given to the agent
 * @param domain the suite domain (the folder the file is in, e.g. {@code os}, {@code libreoffice_calc})
 * @param config setup steps run before the agent starts
 * @param evaluator how the end state is judged
 * @param raw the whole task object as written (do not modify)
 * @param source the file it was read from
 * @param deskpilot Deskpilot's own {@code "deskpilot"} field, if present
 */
public record Task(
    String id,
    String instruction,
    String domain,
    List<SetupStep> config,
    EvaluatorSpec evaluator,
    ObjectNode raw,
    Path source,
    Optional<DeskpilotSpec> deskpilot) {
  public Task {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("a task needs an id");
    }
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(domain, "domain");
    config = List.copyOf(config);
    Objects.requireNonNull(evaluator, "evaluator");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(deskpilot, "deskpilot");
  }

  /** The folder of the task file: relative {@code cloud_file} paths resolve against it. */
  public Path directory() {
    Path parent = source.toAbsolutePath().getParent();
    return parent == null ? source.toAbsolutePath().getRoot() : parent;
  }
}
