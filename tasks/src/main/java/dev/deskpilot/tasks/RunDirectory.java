package dev.deskpilot.tasks;

import dev.deskpilot.agent.Step;
import dev.deskpilot.tasks.internal.AtomicFiles;
import dev.deskpilot.tasks.internal.RunJson;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * One task run's results folder, OSWorld's layout plus Deskpilot's own files:
 *
 * <ul>
 *   <li>{@code traj.jsonl}: one {@link TrajEntry} per performed action;
 *   <li>{@code step_<n>_<yyyyMMdd@HHmmss>.png}: the screen after step n;
 *   <li>{@code runtime.log}: timestamped lines (setup, getters, scores, outcome);
 *   <li>{@code steps.jsonl}: one object per {@link Step} (thought, actions, results, timings, screen text);
 *   <li>{@code eval/}: files fetched for judging ({@link #evaluationDir()});
 *   <li>{@code score.json} then {@code result.txt} (the score, e.g. {@code 1.0}), written last:
 *       a folder with {@code result.txt} is finished;
 *   <li>or {@code error.txt}: why the task could not be run or judged.
 * </ul>
 *
 * Every line is appended and flushed as it happens, so a killed run loses at most the line in
 * flight. After {@link #finish} or {@link #fail} nothing more can be written. Write failures are
 * {@link UncheckedIOException}s. Safe for use from several threads.
 */
public final class RunDirectory {
  public static final String TRAJ = "traj.jsonl";
  public static final String STEPS = "steps.jsonl";
  public static final String LOG = "runtime.log";
  public static final String RESULT = "result.txt";
  public static final String ERROR = "error.txt";
  public static final String SCORE = "score.json";
  public static final String EVAL_DIR = "eval";

  private static final DateTimeFormatter ACTION_TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd@HHmmss");

  private final Path dir;
  private final RunPath path;
  private final ZoneId zone;
  private boolean closed;

  private RunDirectory(Path dir, RunPath path, ZoneId zone) {
    this.dir = dir;
    this.path = path;
    this.zone = zone;
  }

  /** {@link #start(Path, RunPath, ZoneId)} in the system time zone. */
  public static RunDirectory start(Path resultsRoot, RunPath path) throws IOException {
    return start(resultsRoot, path, ZoneId.systemDefault());
  }

  /**
   * Starts a run: creates the folder, first emptying what an earlier unfinished run left there.
   *
   * @param zone the zone of the {@code yyyyMMdd@HHmmss} timestamps (OSWorld uses local time)
   * @throws IllegalStateException when the folder holds a finished run ({@code result.txt})
   */
  public static RunDirectory start(Path resultsRoot, RunPath path, ZoneId zone) throws IOException {
    Path dir = path.taskDir(resultsRoot);
    if (Files.exists(dir.resolve(RESULT))) {
      throw new IllegalStateException("already finished: " + dir + " holds " + RESULT + "; skip it or delete it to rerun");
    }
    if (Files.exists(dir)) {
      clear(dir);
    }
    Files.createDirectories(dir);
    return new RunDirectory(dir, path, Objects.requireNonNull(zone, "zone"));
  }

  /** Deletes a folder's contents (not the folder). */
  static void clear(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        if (!p.equals(dir)) {
          Files.delete(p);
        }
      }
    }
  }

  public Path dir() {
    return dir;
  }

  public RunPath path() {
    return path;
  }

  /** A folder for files fetched while judging (use it as {@link TaskContext#workDir()}). */
  public Path evaluationDir() {
    return dir.resolve(EVAL_DIR);
  }

  /** OSWorld's action timestamp, {@code yyyyMMdd@HHmmss} in this run's zone. */
  public String actionTimestamp(Instant at) {
    return ACTION_TIMESTAMP.format(at.atZone(zone));
  }

  /** Appends one {@code traj.jsonl} line. */
  public synchronized void appendTraj(TrajEntry entry) {
    append(TRAJ, RunJson.line(entry.toJson()) + "\n");
  }

  /** Appends one {@code steps.jsonl} line for a step. */
  public synchronized void appendStep(Step step) {
    append(STEPS, RunJson.line(dev.deskpilot.agent.replay.StepJson.write(step)) + "\n");
  }

  /** Appends a timestamped line to {@code runtime.log}. */
  public synchronized void log(String message) {
    append(LOG, Instant.now() + " " + message.replace("\n", "\\n") + "\n");
  }

  /** {@link #log} as a consumer, e.g. for {@link TaskContext#withLog}. */
  public Consumer<String> logSink() {
    return this::log;
  }

  /**
   * Saves the screen after step {@code stepNum} as {@code step_<n>_<timestamp>.png}.
   *
   * @return the file name (relative to {@link #dir()}), for {@link TrajEntry#screenshotFile()}
   */
  public synchronized String saveScreenshot(int stepNum, String actionTimestamp, BufferedImage image) {
    requireOpen();
    String name = "step_" + stepNum + "_" + actionTimestamp + ".png";
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", png)) {
        throw new IllegalStateException("no PNG writer for image type " + image.getType());
      }
      AtomicFiles.write(dir.resolve(name), png.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
    }
    return name;
  }

  /**
   * Finishes the run: writes {@code score.json} (the per-metric details) and then, atomically and
   * last, {@code result.txt} with the score.
   */
  public synchronized void finish(Score score) {
    requireOpen();
    var o = RunJson.mapper().createObjectNode();
    o.put("score", score.value());
    o.put("reason", score.reason());
    var funcs = o.putArray("funcs");
    for (Score.FuncScore f : score.funcs()) {
      var fo = funcs.addObject();
      fo.put("func", f.func());
      fo.put("pointer", f.pointer());
      if (f.value().isPresent()) {
        fo.put("value", f.value().getAsDouble());
      } else {
        fo.putNull("value");
      }
      fo.put("result", f.result());
      fo.put("expected", f.expected());
      fo.put("note", f.note());
    }
    writeAtomically(SCORE, RunJson.line(o) + "\n");
    writeAtomically(RESULT, score.value() + "\n");
    closed = true;
  }

  /** Ends the run as an error: writes {@code error.txt} atomically (the run stays unfinished). */
  public synchronized void fail(String reason) {
    requireOpen();
    writeAtomically(ERROR, (reason == null || reason.isBlank() ? "unknown error" : reason.strip()) + "\n");
    closed = true;
  }

  public synchronized boolean isClosed() {
    return closed;
  }

  private void append(String file, String text) {
    requireOpen();
    try {
      Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
          StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + dir.resolve(file), e);
    }
  }

  private void writeAtomically(String file, String text) {
    try {
      AtomicFiles.write(dir.resolve(file), text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(file), e);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the run in " + dir + " is over; nothing more can be written");
    }
  }
}
