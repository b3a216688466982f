package dev.deskpilot.tasks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a results folder {@code <root>/<action_space>/<observation_type>/<model>/} holds: per
 * {@code <domain>/<task_id>/} folder, finished ({@code result.txt}), errored ({@code error.txt}) or
 * unfinished. A rerun skips finished tasks and starts the others afresh ({@link
 * RunDirectory#start} empties their folders).
 */
public final class ResultsIndex {
  /** The state of one task folder. */
  public enum State {
    /** {@code result.txt} holds a score. */
    FINISHED,
    /** {@code error.txt}, or an unreadable {@code result.txt}. */
    ERROR,
    /** Neither: the run stopped midway. */
    UNFINISHED
  }

  /**
   * One task folder.
   *
   * @param result the score when finished
   * @param error the error text when errored, else empty
   */
  public record Entry(String domain, String taskId, Path dir, State state, OptionalDouble result, String error) {}

  private final Path modelDir;
  private final Map<String, Entry> entries;

  private ResultsIndex(Path modelDir, Map<String, Entry> entries) {
    this.modelDir = modelDir;
    this.entries = entries;
  }

  /** Scans {@code <resultsRoot>/<action_space>/<observation_type>/<model>/}; a missing folder is empty. */
  public static ResultsIndex scan(Path resultsRoot, String actionSpace, String observationType, String model)
      throws IOException {
    return scan(new RunPath(actionSpace, observationType, model, "d", "t").modelDir(resultsRoot));
  }

  /** Scans a model folder holding {@code <domain>/<task_id>/} folders. */
  public static ResultsIndex scan(Path modelDir) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (Files.isDirectory(modelDir)) {
      for (Path domainDir : dirs(modelDir)) {
        String domain = domainDir.getFileName().toString();
        for (Path taskDir : dirs(domainDir)) {
          Entry e = entry(domain, taskDir);
          entries.put(key(domain, e.taskId()), e);
        }
      }
    }
    return new ResultsIndex(modelDir, entries);
  }

  private static Entry entry(String domain, Path taskDir) throws IOException {
    String id = taskDir.getFileName().toString();
    Path result = taskDir.resolve(RunDirectory.RESULT);
    if (Files.isRegularFile(result)) {
      String text = Files.readString(result, StandardCharsets.UTF_8).strip();
      try {
        double v = Double.parseDouble(text);
        if (v >= 0 && v <= 1) {
          return new Entry(domain, id, taskDir, State.FINISHED, OptionalDouble.of(v), "");
        }
      } catch (NumberFormatException notANumber) {
        // reported below
      }
      return new Entry(domain, id, taskDir, State.ERROR, OptionalDouble.empty(),
          "unreadable " + RunDirectory.RESULT + ": '" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
    }
    Path error = taskDir.resolve(RunDirectory.ERROR);
    if (Files.isRegularFile(error)) {
      return new Entry(domain, id, taskDir, State.ERROR, OptionalDouble.empty(),
          Files.readString(error, StandardCharsets.UTF_8).strip());
    }
    return new Entry(domain, id, taskDir, State.UNFINISHED, OptionalDouble.empty(), "");
  }

  public Path modelDir() {
    return modelDir;
  }

  /** Every task folder, by domain then id. */
  public List<Entry> entries() {
    return List.copyOf(entries.values());
  }

  public Optional<Entry> entry(String domain, String taskId) {
    return Optional.ofNullable(entries.get(key(domain, taskId)));
  }

  /** Whether the task's folder holds a readable {@code result.txt}: a rerun skips it. */
  public boolean isFinished(String domain, String taskId) {
    return entry(domain, taskId).map(e -> e.state() == State.FINISHED).orElse(false);
  }

  /** Folders a rerun must redo (errored or unfinished). */
  public List<Entry> toRedo() {
    return entries.values().stream().filter(e -> e.state() != State.FINISHED).toList();
  }

  /** Scores overall and per domain. */
  public ResultsSummary summary() {
    return summary(e -> true);
  }

  /** Scores of the folders a filter keeps (e.g. one suite's tasks in a shared model folder). */
  public ResultsSummary summary(java.util.function.Predicate<Entry> which) {
    List<Entry> kept = entries.values().stream().filter(which).toList();
    Map<String, List<Entry>> byDomain = new TreeMap<>();
    for (Entry e : kept) {
      byDomain.computeIfAbsent(e.domain(), d -> new ArrayList<>()).add(e);
    }
    Map<String, ResultsSummary.Counts> domains = new TreeMap<>();
    byDomain.forEach((d, list) -> domains.put(d, counts(list)));
    return new ResultsSummary(counts(kept), domains);
  }

  private static ResultsSummary.Counts counts(Iterable<Entry> list) {
    int passed = 0;
    int failed = 0;
    int errors = 0;
    int unfinished = 0;
    double sum = 0;
    for (Entry e : list) {
      switch (e.state()) {
        case FINISHED -> {
          double v = e.result().orElseThrow();
          sum += v;
          if (v >= 1.0) {
            passed++;
          } else {
            failed++;
          }
        }
        case ERROR -> errors++;
        case UNFINISHED -> unfinished++;
      }
    }
    int tasks = passed + failed + errors;
    int finished = passed + failed;
    return new ResultsSummary.Counts(tasks, passed, failed, errors, unfinished,
        tasks == 0 ? 0 : sum / tasks, finished == 0 ? 0 : sum / finished);
  }

  private static String key(String domain, String id) {
    return domain + "/" + id;
  }

  private static List<Path> dirs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }
}
