package dev.deskpilot.tasks.report;

import dev.deskpilot.tasks.ResultsSummary;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One model folder ({@code <root>/<action_space>/<observation_type>/<model>/}): one run of a
 * task set.
 *
 * @param label {@code action_space/observation_type/model}, how runs are matched across roots
 * @param root the results root it was found under
 * @param summary scores overall and per domain (OSWorld's: sum of results / tasks)
 * @param started the earliest time any of its tasks started, if known
 */
record RunView(String label, Path root, Path modelDir, List<TaskView> tasks, ResultsSummary summary,
    Optional<Instant> started) {
  RunView {
    tasks = List.copyOf(tasks);
  }

  String model() {
    int i = label.lastIndexOf('/');
    return i < 0 ? label : label.substring(i + 1);
  }
}
