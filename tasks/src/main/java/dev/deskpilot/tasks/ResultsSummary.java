package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.tasks.internal.AtomicFiles;
import dev.deskpilot.tasks.internal.RunJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores over a results folder, overall and per domain, like OSWorld's score script.
 *
 * @param total all domains together
 * @param domains per domain, sorted by name
 */
public record ResultsSummary(Counts total, Map<String, Counts> domains) {
  public ResultsSummary {
    domains = Collections.unmodifiableMap(new TreeMap<>(domains));
  }

  /**
   * Counts of one set of task folders.
   *
   * @param tasks folders with a result or an error ({@code passed + failed + errors})
   * @param passed results of 1
   * @param failed results below 1 (partial credit included)
   * @param errors folders with {@code error.txt} (or an unreadable {@code result.txt}) and no result
   * @param unfinished folders with neither (a run that was stopped); not in {@code tasks}
   * @param score sum of results / tasks: errors count as 0
   * @param scoreFinished sum of results / (passed + failed): OSWorld's figure, which ignores errors
   */
  public record Counts(int tasks, int passed, int failed, int errors, int unfinished, double score, double scoreFinished) {}

  /**
   * The JSON form: {@code {"tasks":N,"passed":N,"failed":N,"errors":N,"unfinished":N,"score":x,
   * "score_finished":x,"domains":{"os":{...},...}}}.
   */
  public ObjectNode toJson() {
    ObjectNode o = counts(total);
    ObjectNode d = o.putObject("domains");
    domains.forEach((name, c) -> d.set(name, counts(c)));
    return o;
  }

  /** Writes {@link #toJson()} to a file atomically (temporary file, then rename). */
  public void write(Path file) throws IOException {
    String text = RunJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n";
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static ObjectNode counts(Counts c) {
    ObjectNode o = RunJson.mapper().createObjectNode();
    o.put("tasks", c.tasks());
    o.put("passed", c.passed());
    o.put("failed", c.failed());
    o.put("errors", c.errors());
    o.put("unfinished", c.unfinished());
    o.put("score", c.score());
    o.put("score_finished", c.scoreFinished());
    return o;
  }
}
