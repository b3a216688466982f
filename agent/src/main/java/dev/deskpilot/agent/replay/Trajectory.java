package dev.deskpilot.agent.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A saved run: its steps in order, read from a results folder's {@code steps.jsonl} or taken from
 * a run that just ended.
 *
 * @param source the file read, or empty for a run in memory
 * @param steps the steps, oldest first
 */
public record Trajectory(Optional<Path> source, List<RecordedStep> steps) {
  /** The file a results folder keeps its steps in. */
  public static final String STEPS_FILE = "steps.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern FRAME = Pattern.compile("step_(\\d{1,6})_.*\\.png");

  public Trajectory {
    source = source == null ? Optional.empty() : source;
    steps = List.copyOf(steps);
  }

  /**
   * Reads {@code steps.jsonl} from a results folder (or the file itself). Each step's frame is the
   * PNG saved after the step before it ({@code step_<n-1>_*.png}, OSWorld's naming: the screenshot
   * of step n shows the screen after step n); step 1 has none.
   *
   * @throws IllegalArgumentException one line naming the file, line and problem
   * @throws UncheckedIOException when the file cannot be read
   */
  public static Trajectory read(Path fileOrFolder) {
    Path file = Files.isDirectory(fileOrFolder) ? fileOrFolder.resolve(STEPS_FILE) : fileOrFolder;
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such file (a results folder holds " + STEPS_FILE + ")");
    }
    Path dir = file.toAbsolutePath().getParent();
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    java.util.Map<Integer, Path> after = framesAfter(dir);
    List<RecordedStep> steps = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      String where = file + " line " + (i + 1);
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(where + ": not JSON (" + e.getOriginalMessage() + ")");
      }
      int index = node != null ? node.path("index").asInt(0) : 0;
      steps.add(StepJson.read(node, where, Optional.ofNullable(after.get(index - 1))));
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(file + ": holds no steps");
    }
    return new Trajectory(Optional.of(file), steps);
  }

  /** A run in memory: targets come from each step's observation (when it kept one). */
  public static Trajectory of(List<Step> steps) {
    List<RecordedStep> out = new ArrayList<>();
    for (Step s : steps) {
      List<Action> actions = s.decision() == null ? List.of() : s.decision().actions();
      out.add(new RecordedStep(s.index(), s.decision() == null ? "" : s.decision().thought(), actions,
          s.results(), s.screenText(), StepJson.targetsOf(s), Optional.empty()));
    }
    return new Trajectory(Optional.empty(), out);
  }

  private static java.util.Map<Integer, Path> framesAfter(Path dir) {
    java.util.Map<Integer, Path> out = new java.util.TreeMap<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.sorted().forEach(f -> {
        Matcher m = FRAME.matcher(f.getFileName().toString());
        if (m.matches()) {
          out.putIfAbsent(Integer.parseInt(m.group(1)), f);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return out;
  }
}
