package dev.deskpilot.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A slice of the bundled desktop-basics suite through the real {@code suite} command: four tasks
 * of four apps (mousepad, xterm, galculator, LibreOffice Calc) in sandboxes, two at a time, all
 * passing; plus one task whose script does the wrong thing and still ends with DONE, which its
 * evaluator must score 0. The whole suite is run with the CLI ({@code ./deskpilot suite
 * tasks/suites/desktop-basics --parallel 2}).
 */
class DesktopBasicsSuiteIT {
  private static final Path SUITE = Path.of("../tasks/suites/desktop-basics").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aSliceOfFourAppsPassesAndAWrongScriptScoresZero(@TempDir Path tmp) throws IOException {
    Path suite = tmp.resolve("desktop-basics");
    copyTree(SUITE.resolve("examples"), suite.resolve("examples"));
    // The wrong solution: sorted, but duplicates kept. The script still runs to DONE.
    Path wrong = suite.resolve("examples/xterm/unique-sorted-names-wrong.json");
    ObjectNode task = (ObjectNode) JSON.readTree(suite.resolve("examples/xterm/unique-sorted-names.json").toFile());
    task.put("id", "unique-sorted-names-wrong");
    ArrayNode script = (ArrayNode) task.path("deskpilot").path("script");
    String typed = script.get(1).asText();
    assertThat(typed).contains("sort -u ");
    script.set(1, JSON.getNodeFactory().textNode(typed.replace("sort -u ", "sort ")));
    JSON.writeValue(wrong.toFile(), task);
    Files.writeString(suite.resolve("test_all.json"), """
        {"mousepad": ["append-to-list"], "xterm": ["count-log-files", "unique-sorted-names-wrong"],
         "galculator": ["square-root"], "calc": ["sum-expenses"]}
        """);
    Path results = tmp.resolve("results");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
        "suite", suite.toString(), "--parallel", "2", "--results", results.toString());

    String log = out + "\n" + err;
    assertThat(exit).as(log).isEqualTo(1);
    JsonNode summary = JSON.readTree(results.resolve("desktop-basics/summary.json").toFile());
    assertThat(summary.path("tasks").asInt()).as(log).isEqualTo(5);
    assertThat(summary.path("passed").asInt()).as(log).isEqualTo(4);
    assertThat(summary.path("failed").asInt()).as(log).isEqualTo(1);
    assertThat(summary.path("errors").asInt()).as(log).isZero();
    Path modelDir = results.resolve("computer_13/screenshot/step-script");
    for (String passed : new String[] {"mousepad/append-to-list", "xterm/count-log-files", "galculator/square-root", "calc/sum-expenses"}) {
      assertThat(Files.readString(modelDir.resolve(passed).resolve("result.txt")).strip()).as(passed + "\n" + log).isEqualTo("1.0");
    }
    Path failed = modelDir.resolve("xterm/unique-sorted-names-wrong");
    assertThat(Files.readString(failed.resolve("result.txt")).strip()).isEqualTo("0.0");
    assertThat(Files.readString(failed.resolve("runtime.log"))).contains("outcome DONE").contains("compare_text_file = 0.0");
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
