package dev.deskpilot.tasks.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Writes one self-contained HTML report of results folders in OSWorld's layout
 * ({@code <root>/<action_space>/<observation_type>/<model>/<domain>/<task_id>/}): scores overall
 * and per domain (OSWorld's sum of results / tasks), scores over runs when there are several,
 * failure categories, a comparison with another results folder, and per task a timeline of
 * screenshots with the actions drawn on them, the model's thoughts and per-step time, tokens and
 * cost charts.
 *
 * <p>The file needs nothing else: CSS, script and images are inline (screenshots as thumbnails,
 * full size on click within {@link Options#fullImageBudgetBytes()}). Everything read from results
 * is escaped, and the page's Content-Security-Policy lets only its own script run and load
 * nothing from outside. It reads only the results folders, never the environment.
 *
 * <pre>{@code
 * HtmlReport.write(Path.of("results"), Optional.empty(), Path.of("results/report.html"));
 * }</pre>
 */
public final class HtmlReport {
  /**
   * How the report is made.
   *
   * @param thumbnailWidth width in pixels of the screenshots shown inline (64..4096)
   * @param fullImageBudgetBytes how many bytes of full-size screenshots to embed at most; beyond
   *     it (or at 0) a click shows the thumbnail enlarged with the original file's path
   * @param zone the time zone of times shown on the page
   */
  public record Options(int thumbnailWidth, long fullImageBudgetBytes, ZoneId zone) {
    public Options {
      if (thumbnailWidth < 64 || thumbnailWidth > 4096) {
        throw new IllegalArgumentException("thumbnailWidth must be 64..4096 pixels, was " + thumbnailWidth);
      }
      if (fullImageBudgetBytes < 0) {
        throw new IllegalArgumentException("fullImageBudgetBytes must not be negative, was " + fullImageBudgetBytes);
      }
      Objects.requireNonNull(zone, "zone");
    }

    /** 720-pixel thumbnails, up to 64 MiB of full-size screenshots, the system time zone. */
    public static Options defaults() {
      return new Options(720, 64L << 20, ZoneId.systemDefault());
    }
  }

  /**
   * What was written.
   *
   * @param file the report
   * @param runs runs (model folders) reported
   * @param tasks task folders reported
   * @param fullImagesOmitted screenshots shown without their full-size image (budget spent)
   */
  public record Written(Path file, int runs, int tasks, int fullImagesOmitted) {}

  private HtmlReport() {}

  /**
   * Writes the report of one results root with {@link Options#defaults()}.
   *
   * @param resultsRoot a results root (or one model folder in it)
   * @param compareWith another results root to compare with, per task
   * @param outFile the HTML file to write (replaced atomically)
   * @throws IllegalArgumentException when a folder does not exist or holds no task results
   * @throws IOException when reading results or writing the file fails
   */
  public static Written write(Path resultsRoot, Optional<Path> compareWith, Path outFile) throws IOException {
    return write(List.of(resultsRoot), compareWith, outFile, Options.defaults());
  }

  /**
   * Writes the report of several results roots (their runs are shown over time).
   *
   * @param resultsRoots one or more results roots (or model folders)
   * @param compareWith another results root: each run here is compared with the run there of the
   *     same {@code action_space/observation_type/model} (or with its only run when both sides have
   *     one)
   * @throws IllegalArgumentException when a folder does not exist or no task results are found
   * @throws java.io.InterruptedIOException when interrupted (the interrupt flag is kept set)
   */
  public static Written write(List<Path> resultsRoots, Optional<Path> compareWith, Path outFile, Options options)
      throws IOException {
    Objects.requireNonNull(compareWith, "compareWith");
    Objects.requireNonNull(outFile, "outFile");
    Objects.requireNonNull(options, "options");
    if (resultsRoots.isEmpty()) {
      throw new IllegalArgumentException("no results folder given");
    }
    List<RunView> runs = new ArrayList<>();
    for (Path root : resultsRoots) {
      List<RunView> found = RunLoader.load(root);
      if (found.isEmpty()) {
        throw new IllegalArgumentException("no task results under " + root
            + " (expected <action_space>/<observation_type>/<model>/<domain>/<task_id>/ folders)");
      }
      runs.addAll(found);
    }
    List<RunView> baselines = new ArrayList<>();
    if (compareWith.isPresent()) {
      baselines.addAll(RunLoader.load(compareWith.get()));
      if (baselines.isEmpty()) {
        throw new IllegalArgumentException("no task results under " + compareWith.get() + " to compare with");
      }
    }
    Path out = outFile.toAbsolutePath();
    Path dir = out.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
    int omitted;
    int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      PageWriter page = new PageWriter(resultsRoots, runs, compareWith, baselines, options, pool, dir, Instant.now(),
          options.zone());
      try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(tmp), StandardCharsets.UTF_8), 1 << 16)) {
        page.write(w);
      }
      omitted = page.fullImagesOmitted();
      try {
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      pool.shutdownNow();
      Files.deleteIfExists(tmp);
    }
    int tasks = runs.stream().mapToInt(r -> r.tasks().size()).sum();
    return new Written(out, runs.size(), tasks, omitted);
  }
}
