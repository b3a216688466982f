package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskReaderTest {
  @TempDir Path tmp;

  private static final String VALID =
      """
      {
        "id": "t1",
        "snapshot": "os",
        "instruction": "Say hi",
        "source": "https://example.org",
        "config": [
          {"type": "execute", "parameters": {"command": ["echo", "{SCREEN_WIDTH}"]}},
          {"type": "launch", "parameters": {"command": "gedit", "shell": "true"}},
          {"type": "sleep", "parameters": {"seconds": 0.5}},
          {"type": "download", "parameters": {"files": [{"url": "https://x/y", "path": "/tmp/y"}]}}
        ],
        "evaluator": {
          "postconfig": [{"type": "sleep", "parameters": {"seconds": 1}}],
          "func": ["exact_match", "check_include_exclude"],
          "conj": "or",
          "result": [{"type": "vm_command_line", "command": "echo 1", "shell": true},
                     {"type": "vm_command_line", "command": ["echo", "x"]}],
          "expected": [{"type": "rule", "rules": {"expected": "1\\n"}}, null],
          "options": [null, {}]
        },
        "proxy": false,
        "deskpilot": {"script": ["click \\"File\\""], "max_steps": 7, "timeout_s": 90}
      }
      """;

  private Path write(String name, String json) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("examples/os"));
    return Files.writeString(dir.resolve(name), json);
  }

  @Test
  void readsAValidTaskWithAllItsParts() throws IOException {
    Task t = TaskReader.read(write("t1.json", VALID));
    assertThat(t.id()).isEqualTo("t1");
    assertThat(t.domain()).isEqualTo("os");
    assertThat(t.instruction()).isEqualTo("Say hi");
    assertThat(t.config()).hasSize(4);
    assertThat(t.config().get(0)).isInstanceOfSatisfying(SetupStep.Execute.class, e -> {
      assertThat(e.command()).isEqualTo(CommandLine.ofList(java.util.List.of("echo", "{SCREEN_WIDTH}"), false));
      assertThat(e.type()).isEqualTo("execute");
    });
    // OSWorld files write "shell": "true"; Python treats it as true.
    assertThat(t.config().get(1)).isInstanceOfSatisfying(SetupStep.Launch.class, l -> assertThat(l.command().shell()).isTrue());
    assertThat(t.config().get(2)).isEqualTo(new SetupStep.Sleep(Duration.ofMillis(500), ((SetupStep.Sleep) t.config().get(2)).parameters()));
    assertThat(t.config().get(3)).isInstanceOfSatisfying(SetupStep.Other.class, o -> {
      assertThat(o.type()).isEqualTo("download");
      assertThat(o.parameters().get("files").get(0).get("url").asText()).isEqualTo("https://x/y");
    });
    EvaluatorSpec ev = t.evaluator();
    assertThat(ev.conj()).isEqualTo(Conjunction.OR);
    assertThat(ev.funcIsList()).isTrue();
    assertThat(ev.infeasible()).isFalse();
    assertThat(ev.postconfig()).hasSize(1);
    assertThat(ev.calls()).extracting(MetricCall::func).containsExactly("exact_match", "check_include_exclude");
    assertThat(ev.calls().get(0).pointer()).isEqualTo("/evaluator/func/0");
    assertThat(ev.calls().get(0).expected()).isPresent();
    assertThat(ev.calls().get(1).expected()).isEmpty();
    assertThat(ev.calls().get(1).result().orElseThrow().pointer()).isEqualTo("/evaluator/result/1");
    assertThat(t.raw().get("snapshot").asText()).isEqualTo("os");
    assertThat(t.raw().get("proxy").asBoolean()).isFalse();
    DeskpilotSpec d = t.deskpilot().orElseThrow();
    assertThat(d.script()).containsExactly("click \"File\"");
    assertThat(d.maxSteps()).hasValue(7);
    assertThat(d.timeout()).contains(Duration.ofSeconds(90));
  }

  @Test
  void infeasibleNeedsNoResult() {
    Task t = TaskReader.parse("{\"id\":\"i\",\"instruction\":\"x\",\"evaluator\":{\"func\":\"infeasible\"}}", tmp.resolve("i.json"), "os");
    assertThat(t.evaluator().infeasible()).isTrue();
    assertThat(t.config()).isEmpty();
    assertThat(t.deskpilot()).isEmpty();
  }

  @Test
  void malformedJsonNamesFileLineAndColumn() throws IOException {
    Path f = write("bad.json", "{\n  \"id\": \"x\",\n  \"instruction\": \"y\" \"evaluator\": {}\n}\n");
    assertThatThrownBy(() -> TaskReader.read(f))
        .isInstanceOf(TaskFormatException.class)
        .hasMessageStartingWith(f + ":3:22: malformed JSON: Unexpected character")
        .hasMessageNotContaining("\n");
  }

  @Test
  void duplicateKeysAreMalformed() throws IOException {
    Path f = write("dup.json", "{\"id\": \"a\",\n \"id\": \"b\"}");
    assertThatThrownBy(() -> TaskReader.read(f))
        .isInstanceOf(TaskFormatException.class)
        .hasMessageStartingWith(f + ":2:")
        .hasMessageContaining("Duplicate field 'id'");
  }

  @Test
  void emptyFileIsReported() throws IOException {
    Path f = write("empty.json", "  \n");
    assertThatThrownBy(() -> TaskReader.read(f)).hasMessage(f + ": (document): the file is empty; expected a JSON object");
  }

  private String withConfig(String steps) {
    return "{\"id\":\"t\",\"instruction\":\"x\",\"config\":" + steps
        + ",\"evaluator\":{\"func\":\"exact_match\",\"result\":{\"type\":\"rule\",\"rules\":1}}}";
  }

  private void assertProblem(String json, String message) {
    Path f = tmp.resolve("tasks/x.json");
    assertThatThrownBy(() -> TaskReader.parse(json, f, "d"))
        .isInstanceOf(TaskFormatException.class)
        .hasMessage(f + ": " + message);
  }

  @Test
  void wrongTypeNamesThePointer() {
    assertProblem(
        withConfig("[{\"type\":\"sleep\",\"parameters\":{\"seconds\":1}},{\"type\":\"sleep\",\"parameters\":{\"seconds\":1}},{\"type\":3,\"parameters\":{}}]"),
        "/config/2/type: expected a string, found a number");
  }

  @Test
  void missingIdIsReported() {
    assertProblem("{\"instruction\":\"x\",\"evaluator\":{\"func\":\"infeasible\"}}", "/id: missing; expected a string");
  }

  @Test
  void idMustNameAFolder() {
    assertProblem("{\"id\":\"../x\",\"instruction\":\"x\",\"evaluator\":{\"func\":\"infeasible\"}}",
        "/id: '../x' cannot name a folder; use letters, digits, '-', '_' or '.'");
  }

  @Test
  void rootMustBeAnObject() {
    assertProblem("[1]", "(document): expected an object, found an array");
  }

  @Test
  void knownStepTypesCheckTheirParameters() {
    assertProblem(withConfig("[{\"type\":\"sleep\",\"parameters\":{\"seconds\":\"2\"}}]"),
        "/config/0/parameters/seconds: expected a number, found a string");
    assertProblem(withConfig("[{\"type\":\"execute\",\"parameters\":{\"command\":[\"ls\"],\"shel\":true}}]"),
        "/config/0/parameters/shel: unknown field; valid fields are command, shell, stderr, stdout, until");
    assertProblem(withConfig("[{\"type\":\"execute\",\"parameters\":{\"command\":5}}]"),
        "/config/0/parameters/command: expected a string or a list of strings, found a number");
    assertProblem(withConfig("[{\"type\":\"launch\",\"parameters\":{\"command\":[\"x\"],\"shell\":\"maybe\"}}]"),
        "/config/0/parameters/shell: expected a boolean (true or false), found a string");
    assertProblem(withConfig("[{\"type\":\"execute\",\"parameters\":{\"command\":\"echo 'unclosed\"}}]"),
        "/config/0/parameters/command: cannot split into words (No closing quotation); fix the quoting or set \"shell\": true");
    assertProblem(withConfig("[{\"type\":\"execute\"}]"), "/config/0/parameters: missing; expected an object (may be {})");
    assertProblem(withConfig("[{\"type\":\"execute\",\"parameters\":{\"command\":[\"ls\"],\"stdout\":\"../x\"}}]"),
        "/config/0/parameters/stdout: expected a plain file name (no '/', not '..'), found '../x'");
  }

  @Test
  void evaluatorShapesAreChecked() {
    String head = "{\"id\":\"t\",\"instruction\":\"x\",\"evaluator\":";
    assertProblem(head + "{\"func\":\"exact_match\"}}", "/evaluator/result: missing; expected a getter object like {\"type\": \"vm_file\", ...}");
    assertProblem(head + "{\"func\":[\"a\",\"b\"],\"result\":[{\"type\":\"rule\"}]}}", "/evaluator/result: expected 2 items (one per func), found 1");
    assertProblem(head + "{\"func\":[\"a\",\"infeasible\"],\"result\":[{\"type\":\"rule\"},{\"type\":\"rule\"}]}}",
        "/evaluator/func/1: \"infeasible\" must be the only func (\"func\": \"infeasible\")");
    assertProblem(head + "{\"func\":\"a\",\"conj\":\"xor\",\"result\":{\"type\":\"rule\"}}}", "/evaluator/conj: expected \"and\" or \"or\", found \"xor\"");
    assertProblem(head + "{\"func\":\"a\",\"result\":{\"path\":\"/x\"}}}", "/evaluator/result/type: missing; expected a string");
    assertProblem(head + "{\"func\":7,\"result\":{\"type\":\"rule\"}}}", "/evaluator/func: expected a metric name or a list of metric names, found a number");
    assertProblem("{\"id\":\"t\",\"instruction\":\"x\"}", "/evaluator: missing; expected an object with at least \"func\"");
  }

  @Test
  void deskpilotFieldIsChecked() {
    String head = "{\"id\":\"t\",\"instruction\":\"x\",\"evaluator\":{\"func\":\"infeasible\"},\"deskpilot\":";
    assertProblem(head + "{\"max_steps\":0}}", "/deskpilot/max_steps: expected an integer from 1 to 100000, found 0");
    assertProblem(head + "{\"script\":[\"ok\",3]}}", "/deskpilot/script/1: expected a string, found a number");
    assertProblem(head + "{\"steps\":3}}", "/deskpilot/steps: unknown field; valid fields are max_steps, script, timeout_s");
  }
}
