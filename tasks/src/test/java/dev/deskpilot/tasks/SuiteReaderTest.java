package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReaderTest {
  @TempDir Path tmp;

  static Path osworld() throws URISyntaxException {
    return Path.of(SuiteReaderTest.class.getResource("/osworld/test_all.json").toURI()).getParent();
  }

  @Test
  void readsAllRealOsworldTasksAndReportsTheMissingOnes() throws Exception {
    Suite s = SuiteReader.read(osworld());
    assertThat(s.errors()).isEmpty();
    assertThat(s.tasks()).hasSize(331);
    assertThat(s.index()).contains(osworld().resolve("test_all.json"));
    // thunderbird (15) and vs_code (23) are named by test_all.json but their files are not there.
    assertThat(s.missing()).hasSize(38);
    Map<String, Long> byDomain = s.missing().stream().collect(Collectors.groupingBy(MissingTask::domain, TreeMap::new, Collectors.counting()));
    assertThat(byDomain).containsExactly(Map.entry("thunderbird", 15L), Map.entry("vs_code", 23L));
    assertThat(s.unindexed()).isEmpty();
    assertThat(s.tasks().stream().filter(t -> t.evaluator().infeasible()).count()).isEqualTo(23);
    assertThat(s.tasks()).allSatisfy(t -> assertThat(t.source().getFileName().toString()).isEqualTo(t.id() + ".json"));
  }

  /** Cross-checks Evaluator.unsupportedReason against the raw JSON of the real tasks. */
  @Test
  void unsupportedReasonAgreesWithTheRawFiles() throws Exception {
    Suite s = SuiteReader.read(osworld());
    Evaluator ev = Evaluator.builtIn();
    int supported = 0;
    for (Task t : s.tasks()) {
      boolean stepsOk = true;
      for (String list : new String[] {"/config", "/evaluator/postconfig"}) {
        for (var step : t.raw().at(list)) {
          stepsOk &= SetupRunner.supportedTypes().contains(step.get("type").asText());
        }
      }
      boolean funcsOk = true;
      var e = t.raw().get("evaluator");
      for (var f : e.get("func").isArray() ? e.get("func") : List.of(e.get("func"))) {
        funcsOk &= ev.implementedMetrics().contains(f.asText());
      }
      if (!e.get("func").asText().equals("infeasible")) {
        for (String side : new String[] {"result", "expected"}) {
          var g = e.get(side);
          for (var item : g == null ? List.<com.fasterxml.jackson.databind.JsonNode>of() : g.isArray() ? iterable(g) : List.of(g)) {
            funcsOk &= item.isNull() || item.isEmpty() || ev.implementedGetters().contains(item.get("type").asText());
          }
        }
      }
      boolean expected = stepsOk && funcsOk;
      assertThat(ev.unsupportedReason(t).isEmpty()).as(t.id() + ": " + ev.unsupportedReason(t)).isEqualTo(expected);
      supported += expected ? 1 : 0;
    }
    System.out.println("OSWorld tasks runnable and judgeable now: " + supported + " of " + s.tasks().size());
    assertThat(supported).isPositive();
  }

  private static List<com.fasterxml.jackson.databind.JsonNode> iterable(com.fasterxml.jackson.databind.JsonNode n) {
    List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  @Test
  void aNamedIndexChoosesTheTasks() throws Exception {
    Suite s = SuiteReader.read(osworld(), "test_small.json");
    assertThat(s.errors()).isEmpty();
    assertThat(s.tasks().size() + s.missing().size()).isLessThan(369);
    assertThat(s.unindexed()).hasSize(331 - s.tasks().size());
  }

  private void file(String rel, String text) throws IOException {
    Path p = tmp.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private static String task(String id) {
    return "{\"id\":\"" + id + "\",\"instruction\":\"x\",\"evaluator\":{\"func\":\"infeasible\"}}";
  }

  @Test
  void oneBadFileDoesNotStopTheOthers() throws IOException {
    file("examples/a/good.json", task("good"));
    file("examples/a/bad.json", "{\"id\": \"bad\",");
    file("examples/b/other.json", task("wrong-id"));
    file("test_all.json", "{\"a\": [\"good\", \"bad\", \"gone\"], \"b\": [\"other\"]}");
    Suite s = SuiteReader.read(tmp);
    assertThat(s.tasks()).extracting(Task::id).containsExactly("good");
    assertThat(s.missing()).containsExactly(new MissingTask("a", "gone", tmp.resolve("examples/a/gone.json")));
    assertThat(s.errors()).hasSize(2);
    assertThat(s.errors().get(0).getMessage()).startsWith(tmp.resolve("examples/a/bad.json") + ":1:");
    assertThat(s.errors().get(1).getMessage())
        .isEqualTo(tmp.resolve("examples/b/other.json") + ": /id: is \"wrong-id\" but the file is named other.json; they must match");
  }

  @Test
  void withoutAnIndexEveryFileIsATask() throws IOException {
    file("examples/b/two.json", task("two"));
    file("examples/a/one.json", task("one"));
    file("examples/a/notes.txt", "not a task");
    Suite s = SuiteReader.read(tmp);
    assertThat(s.index()).isEmpty();
    assertThat(s.tasks()).extracting(Task::id).containsExactly("one", "two");
    assertThat(s.tasks()).extracting(Task::domain).containsExactly("a", "b");
  }

  @Test
  void badIndexEntriesAreReported() throws IOException {
    file("examples/a/one.json", task("one"));
    file("test_all.json", "{\"a\": [\"one\", \"../../etc/passwd\", 3], \"b\": \"x\"}");
    Suite s = SuiteReader.read(tmp);
    assertThat(s.tasks()).extracting(Task::id).containsExactly("one");
    assertThat(s.errors()).extracting(Throwable::getMessage).containsExactly(
        tmp.resolve("test_all.json") + ": /a/1: expected a task id (a file name without .json), found \"../../etc/passwd\"",
        tmp.resolve("test_all.json") + ": /a/2: expected a task id (a file name without .json), found 3",
        tmp.resolve("test_all.json") + ": /b: expected a list of task ids, found a string");
  }
}
