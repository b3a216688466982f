package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a getter hands a metric, the Java shape of OSWorld's Python values: {@code None}, a string
 * of text, a local file path, a list of paths (some None), or JSON data (rules, settings).
 */
public sealed interface Value {
  /** Python's {@code None}: the getter found nothing (e.g. the file is not on the desktop). */
  Value NOTHING = new Nothing();

  /** One line for logs and reports. */
  String summary();

  /** Python {@code None}. Metrics score it 0 (OSWorld: "a getter that cannot find its file scores 0"). */
  record Nothing() implements Value {
    @Override
    public String summary() {
      return "None";
    }
  }

  /** A string, e.g. a command's stdout. */
  record Text(String text) implements Value {
    public Text {
      Objects.requireNonNull(text, "text");
    }

    @Override
    public String summary() {
      return "text " + Summaries.quote(text);
    }
  }

  /** A file on this machine (a copy of a desktop file, or a cached download). */
  record LocalFile(Path path) implements Value {
    public LocalFile {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String summary() {
      return "file " + path;
    }
  }

  /** Several files (OSWorld's {@code multi} getters with several {@code gives}); empty = None. */
  record LocalFiles(List<Optional<Path>> paths) implements Value {
    public LocalFiles {
      paths = List.copyOf(paths);
    }

    @Override
    public String summary() {
      return "files " + paths.stream().map(p -> p.map(Path::toString).orElse("None")).toList();
    }
  }

  /** JSON data, e.g. a {@code rule} getter's {@code rules}. */
  record Json(JsonNode node) implements Value {
    public Json {
      Objects.requireNonNull(node, "node");
    }

    @Override
    public String summary() {
      return "json " + Summaries.clip(node.toString());
    }
  }
}
