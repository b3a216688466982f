package dev.deskpilot.tasks;

import static dev.deskpilot.tasks.Fixtures.js;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.internal.CommandGetters;
import dev.deskpilot.tasks.internal.FileGetters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each getter against OSWorld's Python (desktop_env/evaluators/getters/file.py, general.py, misc.py). */
class GettersTest {
  @TempDir Path tmp;
  private FakeDesktop desktop;

  @AfterEach
  void close() {
    if (desktop != null) {
      desktop.close();
    }
  }

  private GetterInput in(String getterJson) {
    return in(getterJson, FileCache.none());
  }

  private GetterInput in(String getterJson, FileCache cache) {
    Task t = Fixtures.task(tmp, "g1", "{\"func\":\"exact_match\",\"result\":" + getterJson + "}");
    desktop = new FakeDesktop(tmp);
    TaskContext ctx = TaskContext.of(t, desktop, tmp.resolve("work")).withFiles(cache);
    return new GetterInput(ctx, t.evaluator().calls().getFirst().result().orElseThrow());
  }

  // get_vm_file: fetch path from the VM into cache_dir/dest and return that local path
  @Test
  void vmFileCopiesTheFileIntoTheWorkDir() throws Exception {
    Path remote = Files.writeString(tmp.resolve("remote.txt"), "content");
    Value v = FileGetters.vmFile(in("{\"type\":\"vm_file\",\"path\":" + js(remote.toString()) + ",\"dest\":\"res.txt\"}"));
    assertThat(v).isEqualTo(new Value.LocalFile(tmp.resolve("work/res.txt")));
    assertThat(Files.readString(tmp.resolve("work/res.txt"))).isEqualTo("content");
  }

  // get_vm_file: a file the VM does not give -> None (the metric then scores 0)
  @Test
  void vmFileMissingIsNone() throws Exception {
    Value v = FileGetters.vmFile(in("{\"type\":\"vm_file\",\"path\":" + js(tmp.resolve("nope").toString()) + ",\"dest\":\"res.txt\"}"));
    assertThat(v).isEqualTo(Value.NOTHING);
    assertThat(tmp.resolve("work/res.txt")).doesNotExist();
  }

  // multi: path/dest lists; gives (default [0]) chooses what is returned; one -> a path, several -> a list
  @Test
  void vmFileMultiAndGives() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.txt"), "a");
    Path c = Files.writeString(tmp.resolve("c.txt"), "c");
    String paths = "[" + js(a.toString()) + "," + js(tmp.resolve("b-missing").toString()) + "," + js(c.toString()) + "]";
    Value v = FileGetters.vmFile(in("{\"type\":\"vm_file\",\"multi\":true,\"path\":" + paths
        + ",\"dest\":[\"a\",\"b\",\"c\"],\"gives\":[0,1,2]}"));
    assertThat(v).isEqualTo(new Value.LocalFiles(List.of(
        Optional.of(tmp.resolve("work/a")), Optional.empty(), Optional.of(tmp.resolve("work/c")))));
    Value only = FileGetters.vmFile(in("{\"type\":\"vm_file\",\"multi\":true,\"path\":" + paths + ",\"dest\":[\"a\",\"b\",\"c\"],\"gives\":[2]}"));
    assertThat(only).isEqualTo(new Value.LocalFile(tmp.resolve("work/c")));
    // every file is fetched, given or not
    assertThat(desktop.read).hasSize(3);
  }

  @Test
  void vmFileChecksItsFields() {
    assertThatThrownBy(() -> FileGetters.vmFile(in("{\"type\":\"vm_file\",\"path\":\"/x\",\"dest\":\"../up\"}")))
        .isInstanceOf(TaskFormatException.class)
        .hasMessageEndingWith(": /evaluator/result/dest: expected a relative file name (no '..', not absolute), found '../up'");
    assertThatThrownBy(() -> FileGetters.vmFile(in("{\"type\":\"vm_file\",\"dest\":\"x\"}")))
        .hasMessageEndingWith(": /evaluator/result/path: missing; expected a string");
    assertThatThrownBy(() -> FileGetters.vmFile(in("{\"type\":\"vm_file\",\"multi\":true,\"path\":[\"/a\"],\"dest\":[\"a\"],\"gives\":[1]}")))
        .hasMessageEndingWith(": /evaluator/result/gives: expected indices 0..0, found 1");
  }

  @Test
  void vmFileTimeSuffixGoesBeforeTheExtension() throws Exception {
    Path remote = Files.writeString(tmp.resolve("r.txt"), "r");
    Value v = FileGetters.vmFile(in("{\"type\":\"vm_file\",\"path\":" + js(remote.toString())
        + ",\"dest\":\"out.csv\",\"time_suffix\":true,\"time_format\":\"%Y-%m\"}"));
    assertThat(((Value.LocalFile) v).path().getFileName().toString()).matches("out_\\d{4}-\\d{2}\\.csv");
  }

  @Test
  void anUnreachableDesktopIsNotANone() {
    GetterInput g = in("{\"type\":\"vm_file\",\"path\":\"/x\",\"dest\":\"x\"}");
    desktop.unreachable = true;
    assertThatThrownBy(() -> FileGetters.vmFile(g)).isInstanceOf(DesktopException.class);
  }

  // get_vm_command_line: POST /execute {command, shell}; returns response["output"] (stdout), any exit code
  @Test
  void vmCommandLineGivesStdout() {
    assertThat(CommandGetters.vmCommandLine(in("{\"type\":\"vm_command_line\",\"command\":\"echo hi; echo err >&2; exit 4\",\"shell\":\"true\"}")))
        .isEqualTo(new Value.Text("hi\n"));
    assertThat(CommandGetters.vmCommandLine(in("{\"type\":\"vm_command_line\",\"command\":[\"printf\",\"%s-%s\",\"a b\",\"c\"]}")))
        .isEqualTo(new Value.Text("a b-c"));
    // a string without shell is split like shlex.split
    assertThat(CommandGetters.vmCommandLine(in("{\"type\":\"vm_command_line\",\"command\":\"printf '%s|' 'x y' z\"}")))
        .isEqualTo(new Value.Text("x y|z|"));
  }

  // the server answers 500 when the program cannot start -> the getter returns None
  @Test
  void vmCommandLineForAMissingProgramIsNone() {
    assertThat(CommandGetters.vmCommandLine(in("{\"type\":\"vm_command_line\",\"command\":[\"/no/such/program\"]}")))
        .isEqualTo(Value.NOTHING);
  }

  @Test
  void vmCommandLineNeedsACommand() {
    assertThatThrownBy(() -> CommandGetters.vmCommandLine(in("{\"type\":\"vm_command_line\",\"command\":7}")))
        .isInstanceOf(TaskFormatException.class)
        .hasMessageEndingWith(": /evaluator/result/command: expected a non-empty string or a list of strings, found a number");
  }

  // get_rule: return config["rules"]
  @Test
  void ruleGivesTheRules() {
    assertThat(CommandGetters.rule(in("{\"type\":\"rule\",\"rules\":{\"expected\":[1,\"a\"]}}")))
        .isEqualTo(new Value.Json(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(java.util.Map.of("expected", List.of(1, "a")))));
    assertThatThrownBy(() -> CommandGetters.rule(in("{\"type\":\"rule\"}"))).hasMessageEndingWith(": /evaluator/result/rules: missing");
  }

  // Deskpilot's extension: a cloud_file path without a URL scheme is relative to the task file's folder
  @Test
  void cloudFileResolvesRelativePathsAgainstTheTaskFolder() throws Exception {
    Path gold = tmp.resolve("examples/os/gold/res.txt");
    Files.createDirectories(gold.getParent());
    Files.writeString(gold, "gold");
    assertThat(FileGetters.cloudFile(in("{\"type\":\"cloud_file\",\"path\":\"gold/res.txt\",\"dest\":\"g.txt\"}")))
        .isEqualTo(new Value.LocalFile(tmp.resolve("work/g.txt")));
    assertThat(Files.readString(tmp.resolve("work/g.txt"))).isEqualTo("gold");
    assertThatThrownBy(() -> FileGetters.cloudFile(in("{\"type\":\"cloud_file\",\"path\":\"gold/none.txt\",\"dest\":\"g.txt\"}")))
        .isInstanceOf(EvaluationException.class)
        .hasMessageStartingWith("task g1: /evaluator/result: missing file: " + tmp.resolve("examples/os/gold/none.txt"))
        .satisfies(e -> assertThat(((EvaluationException) e).kind()).isEqualTo(EvaluationException.Kind.NOT_CACHED));
  }

  private static final String URL =
      "https://huggingface.co/datasets/xlangai/ubuntu_osworld_file_cache/resolve/main/multi_apps/g1/res%20gold.txt";

  @Test
  void cloudFileUrlsComeFromTheCacheInEveryLayout() throws Exception {
    Path osworldCache = tmp.resolve("osworld-cache");
    Files.createDirectories(osworldCache.resolve("g1"));
    Files.writeString(osworldCache.resolve("g1/res_Gold.txt"), "a");
    assertThat(FileGetters.cloudFile(in("{\"type\":\"cloud_file\",\"path\":" + js(URL) + ",\"dest\":\"res_Gold.txt\"}", FileCache.of(osworldCache))))
        .isEqualTo(new Value.LocalFile(tmp.resolve("work/res_Gold.txt")));
    assertThat(Files.readString(tmp.resolve("work/res_Gold.txt"))).isEqualTo("a");

    Path mirror = tmp.resolve("mirror");
    Path mirrored = mirror.resolve("huggingface.co/datasets/xlangai/ubuntu_osworld_file_cache/resolve/main/multi_apps/g1/res gold.txt");
    Files.createDirectories(mirrored.getParent());
    Files.writeString(mirrored, "b");
    assertThat(FileGetters.cloudFile(in("{\"type\":\"cloud_file\",\"path\":" + js(URL) + ",\"dest\":\"x.txt\"}", FileCache.of(mirror))))
        .isEqualTo(new Value.LocalFile(tmp.resolve("work/x.txt")));
    assertThat(Files.readString(tmp.resolve("work/x.txt"))).isEqualTo("b");

    Path dataset = tmp.resolve("dataset");
    Path checkedOut = dataset.resolve("multi_apps/g1/res gold.txt");
    Files.createDirectories(checkedOut.getParent());
    Files.writeString(checkedOut, "c");
    assertThat(FileGetters.cloudFile(in("{\"type\":\"cloud_file\",\"path\":" + js(URL) + ",\"dest\":\"x.txt\"}", FileCache.of(tmp.resolve("empty"), dataset))))
        .isEqualTo(new Value.LocalFile(tmp.resolve("work/x.txt")));
    assertThat(Files.readString(tmp.resolve("work/x.txt"))).isEqualTo("c");
  }

  @Test
  void anUncachedUrlIsAnErrorNotAZero() {
    assertThatThrownBy(() -> FileGetters.cloudFile(in("{\"type\":\"cloud_file\",\"path\":" + js(URL) + ",\"dest\":\"x.txt\"}")))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("task g1: /evaluator/result: not cached: " + URL + " (no file cache folder is configured)");
  }

  // OSWorld's download step caches at cache/<task>/<uuid5(NAMESPACE_URL, url)>_<name>
  @Test
  void uuid5MatchesPython() {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.NAMESPACE_URL, 'https://example.org/a.txt'))"
    assertThat(FileCache.uuid5("https://example.org/a.txt")).isEqualTo(PYTHON_UUID5);
  }

  static final String PYTHON_UUID5 = "85f33684-d37d-508f-90d1-acd5e5b2f836";
}
