package dev.deskpilot.tasks.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Per task, how a run differs from a baseline run: passed to not passed, not passed to passed,
 * new, missing, another change (e.g. failed to error, or a different partial score) or the same.
 *
 * @param baseline the earlier (or other) run
 * @param current the run being reported
 * @param rows one per task of either run, changed ones first
 */
record RunDiff(RunView baseline, RunView current, List<Row> rows) {
  RunDiff {
    rows = List.copyOf(rows);
  }

  enum Change {
    /** Passed in the baseline, not now. */
    REGRESSED("passed \u2192 not passed"),
    /** Not passed in the baseline, passed now. */
    FIXED("not passed \u2192 passed"),
    /** Only in the current run. */
    NEW("new"),
    /** Only in the baseline. */
    MISSING("missing"),
    /** Another change of status or score (e.g. failed \u2192 error). */
    CHANGED("other change"),
    SAME("same");

    final String words;

    Change(String words) {
      this.words = words;
    }
  }

  /** A task's status in both runs (empty where it is absent). */
  record Row(String key, Optional<TaskView> before, Optional<TaskView> after, Change change) {}

  /** Diffs two runs, keyed by {@code domain/task_id}. */
  static RunDiff of(RunView baseline, RunView current) {
    Map<String, TaskView> before = new LinkedHashMap<>();
    baseline.tasks().forEach(t -> before.put(t.key(), t));
    Map<String, TaskView> after = new LinkedHashMap<>();
    current.tasks().forEach(t -> after.put(t.key(), t));
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<Row> rows = new ArrayList<>();
    for (String k : keys) {
      Optional<TaskView> b = Optional.ofNullable(before.get(k));
      Optional<TaskView> a = Optional.ofNullable(after.get(k));
      rows.add(new Row(k, b, a, change(b, a)));
    }
    rows.sort(java.util.Comparator.comparing((Row r) -> r.change().ordinal()).thenComparing(Row::key));
    return new RunDiff(baseline, current, rows);
  }

  private static Change change(Optional<TaskView> b, Optional<TaskView> a) {
    if (b.isEmpty()) {
      return Change.NEW;
    }
    if (a.isEmpty()) {
      return Change.MISSING;
    }
    boolean passedBefore = b.get().status() == TaskView.Status.PASSED;
    boolean passedNow = a.get().status() == TaskView.Status.PASSED;
    if (passedBefore && !passedNow) {
      return Change.REGRESSED;
    }
    if (!passedBefore && passedNow) {
      return Change.FIXED;
    }
    boolean same = b.get().status() == a.get().status()
        && b.get().score().orElse(-1) == a.get().score().orElse(-1);
    return same ? Change.SAME : Change.CHANGED;
  }

  /** How many rows each change has (every change present, zeros included). */
  Map<Change, Integer> counts() {
    Map<Change, Integer> c = new EnumMap<>(Change.class);
    for (Change ch : Change.values()) {
      c.put(ch, 0);
    }
    rows.forEach(r -> c.merge(r.change(), 1, Integer::sum));
    return c;
  }

  /**
   * Pairs each current run with a baseline run of the same {@code action_space/observation/model};
   * when each side has exactly one run, pairs those two whatever their names.
   */
  static List<RunDiff> pair(List<RunView> baselines, List<RunView> currents) {
    List<RunDiff> out = new ArrayList<>();
    if (baselines.size() == 1 && currents.size() == 1) {
      out.add(of(baselines.getFirst(), currents.getFirst()));
      return out;
    }
    for (RunView c : currents) {
      baselines.stream().filter(b -> b.label().equals(c.label())).findFirst().ifPresent(b -> out.add(of(b, c)));
    }
    return out;
  }
}
