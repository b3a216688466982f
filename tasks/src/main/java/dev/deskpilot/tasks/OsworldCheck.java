package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * What Deskpilot can run of a folder of OSWorld task files, without running anything: every
 * {@code *.json} under {@code <dir>/examples/} (or under {@code dir} when it has no
 * {@code examples/}) is read, and each task is "supported" when all its setup steps (config and
 * postconfig), metrics and getters are implemented. Index files ({@code test_*.json}) are not tasks
 * and are skipped.
 *
 * <p>The report ({@code ./deskpilot osworld check DIR --out FILE.json}):
 *
 * <pre>{@code
 * {"tasks_parsed": 331, "parse_errors": [{"file": ..., "error": ...}],
 *  "metrics_used": 111, "metrics_implemented": 40, "getters_used": 48, "getters_implemented": 20,
 *  "steps_used": 13, "steps_implemented": 11,
 *  "tasks_supported": 215, "tasks_supported_ratio": 0.6495,
 *  "missing": [{"kind": "metric", "name": "compare_audios", "tasks": 3}, ...],
 *  "unsupported_tasks": {"<id>": "<first reason>", ...}}
 * }</pre>
 *
 * {@code *_used} count the distinct names the tasks use, {@code *_implemented} how many of those
 * Deskpilot has; {@code missing} lists every unimplemented name with the number of tasks needing it,
 * most needed first.
 */
public final class OsworldCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OsworldCheck() {}

  /** Checks {@code dir} against the built-in evaluator and setup steps. */
  public static ObjectNode run(Path dir) throws IOException {
    return run(dir, Evaluator.builtIn());
  }

  /**
   * Checks {@code dir} against {@code evaluator}.
   *
   * @throws IllegalArgumentException when {@code dir} is not a folder
   * @throws IOException when it cannot be listed
   */
  public static ObjectNode run(Path dir, Evaluator evaluator) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("not a folder of OSWorld task files: " + dir);
    }
    Path root = Files.isDirectory(dir.resolve("examples")) ? dir.resolve("examples") : dir;
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
          .filter(p -> !(root.equals(dir) && p.getParent().equals(dir) && p.getFileName().toString().startsWith("test_")))
          .sorted()
          .toList();
    }
    List<Task> tasks = new ArrayList<>();
    ArrayNode errors = JSON.createArrayNode();
    for (Path f : files) {
      try {
        tasks.add(TaskReader.read(f));
      } catch (TaskFormatException e) {
        errors.addObject().put("file", root.relativize(f).toString()).put("error", e.getMessage());
      }
    }

    Set<String> stepTypes = SetupRunner.supportedTypes();
    Set<String> metrics = evaluator.implementedMetrics();
    Set<String> getters = evaluator.implementedGetters();
    Map<String, Integer> metricUse = new TreeMap<>();
    Map<String, Integer> getterUse = new TreeMap<>();
    Map<String, Integer> stepUse = new TreeMap<>();
    Map<String, String> unsupported = new LinkedHashMap<>();
    int supported = 0;
    for (Task t : tasks) {
      Set<String> ms = new TreeSet<>();
      Set<String> gs = new TreeSet<>();
      Set<String> ss = new TreeSet<>();
      Stream.concat(t.config().stream(), t.evaluator().postconfig().stream()).forEach(s -> ss.add(s.type()));
      for (MetricCall c : t.evaluator().calls()) {
        ms.add(c.func());
        c.result().ifPresent(g -> gs.add(g.type()));
        c.expected().ifPresent(g -> gs.add(g.type()));
      }
      if (t.evaluator().infeasible()) {
        gs.clear();
      }
      ms.forEach(m -> metricUse.merge(m, 1, Integer::sum));
      gs.forEach(g -> getterUse.merge(g, 1, Integer::sum));
      ss.forEach(s -> stepUse.merge(s, 1, Integer::sum));
      Optional<String> reason = evaluator.unsupportedReason(t);
      if (reason.isPresent()) {
        unsupported.put(t.id(), reason.get());
      } else {
        supported++;
      }
    }

    record Missing(String kind, String name, int tasks) {}
    List<Missing> missing = new ArrayList<>();
    stepUse.forEach((k, n) -> { if (!stepTypes.contains(k)) missing.add(new Missing("step", k, n)); });
    metricUse.forEach((k, n) -> { if (!metrics.contains(k)) missing.add(new Missing("metric", k, n)); });
    getterUse.forEach((k, n) -> { if (!getters.contains(k)) missing.add(new Missing("getter", k, n)); });
    missing.sort(Comparator.comparingInt(Missing::tasks).reversed().thenComparing(Missing::kind).thenComparing(Missing::name));

    ObjectNode out = JSON.createObjectNode();
    out.put("folder", dir.toString());
    out.put("tasks_parsed", tasks.size());
    out.set("parse_errors", errors);
    out.put("metrics_used", metricUse.size());
    out.put("metrics_implemented", metricUse.keySet().stream().filter(metrics::contains).count());
    out.put("getters_used", getterUse.size());
    out.put("getters_implemented", getterUse.keySet().stream().filter(getters::contains).count());
    out.put("steps_used", stepUse.size());
    out.put("steps_implemented", stepUse.keySet().stream().filter(stepTypes::contains).count());
    out.put("tasks_supported", supported);
    out.put("tasks_supported_ratio", tasks.isEmpty() ? 0.0 : Math.round(10000.0 * supported / tasks.size()) / 10000.0);
    ArrayNode m = out.putArray("missing");
    for (Missing x : missing) {
      m.addObject().put("kind", x.kind()).put("name", x.name()).put("tasks", x.tasks());
    }
    ObjectNode u = out.putObject("unsupported_tasks");
    unsupported.forEach(u::put);
    return out;
  }
}
