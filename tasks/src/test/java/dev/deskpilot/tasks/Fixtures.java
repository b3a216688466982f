package dev.deskpilot.tasks;

import java.nio.file.Path;

/** Small task fixtures for evaluator tests. */
final class Fixtures {
  private Fixtures() {}

  /** A task with this evaluator object, read as if from {@code <dir>/examples/os/<id>.json}. */
  static Task task(Path dir, String id, String evaluatorJson) {
    return TaskReader.parse(
        "{\"id\":\"" + id + "\",\"instruction\":\"x\",\"evaluator\":" + evaluatorJson + "}",
        dir.resolve("examples/os/" + id + ".json"), "os");
  }

  /** A JSON string literal. */
  static String js(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
