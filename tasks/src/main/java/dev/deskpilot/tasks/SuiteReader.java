package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.tasks.internal.JsonFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads an OSWorld-shaped task folder: {@code examples/<domain>/<id>.json}, plus an optional index
 * {@code {"<domain>": ["<id>", ...]}} such as {@code test_all.json} choosing which tasks run.
 */
public final class SuiteReader {
  /** The index used when none is named and it exists. */
  public static final String DEFAULT_INDEX = "test_all.json";

  private SuiteReader() {}

  /**
   * Reads a suite using {@code test_all.json} when present, else every task file.
   *
   * @throws TaskFormatException when the folder has no {@code examples/} or the index is unreadable
   * @throws IOException when the folder cannot be listed
   */
  public static Suite read(Path dir) throws IOException {
    Path index = dir.resolve(DEFAULT_INDEX);
    return read(dir, Files.isRegularFile(index) ? Optional.of(index) : Optional.empty());
  }

  /** Reads a suite using the named index file in {@code dir} (e.g. {@code test_small.json}). */
  public static Suite read(Path dir, String indexFile) throws IOException {
    Path index = dir.resolve(indexFile);
    if (!Files.isRegularFile(index)) {
      throw new TaskFormatException(index, "", "index file not found; expected {\"<domain>\": [\"<id>\", ...]}");
    }
    return read(dir, Optional.of(index));
  }

  private static Suite read(Path dir, Optional<Path> index) throws IOException {
    Path examples = dir.resolve("examples");
    if (!Files.isDirectory(examples)) {
      throw new TaskFormatException(
          dir, "", "no examples/ folder; a suite holds examples/<domain>/<id>.json (and optionally test_all.json)");
    }
    List<Task> tasks = new ArrayList<>();
    List<MissingTask> missing = new ArrayList<>();
    List<TaskFormatException> errors = new ArrayList<>();
    List<Path> unindexed = new ArrayList<>();
    Set<Path> wanted = new LinkedHashSet<>();
    if (index.isPresent()) {
      Map<String, List<String>> ids = index(index.get(), errors);
      for (var e : ids.entrySet()) {
        for (String id : e.getValue()) {
          Path file = examples.resolve(e.getKey()).resolve(id + ".json");
          wanted.add(file.normalize());
          if (Files.isRegularFile(file)) {
            readOne(file, e.getKey(), id, tasks, errors);
          } else {
            missing.add(new MissingTask(e.getKey(), id, file));
          }
        }
      }
    }
    for (Path domainDir : list(examples)) {
      if (!Files.isDirectory(domainDir)) {
        continue;
      }
      String domain = domainDir.getFileName().toString();
      for (Path file : list(domainDir)) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".json") || !Files.isRegularFile(file)) {
          continue;
        }
        if (index.isEmpty()) {
          readOne(file, domain, name.substring(0, name.length() - ".json".length()), tasks, errors);
        } else if (!wanted.contains(file.normalize())) {
          unindexed.add(file);
        }
      }
    }
    return new Suite(dir, index, tasks, missing, errors, unindexed);
  }

  private static void readOne(Path file, String domain, String id, List<Task> tasks, List<TaskFormatException> errors) {
    try {
      Task t = TaskReader.read(file, domain);
      if (!t.id().equals(id)) {
        errors.add(new TaskFormatException(
            file, "/id", "is \"" + t.id() + "\" but the file is named " + id + ".json; they must match"));
      } else {
        tasks.add(t);
      }
    } catch (TaskFormatException e) {
      errors.add(e);
    } catch (IOException e) {
      errors.add(new TaskFormatException(file, "", "cannot read the file: " + e));
    }
  }

  private static Map<String, List<String>> index(Path file, List<TaskFormatException> errors) throws IOException {
    JsonFields f = new JsonFields(file);
    ObjectNode o = f.object(TaskReader.tree(Files.readString(file, StandardCharsets.UTF_8), file), "");
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (var e : o.properties()) {
      String dp = JsonFields.child("", e.getKey());
      if (!isSegment(e.getKey())) {
        errors.add(f.error(dp, "'" + e.getKey() + "' cannot name a domain folder"));
        continue;
      }
      JsonNode ids = e.getValue();
      if (!ids.isArray()) {
        errors.add(f.error(dp, "expected a list of task ids, found " + JsonFields.describe(ids)));
        continue;
      }
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i < ids.size(); i++) {
        JsonNode id = ids.get(i);
        String ip = JsonFields.child(dp, i);
        if (!id.isTextual() || !isSegment(id.asText())) {
          errors.add(f.error(ip, "expected a task id (a file name without .json), found " + id));
        } else {
          seen.add(id.asText());
        }
      }
      out.put(e.getKey(), List.copyOf(seen));
    }
    return out;
  }

  private static boolean isSegment(String s) {
    return !s.isBlank() && !s.contains("/") && !s.contains("\\") && !s.equals(".") && !s.equals("..")
        && s.indexOf('\0') < 0;
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
