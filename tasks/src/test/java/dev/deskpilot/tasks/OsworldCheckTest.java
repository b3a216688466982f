package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The support report over the 331 real OSWorld task files (src/test/resources/osworld). */
class OsworldCheckTest {
  private static final Path OSWORLD = Path.of("src/test/resources/osworld");

  @Test
  void reportOnTheRealOsworldTasks() throws Exception {
    ObjectNode r = OsworldCheck.run(OSWORLD);
    assertThat(r.get("tasks_parsed").asInt()).isEqualTo(331);
    assertThat(r.get("parse_errors")).isEmpty();
    assertThat(r.get("steps_used").asInt()).isEqualTo(12);
    assertThat(r.get("tasks_supported").asInt()).isEqualTo(TASKS_SUPPORTED);
    assertThat(r.get("tasks_supported_ratio").asDouble()).isEqualTo(0.6616).isGreaterThanOrEqualTo(0.6);
    // every step type of the 331 tasks runs except Google Drive and login, which need accounts
    assertThat(r.get("steps_used").asInt() - r.get("steps_implemented").asInt()).isEqualTo(2);
    assertThat(r.get("unsupported_tasks").size()).isEqualTo(331 - r.get("tasks_supported").asInt());
    // every missing name is really missing and the list is sorted by need
    List<Integer> counts = new ArrayList<>();
    for (JsonNode m : r.get("missing")) {
      counts.add(m.get("tasks").asInt());
      switch (m.get("kind").asText()) {
        case "metric" -> assertThat(Evaluator.builtIn().implementedMetrics()).doesNotContain(m.get("name").asText());
        case "getter" -> assertThat(Evaluator.builtIn().implementedGetters()).doesNotContain(m.get("name").asText());
        case "step" -> assertThat(SetupRunner.supportedTypes()).doesNotContain(m.get("name").asText());
        default -> throw new AssertionError("unknown kind " + m);
      }
    }
    assertThat(counts).isSortedAccordingTo((a, b) -> b - a);
    assertThat(r.get("missing").toString()).contains("\"name\":\"googledrive\"");
  }

  /** The number of real tasks the built-in evaluator supports now (raise it as functions are added). */
  static final int TASKS_SUPPORTED = 219;

  @Test
  void parseErrorsAreListedNotFatal(@TempDir Path tmp) throws Exception {
    Path d = Files.createDirectories(tmp.resolve("examples/os"));
    Files.writeString(d.resolve("good.json"), "{\"id\":\"good\",\"instruction\":\"x\",\"config\":[{\"type\":\"open\",\"parameters\":{\"path\":\"/a\"}}],"
        + "\"evaluator\":{\"func\":\"exact_match\",\"result\":{\"type\":\"vm_command_line\",\"command\":\"echo\"},\"expected\":{\"type\":\"rule\",\"rules\":{\"expected\":\"\"}}}}");
    Files.writeString(d.resolve("nope.json"), "{\"id\":\"nope\",\"instruction\":\"x\",\"config\":[{\"type\":\"googledrive\",\"parameters\":{}}],"
        + "\"evaluator\":{\"func\":\"no_such_metric\",\"result\":{\"type\":\"vm_file\",\"path\":\"/a\",\"dest\":\"a\"}}}");
    Files.writeString(d.resolve("bad.json"), "{\"id\":\"bad\"}");
    ObjectNode r = OsworldCheck.run(tmp);
    assertThat(r.get("tasks_parsed").asInt()).isEqualTo(2);
    assertThat(r.get("parse_errors").get(0).get("file").asText()).isEqualTo("os/bad.json");
    assertThat(r.get("tasks_supported").asInt()).isEqualTo(1);
    assertThat(r.get("tasks_supported_ratio").asDouble()).isEqualTo(0.5);
    assertThat(r.get("unsupported_tasks").get("nope").asText()).isEqualTo("task nope: config[0] type 'googledrive' is not supported yet");
    assertThat(r.get("missing").toString()).contains("{\"kind\":\"step\",\"name\":\"googledrive\",\"tasks\":1}",
        "{\"kind\":\"metric\",\"name\":\"no_such_metric\",\"tasks\":1}");
    assertThat(r.get("metrics_used").asInt()).isEqualTo(2);
    assertThat(r.get("metrics_implemented").asInt()).isEqualTo(1);
  }
}
