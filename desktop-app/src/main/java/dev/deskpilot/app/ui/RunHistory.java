package dev.deskpilot.app.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.tasks.ResultsIndex;
import dev.deskpilot.tasks.RunDirectory;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Past runs found under a results root in OSWorld's layout ({@code
 * <root>/<action_space>/<observation>/<model>/<domain>/<task_id>/}), whoever recorded them: the
 * app, a suite, the command line.
 */
final class RunHistory {
  private static final Pattern STEP_PNG = Pattern.compile("step_(\\d+)_.*\\.png");
  private static final JsonMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

  private RunHistory() {}

  /**
   * One run folder.
   *
   * @param state the results index's state (an app run without a judge is UNFINISHED)
   * @param app what the app recorded about it, when the app ran it
   */
  record RecordedRun(
      Path dir,
      String actionSpace,
      String observation,
      String model,
      String domain,
      String taskId,
      ResultsIndex.State state,
      OptionalDouble result,
      String error,
      Optional<AppRunFile> app,
      FileTime modified) {

    /** What the run was about, in one line. */
    String title() {
      if (app.isPresent() && !app.get().instruction().isBlank()) {
        return app.get().instruction();
      }
      if (app.isPresent()) {
        return "Step script on " + app.get().target().toLowerCase(java.util.Locale.ROOT);
      }
      return domain + " / " + taskId;
    }

    /** How it ended, in a word or two. */
    String verdict() {
      if (state == ResultsIndex.State.FINISHED) {
        return result.orElse(0) >= 1.0 ? "Passed" : String.format(java.util.Locale.ROOT, "Score %.2f", result.orElse(0));
      }
      if (state == ResultsIndex.State.ERROR) {
        return "Error";
      }
      return app.map(a -> switch (a.status()) {
        case "DONE" -> "Done";
        case "FAILED" -> "Failed";
        case "LIMIT" -> "Limit reached";
        case "STOPPED" -> "Stopped";
        case "ERROR" -> "Error";
        case "RUNNING" -> "Interrupted";
        default -> a.status();
      }).orElse("Unfinished");
    }
  }

  /**
   * One recorded step.
   *
   * @param before the screen the step was decided on (the newest earlier after-frame, or the
   *     run's {@code initial.png}), when recorded
   * @param after the screen after the step's actions, when recorded
   */
  record RecordedStep(
      int index,
      String thought,
      List<Action> actions,
      List<ActionResult> results,
      Optional<Path> before,
      Optional<Path> after) {}

  /** Every run folder under the root, newest first; a missing root has none. */
  static List<RecordedRun> scan(Path root) throws IOException {
    List<RecordedRun> runs = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return runs;
    }
    for (Path as : dirs(root)) {
      for (Path obs : dirs(as)) {
        for (Path model : dirs(obs)) {
          for (ResultsIndex.Entry e : ResultsIndex.scan(model).entries()) {
            if (!looksLikeRun(e.dir())) {
              continue;
            }
            runs.add(new RecordedRun(e.dir(), name(as), name(obs), name(model), e.domain(), e.taskId(), e.state(),
                e.result(), e.error(), AppRunFile.read(e.dir()), Files.getLastModifiedTime(e.dir())));
          }
        }
      }
    }
    runs.sort(Comparator.comparing(RecordedRun::modified).reversed());
    return runs;
  }

  private static boolean looksLikeRun(Path dir) {
    return Files.exists(dir.resolve(RunDirectory.STEPS)) || Files.exists(dir.resolve(RunDirectory.TRAJ))
        || Files.exists(dir.resolve(AppRunFile.NAME)) || Files.exists(dir.resolve(RunDirectory.RESULT))
        || Files.exists(dir.resolve(RunDirectory.ERROR));
  }

  /**
   * The steps of a run from its {@code steps.jsonl}, with their screenshots.
   *
   * @throws IOException when the file cannot be read; a line that cannot be parsed ends the list
   *     there (a run killed mid-write leaves at most one such line)
   */
  static List<RecordedStep> steps(Path runDir) throws IOException {
    Map<Integer, Path> frames = new HashMap<>();
    try (Stream<Path> s = Files.list(runDir)) {
      for (Path p : s.toList()) {
        Matcher m = STEP_PNG.matcher(p.getFileName().toString());
        if (m.matches()) {
          frames.put(Integer.parseInt(m.group(1)), p);
        }
      }
    }
    Path initial = runDir.resolve("initial.png");
    if (Files.isRegularFile(initial)) {
      frames.putIfAbsent(0, initial);
    }
    List<RecordedStep> steps = new ArrayList<>();
    Path file = runDir.resolve(RunDirectory.STEPS);
    if (!Files.isRegularFile(file)) {
      return steps;
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        List<Action> actions = new ArrayList<>();
        try {
          n = JSON.readTree(line);
          for (JsonNode a : n.path("actions")) {
            actions.add(JSON.treeToValue(a, Action.class));
          }
        } catch (IOException | IllegalArgumentException e) {
          break;
        }
        List<ActionResult> results = new ArrayList<>();
        for (JsonNode res : n.path("results")) {
          results.add(new ActionResult(res.path("ok").asBoolean(), res.path("error").asText(""), res.path("millis").asLong()));
        }
        int index = n.path("index").asInt(steps.size() + 1);
        steps.add(new RecordedStep(index, n.path("thought").asText(""), List.copyOf(actions), List.copyOf(results),
            latestBefore(frames, index), Optional.ofNullable(frames.get(index))));
      }
    }
    return steps;
  }

  /**
   * The screen step {@code index} was decided on: the newest frame recorded before it (a step that
   * performed nothing records no frame of its own), or the run's initial frame.
   */
  private static Optional<Path> latestBefore(Map<Integer, Path> frames, int index) {
    for (int k = index - 1; k >= 0; k--) {
      Path p = frames.get(k);
      if (p != null) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private static List<Path> dirs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).filter(p -> !name(p).startsWith(".")).sorted().toList();
    }
  }
}
