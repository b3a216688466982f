package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SuiteProgressTest {
  private static final long S = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(1000 * S);

  private static Task task(String id) {
    return Fixtures.task(Path.of("/suite"), id, "{\"func\":\"infeasible\"}");
  }

  private static SuiteRunner.TaskResult result(String id, SuiteRunner.Status status, double score, long seconds) {
    return new SuiteRunner.TaskResult("os", id, status, score, "", 1, Duration.ofSeconds(seconds), Duration.ZERO);
  }

  @Test
  void noEstimateUntilATaskHasRunThenMedianTimesRemainingOverWorkers() {
    SuiteProgress p = new SuiteProgress(6, 2, now::get);
    p.started(task("a"));
    p.started(task("b"));
    now.addAndGet(10 * S);
    assertThat(p.snapshot().eta()).isEmpty();
    assertThat(p.snapshot().line(10)).contains("0/6").contains("2 running").contains("10s elapsed").contains("ETA estimating");

    p.finished(result("a", SuiteRunner.Status.PASSED, 1, 10));
    // 5 left at 10 s each = 50 s, minus the 10 s b has already run, over 2 workers = 20 s.
    SuiteProgress.Snapshot s = p.snapshot();
    assertThat(s.eta()).contains(Duration.ofSeconds(20));
    assertThat(s.done()).isEqualTo(1);
    assertThat(s.running()).isEqualTo(1);
    assertThat(s.line(12)).startsWith("[##..........] 1/6  1 pass 0 fail 0 err  1 running  10s elapsed, ETA 20s");
  }

  @Test
  void runningTasksCountAtMostTheTypicalTimeAndTheLastTaskUsesOneLane() {
    SuiteProgress p = new SuiteProgress(3, 4, now::get);
    p.started(task("a"));
    p.started(task("b"));
    p.started(task("c"));
    now.addAndGet(30 * S);
    p.finished(result("a", SuiteRunner.Status.FAILED, 0, 30));
    p.finished(result("b", SuiteRunner.Status.ERROR, 0, 30));
    now.addAndGet(100 * S);
    // c has run 130 s, longer than the typical 30 s: nothing is left to estimate but it is not done.
    assertThat(p.snapshot().eta()).contains(Duration.ZERO);
    assertThat(p.snapshot().line(4)).contains("0 pass 1 fail 1 err");
    p.finished(result("c", SuiteRunner.Status.PASSED, 1, 130));
    assertThat(p.snapshot().line(4)).isEqualTo("[####] 3/3  1 pass 1 fail 1 err  2m10s elapsed, ETA done");
  }

  @Test
  void skippedTasksCountByTheirEarlierScoreButNotIntoTheEstimate() {
    SuiteProgress p = new SuiteProgress(4, 1, now::get);
    p.finished(result("a", SuiteRunner.Status.SKIPPED, 1, 0));
    p.finished(result("b", SuiteRunner.Status.SKIPPED, 0, 0));
    assertThat(p.snapshot().eta()).as("skips cost nothing, so they say nothing about time").isEmpty();
    p.started(task("c"));
    now.addAndGet(8 * S);
    p.finished(result("c", SuiteRunner.Status.PASSED, 1, 8));
    SuiteProgress.Snapshot s = p.snapshot();
    assertThat(s.eta()).contains(Duration.ofSeconds(8));
    assertThat(s.line(4)).contains("2 pass 1 fail 0 err (2 earlier)");
  }

  @Test
  void clockAndBadArguments() {
    assertThat(SuiteProgress.clock(Duration.ofMillis(44_600))).isEqualTo("45s");
    assertThat(SuiteProgress.clock(Duration.ofSeconds(185))).isEqualTo("3m05s");
    assertThat(SuiteProgress.clock(Duration.ofMinutes(62))).isEqualTo("1h02m");
    assertThatThrownBy(() -> new SuiteProgress(1, 0, now::get)).hasMessageContaining("workers must be >= 1, was 0");
    assertThatThrownBy(() -> new SuiteProgress(-1, 1, now::get)).hasMessageContaining("total must be >= 0");
  }
}
