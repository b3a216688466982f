package dev.deskpilot.tasks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Where a suite run stands: tasks done, passing, running, and an estimate of the time left. It is a
 * {@link SuiteRunner.Listener}; a terminal front end reads {@link #snapshot()} to draw a progress bar.
 *
 * <p>The estimate uses only tasks this run executed (tasks skipped as finished earlier cost no time):
 * the remaining tasks times the median time of a task, less the time the running ones have already
 * spent (each counted up to that median), spread over the workers. Until one task has run there is
 * no estimate.
 */
public final class SuiteProgress implements SuiteRunner.Listener {

  /**
   * One reading.
   *
   * @param total tasks in the run
   * @param done tasks finished, including skipped ones
   * @param running tasks under way
   * @param passed passed (including earlier passes that were skipped)
   * @param failed failed (including earlier fails that were skipped)
   * @param errors errors
   * @param skipped finished by an earlier run
   * @param elapsed since the progress started
   * @param eta the estimated time left, empty until a task has run (zero when all are done)
   */
  public record Snapshot(
      int total, int done, int running, int passed, int failed, int errors, int skipped, Duration elapsed,
      Optional<Duration> eta) {

    /** The share done, 0..1. */
    public double fraction() {
      return total == 0 ? 1 : (double) done / total;
    }

    /**
     * One line such as {@code [#########...........] 9/22  8 pass 1 fail 0 err  2 running  2m05s
     * elapsed, ETA 3m10s}, {@code width} cells of bar.
     */
    public String line(int width) {
      int filled = (int) Math.round(fraction() * width);
      StringBuilder b = new StringBuilder(width + 96).append('[');
      b.append("#".repeat(filled)).append(".".repeat(width - filled)).append("] ");
      b.append(done).append('/').append(total).append("  ");
      b.append(passed).append(" pass ").append(failed).append(" fail ").append(errors).append(" err");
      if (skipped > 0) {
        b.append(" (").append(skipped).append(" earlier)");
      }
      if (running > 0) {
        b.append("  ").append(running).append(" running");
      }
      b.append("  ").append(clock(elapsed)).append(" elapsed, ETA ");
      b.append(done == total ? "done" : eta.map(SuiteProgress::clock).orElse("estimating"));
      return b.toString();
    }
  }

  private final int total;
  private final int workers;
  private final LongSupplier nanos;
  private final long startNanos;
  private final Map<String, Long> running = new HashMap<>();
  private final List<Long> taskNanos = new ArrayList<>();
  private int done;
  private int passed;
  private int failed;
  private int errors;
  private int skipped;

  /**
   * @param total the number of tasks the run will report
   * @param workers how many run side by side, at least 1
   * @param nanos a monotonic clock in nanoseconds (System::nanoTime)
   */
  public SuiteProgress(int total, int workers, LongSupplier nanos) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, was " + total);
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, was " + workers);
    }
    this.total = total;
    this.workers = workers;
    this.nanos = nanos;
    this.startNanos = nanos.getAsLong();
  }

  @Override
  public synchronized void started(Task task) {
    running.put(key(task.domain(), task.id()), nanos.getAsLong());
  }

  @Override
  public synchronized void finished(SuiteRunner.TaskResult r) {
    Long began = running.remove(key(r.domain(), r.id()));
    done++;
    switch (r.status()) {
      case PASSED -> passed++;
      case FAILED -> failed++;
      case ERROR -> errors++;
      case SKIPPED -> {
        skipped++;
        if (r.score() >= 1.0) {
          passed++;
        } else {
          failed++;
        }
      }
    }
    if (r.status() != SuiteRunner.Status.SKIPPED) {
      taskNanos.add(began != null ? nanos.getAsLong() - began : r.total().toNanos());
    }
  }

  /** The current reading. */
  public synchronized Snapshot snapshot() {
    long now = nanos.getAsLong();
    Optional<Duration> eta = Optional.empty();
    int remaining = total - done;
    if (remaining == 0) {
      eta = Optional.of(Duration.ZERO);
    } else if (!taskNanos.isEmpty()) {
      long typical = median(taskNanos);
      long work = remaining * typical;
      for (long began : running.values()) {
        work -= Math.min(now - began, typical);
      }
      int lanes = Math.min(workers, remaining);
      eta = Optional.of(Duration.ofNanos(Math.max(0, work) / lanes));
    }
    return new Snapshot(total, done, running.size(), passed, failed, errors, skipped,
        Duration.ofNanos(now - startNanos), eta);
  }

  /** {@code 45s}, {@code 3m05s}, {@code 1h02m}. */
  public static String clock(Duration d) {
    long s = Math.max(0, (d.toMillis() + 500) / 1000);
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
  }

  private static long median(List<Long> xs) {
    List<Long> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String key(String domain, String id) {
    return domain + "/" + id;
  }
}
