package dev.deskpilot.tasks.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.deskpilot.tasks.ResultsIndex;
import dev.deskpilot.tasks.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the runs (model folders) under a results root and reads their task folders. Lenient: a
 * line or file that cannot be read becomes a warning on its task, never a missing task.
 */
final class RunLoader {
  /** Longest part of {@code runtime.log} kept in the report (its end is kept). */
  static final int MAX_LOG_CHARS = 48_000;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern OUTCOME = Pattern.compile(
      "^\\S+ outcome (DONE|FAILED|LIMIT|STOPPED|ERROR) after (\\d+) steps?(?:: (.*))?$", Pattern.MULTILINE);
  private static final Pattern SCREEN = Pattern.compile(
      "^\\S+ environment [^\\n]*?\\((\\d{2,5})x(\\d{2,5})[,)]", Pattern.MULTILINE);
  private static final Pattern STEP_PNG = Pattern.compile("step_(\\d+)_.*\\.png");
  private static final List<String> TASK_FILES = List.of(
      RunDirectory.TRAJ, RunDirectory.STEPS, RunDirectory.RESULT, RunDirectory.ERROR, RunDirectory.LOG);

  private RunLoader() {}

  /**
   * Every run under {@code root}: folders holding task folders ({@code <domain>/<task_id>/} with a
   * trajectory, result, error or log), at any depth up to OSWorld's
   * {@code <action_space>/<observation_type>/<model>}.
   *
   * @throws IllegalArgumentException when {@code root} is not a folder
   */
  static List<RunView> load(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("results folder " + root + " does not exist or is not a folder");
    }
    TreeSet<Path> modelDirs = new TreeSet<>();
    try (Stream<Path> s = Files.walk(root, 5)) {
      s.filter(Files::isDirectory)
          .filter(d -> isTaskDir(d) && (d.getParent() == null || !isTaskDir(d.getParent())))
          .map(d -> d.getParent() == null ? null : d.getParent().getParent())
          .filter(m -> m != null && m.startsWith(root))
          .forEach(modelDirs::add);
    }
    List<RunView> runs = new ArrayList<>();
    for (Path modelDir : modelDirs) {
      runs.add(loadRun(root, modelDir));
    }
    return runs;
  }

  /** A folder holding a run's files (a task's {@code eval/} folder may hold a fetched result.txt). */
  private static boolean isTaskDir(Path d) {
    return TASK_FILES.stream().anyMatch(f -> Files.isRegularFile(d.resolve(f)));
  }

  static RunView loadRun(Path root, Path modelDir) throws IOException {
    ResultsIndex index = ResultsIndex.scan(modelDir);
    List<TaskView> tasks = new ArrayList<>();
    for (ResultsIndex.Entry e : index.entries()) {
      tasks.add(loadTask(e));
    }
    Optional<Instant> started = tasks.stream().flatMap(t -> t.started().stream()).min(Comparator.naturalOrder());
    return new RunView(label(modelDir), root, modelDir, tasks, index.summary(), started);
  }

  /** {@code action_space/observation_type/model}: the last three names of the model folder. */
  static String label(Path modelDir) {
    int n = modelDir.getNameCount();
    return modelDir.subpath(Math.max(0, n - 3), n).toString().replace('\\', '/');
  }

  static TaskView loadTask(ResultsIndex.Entry e) throws IOException {
    Path dir = e.dir();
    List<String> warnings = new ArrayList<>();
    String log = read(dir.resolve(RunDirectory.LOG), warnings);
    boolean cut = log.length() > MAX_LOG_CHARS;
    String shownLog = cut ? log.substring(log.length() - MAX_LOG_CHARS) : log;

    Optional<TaskView.Outcome> outcome = Optional.empty();
    Matcher m = OUTCOME.matcher(log);
    while (m.find()) {
      outcome = Optional.of(new TaskView.Outcome(m.group(1), Integer.parseInt(m.group(2)),
          m.group(3) == null ? "" : m.group(3).strip()));
    }
    Optional<TaskView.Size> screen = Optional.empty();
    Matcher sm = SCREEN.matcher(log);
    if (sm.find()) {
      screen = Optional.of(new TaskView.Size(Integer.parseInt(sm.group(1)), Integer.parseInt(sm.group(2))));
    }
    Optional<Instant> started = Optional.empty();
    Optional<Instant> ended = Optional.empty();
    for (String line : log.split("\n")) {
      Optional<Instant> at = instantAtStart(line);
      if (at.isPresent()) {
        started = started.isEmpty() ? at : started;
        ended = at;
      }
    }

    String scoreReason = "";
    List<TaskView.Func> funcs = new ArrayList<>();
    Path scoreFile = dir.resolve(RunDirectory.SCORE);
    if (Files.isRegularFile(scoreFile)) {
      try {
        JsonNode s = JSON.readTree(Files.readString(scoreFile, StandardCharsets.UTF_8));
        scoreReason = s.path("reason").asText("");
        for (JsonNode f : s.path("funcs")) {
          funcs.add(new TaskView.Func(f.path("func").asText(""),
              f.path("value").isNumber() ? f.path("value").asText() : "-",
              f.path("result").asText(""), f.path("expected").asText(""), f.path("note").asText("")));
        }
      } catch (IOException | RuntimeException bad) {
        warnings.add(RunDirectory.SCORE + ": not JSON (" + firstLine(bad.getMessage()) + ")");
      }
    }

    List<StepView> steps = steps(dir, warnings);
    if (started.isEmpty()) {
      started = steps.stream().flatMap(s -> s.startedAt().stream()).findFirst();
    }
    return new TaskView(e.domain(), e.taskId(), dir, e.state(), e.result(), e.error(), outcome, scoreReason,
        funcs, steps, shownLog, cut, started, ended, screen, warnings);
  }

  /** Merges {@code steps.jsonl} and {@code traj.jsonl} by step number. */
  private static List<StepView> steps(Path dir, List<String> warnings) throws IOException {
    Map<Integer, JsonNode> own = new TreeMap<>();
    for (var line : jsonLines(dir.resolve(RunDirectory.STEPS), warnings)) {
      int index = line.node().path("index").asInt(-1);
      if (index < 1) {
        warnings.add(RunDirectory.STEPS + " line " + line.number() + ": no step index");
      } else {
        own.put(index, line.node());
      }
    }
    Map<Integer, List<JsonNode>> traj = new TreeMap<>();
    for (var line : jsonLines(dir.resolve(RunDirectory.TRAJ), warnings)) {
      int index = line.node().path("step_num").asInt(-1);
      if (index < 0) {
        warnings.add(RunDirectory.TRAJ + " line " + line.number() + ": no step_num");
      } else {
        traj.computeIfAbsent(index, k -> new ArrayList<>()).add(line.node());
      }
    }
    Map<Integer, Path> pngs = new LinkedHashMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.sorted().forEach(p -> {
        Matcher m = STEP_PNG.matcher(p.getFileName().toString());
        if (m.matches()) {
          pngs.putIfAbsent(Integer.parseInt(m.group(1)), p);
        }
      });
    }
    // OSWorld's own agents number traj.jsonl steps from 1 (some from 0): shown as recorded.
    TreeSet<Integer> indexes = new TreeSet<>(own.keySet());
    indexes.addAll(traj.keySet());
    List<StepView> out = new ArrayList<>();
    for (int i : indexes) {
      out.add(step(i, own.get(i), traj.getOrDefault(i, List.of()), pngs.get(i), dir, warnings));
    }
    return out;
  }

  private static StepView step(int index, JsonNode own, List<JsonNode> traj, Path png, Path dir, List<String> warnings) {
    JsonNode o = own == null ? JSON.createObjectNode() : own;
    String thought = o.hasNonNull("thought") ? o.path("thought").asText("")
        : traj.isEmpty() ? "" : traj.getFirst().path("response").asText("");
    List<ShownAction> actions = new ArrayList<>();
    List<StepView.Result> results = new ArrayList<>();
    if (own != null && o.path("actions").isArray()) {
      o.path("actions").forEach(a -> actions.add(ShownAction.read(a)));
      for (JsonNode r : o.path("results")) {
        results.add(new StepView.Result(r.path("ok").asBoolean(false), r.path("error").asText(""),
            r.path("millis").asLong(0)));
      }
    } else {
      for (JsonNode t : traj) {
        actions.add(ShownAction.read(t.get("action")));
        String error = t.path("info").path("error").asText("");
        results.add(new StepView.Result(error.isEmpty(), error, 0));
      }
    }
    Optional<StepView.Timings> timings = Optional.empty();
    JsonNode t = o.path("timings");
    if (t.isObject() && !t.isEmpty()) {
      timings = Optional.of(new StepView.Timings(t.path("capture_ms").asLong(0), t.path("perceive_ms").asLong(0),
          t.path("decide_ms").asLong(0), t.path("act_ms").asLong(0)));
    }
    JsonNode u = o.path("usage");
    StepView.Usage usage = u.isObject()
        ? new StepView.Usage(u.path("input_tokens").asLong(0), u.path("output_tokens").asLong(0),
            u.path("cache_read_tokens").asLong(0), u.path("cache_write_tokens").asLong(0), u.path("calls").asInt(0))
        : StepView.Usage.ZERO;
    double cost = o.path("cost_usd").asDouble(0);
    List<StepView.Verdict> verdicts = new ArrayList<>();
    for (JsonNode v : o.path("verdicts")) {
      String kind = v.path("kind").asText("");
      if (!kind.equals("ALLOW")) {
        verdicts.add(new StepView.Verdict(v.path("action").asInt(0), kind, v.path("rule").asText(""),
            v.path("reason").asText(""), v.path("consent").asText(""), v.path("allowed").asBoolean(true)));
      }
    }
    List<String> messages = new ArrayList<>();
    o.path("person_messages").forEach(msg -> messages.add(msg.asText()));
    Optional<Instant> startedAt = Optional.empty();
    if (o.hasNonNull("started_at")) {
      try {
        startedAt = Optional.of(Instant.parse(o.path("started_at").asText()));
      } catch (DateTimeParseException bad) {
        warnings.add(RunDirectory.STEPS + " step " + index + ": started_at is not an instant");
      }
    }
    Optional<Path> after = Optional.empty();
    String named = traj.isEmpty() ? "" : traj.getFirst().path("screenshot_file").asText("");
    if (!named.isEmpty() && !named.contains("/") && !named.contains("\\") && Files.isRegularFile(dir.resolve(named))) {
      after = Optional.of(dir.resolve(named));
    } else if (png != null) {
      after = Optional.of(png);
    }
    return new StepView(index, startedAt, thought, o.path("question").asText(""), actions, results, timings,
        usage, Double.isFinite(cost) && cost > 0 ? cost : 0, verdicts, messages, after);
  }

  private record Line(int number, JsonNode node) {}

  private static List<Line> jsonLines(Path file, List<String> warnings) throws IOException {
    List<Line> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    String[] lines = read(file, warnings).split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode n = JSON.readTree(line);
        if (n != null && n.isObject()) {
          out.add(new Line(i + 1, n));
        } else {
          warnings.add(file.getFileName() + " line " + (i + 1) + ": not a JSON object");
        }
      } catch (IOException bad) {
        // The last line of a killed run may be cut: say so rather than drop it silently.
        warnings.add(file.getFileName() + " line " + (i + 1) + ": not JSON (" + firstLine(bad.getMessage()) + ")");
      }
    }
    return out;
  }

  private static String read(Path file, List<String> warnings) {
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException bad) {
      warnings.add(file.getFileName() + ": cannot be read (" + bad.getMessage() + ")");
      return "";
    }
  }

  private static Optional<Instant> instantAtStart(String line) {
    int sp = line.indexOf(' ');
    if (sp < 20) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(line.substring(0, sp)));
    } catch (DateTimeParseException notATime) {
      return Optional.empty();
    }
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}
