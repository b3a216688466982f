package dev.deskpilot.tasks;

import static dev.deskpilot.tasks.Fixtures.js;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation flow of OSWorld's DesktopEnv.evaluate(). */
class EvaluatorTest {
  @TempDir Path tmp;
  private FakeDesktop desktop;
  private final List<String> log = new ArrayList<>();

  @AfterEach
  void close() {
    if (desktop != null) {
      desktop.close();
    }
  }

  private TaskContext ctx(String evaluatorJson) {
    desktop = new FakeDesktop(tmp);
    return TaskContext.of(Fixtures.task(tmp, "e1", evaluatorJson), desktop, tmp.resolve("work"))
        .withSleeper(d -> {})
        .withLog(log::add);
  }

  private static String echo(String out) {
    return "{\"type\":\"vm_command_line\",\"command\":" + js("printf '" + out + "'") + ",\"shell\":true}";
  }

  private static String rule(String expected) {
    return "{\"type\":\"rule\",\"rules\":{\"expected\":" + js(expected) + "}}";
  }

  private static String touch(Path p) {
    return "{\"type\":\"execute\",\"parameters\":{\"command\":[\"touch\"," + js(p.toString()) + "]}}";
  }

  @Test
  void singleFuncScoresItsMetric() throws Exception {
    Score s = Evaluator.builtIn().evaluate(ctx("{\"func\":\"exact_match\",\"result\":" + echo("yes") + ",\"expected\":" + rule("yes") + "}"), false);
    assertThat(s.value()).isEqualTo(1.0);
    assertThat(s.funcs()).singleElement().satisfies(f -> {
      assertThat(f.func()).isEqualTo("exact_match");
      assertThat(f.pointer()).isEqualTo("/evaluator/func");
      assertThat(f.value()).isEqualTo(OptionalDouble.of(1.0));
      assertThat(f.result()).isEqualTo("text \"yes\"");
    });
    assertThat(log).anyMatch(l -> l.startsWith("score 1.0"));
  }

  // evaluate(): postconfig runs first, also for infeasible tasks
  @Test
  void infeasibleScoresOneOnlyWhenTheLastActionWasFail() throws Exception {
    Path post = tmp.resolve("postconfig-ran");
    String ev = "{\"func\":\"infeasible\",\"postconfig\":[" + touch(post) + "]}";
    assertThat(Evaluator.builtIn().evaluate(ctx(ev), true).value()).isEqualTo(1.0);
    assertThat(post).exists();
    Score no = Evaluator.builtIn().evaluate(ctx(ev), false);
    assertThat(no.value()).isEqualTo(0.0);
    assertThat(no.reason()).isEqualTo("infeasible task: the last action was not FAIL");
  }

  // evaluate(): `if action_history[-1] == "FAIL": return 0` for feasible tasks, before any getter
  @Test
  void aFeasibleTaskEndingInFailScoresZeroWithoutJudging() throws Exception {
    Path getterRan = tmp.resolve("getter-ran");
    String ev = "{\"func\":\"exact_match\",\"result\":{\"type\":\"vm_command_line\",\"command\":" + js("touch " + getterRan + "; printf yes")
        + ",\"shell\":true},\"expected\":" + rule("yes") + "}";
    Score s = Evaluator.builtIn().evaluate(ctx(ev), true);
    assertThat(s.value()).isEqualTo(0.0);
    assertThat(s.reason()).isEqualTo("the last action was FAIL on a feasible task");
    assertThat(s.funcs()).singleElement().satisfies(f -> assertThat(f.value()).isEmpty());
    assertThat(getterRan).doesNotExist();
  }

  // conj "and": a 0 returns 0 at once (later funcs are not judged); otherwise the mean
  @Test
  void andShortCircuitsOnZeroElseMeans() throws Exception {
    Path third = tmp.resolve("third-getter-ran");
    String ev = "{\"func\":[\"exact_match\",\"exact_match\",\"exact_match\"],"
        + "\"result\":[" + echo("a") + "," + echo("b") + ",{\"type\":\"vm_command_line\",\"command\":" + js("touch " + third) + ",\"shell\":true}],"
        + "\"expected\":[" + rule("a") + "," + rule("not b") + "," + rule("") + "]}";
    Score s = Evaluator.builtIn().evaluate(ctx(ev), false);
    assertThat(s.value()).isEqualTo(0.0);
    assertThat(s.funcs()).extracting(Score.FuncScore::value)
        .containsExactly(OptionalDouble.of(1.0), OptionalDouble.of(0.0), OptionalDouble.empty());
    assertThat(third).doesNotExist();
    assertThat(s.reason()).isEqualTo("and: exact_match (/evaluator/func/1) scored 0");

    String partial = "{\"func\":[\"exact_match\",\"compare_text_file\"],\"result\":[" + echo("a") + ",{\"type\":\"vm_file\",\"path\":"
        + js(Files.writeString(tmp.resolve("r.txt"), "x").toString()) + ",\"dest\":\"r.txt\"}],"
        + "\"expected\":[" + rule("a") + ",{\"type\":\"cloud_file\",\"path\":\"../../gold.txt\",\"dest\":\"g\"}]}";
    Files.writeString(tmp.resolve("gold.txt"), "x");
    assertThat(Evaluator.builtIn().evaluate(ctx(partial), false).value()).isEqualTo(1.0);
  }

  // a registered metric with partial credit shows the mean (and) / max (or)
  @Test
  void andMeansAndOrMaxesPartialScores() throws Exception {
    EvaluationRegistry r = EvaluationRegistry.builtIn().toBuilder()
        .metric("fraction", in -> Double.parseDouble(((Value.Text) in.result()).text()))
        .build();
    String three = "\"result\":[" + echo("0.5") + "," + echo("0.25") + "," + echo("0.75") + "]";
    Score and = new Evaluator(r).evaluate(ctx("{\"func\":[\"fraction\",\"fraction\",\"fraction\"]," + three + "}"), false);
    assertThat(and.value()).isEqualTo(0.5);
    Score or = new Evaluator(r).evaluate(ctx("{\"func\":[\"fraction\",\"fraction\",\"fraction\"],\"conj\":\"or\"," + three + "}"), false);
    assertThat(or.value()).isEqualTo(0.75);
    assertThat(or.reason()).isEqualTo("or: maximum of 3 metrics");
  }

  // conj "or": a 1 returns 1 at once
  @Test
  void orShortCircuitsOnOne() throws Exception {
    Path second = tmp.resolve("second-getter-ran");
    String ev = "{\"func\":[\"exact_match\",\"exact_match\"],\"conj\":\"or\","
        + "\"result\":[" + echo("a") + ",{\"type\":\"vm_command_line\",\"command\":" + js("touch " + second) + ",\"shell\":true}],"
        + "\"expected\":[" + rule("a") + "," + rule("") + "]}";
    Score s = Evaluator.builtIn().evaluate(ctx(ev), false);
    assertThat(s.value()).isEqualTo(1.0);
    assertThat(second).doesNotExist();
  }

  // A getter that cannot find its file gives None; the metric scores 0
  @Test
  void aMissingVmFileScoresZero() throws Exception {
    Files.writeString(tmp.resolve("gold.txt"), "x");
    String ev = "{\"func\":\"compare_text_file\",\"result\":{\"type\":\"vm_file\",\"path\":" + js(tmp.resolve("absent.txt").toString())
        + ",\"dest\":\"a.txt\"},\"expected\":{\"type\":\"cloud_file\",\"path\":\"../../gold.txt\",\"dest\":\"g.txt\"}}";
    Score s = Evaluator.builtIn().evaluate(ctx(ev), false);
    assertThat(s.value()).isEqualTo(0.0);
    assertThat(s.funcs().getFirst().result()).isEqualTo("None");
  }

  @Test
  void unknownMetricsAndGettersAreNamedWithTheirPointer() {
    String ev = "{\"func\":[\"exact_match\",\"compare_audios\"],\"result\":[" + echo("a") + "," + echo("b") + "],\"expected\":[" + rule("a") + "," + rule("b") + "]}";
    assertThatThrownBy(() -> Evaluator.builtIn().evaluate(ctx(ev), false))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("task e1: /evaluator/func/1: metric 'compare_audios' is not implemented yet")
        .satisfies(e -> assertThat(((EvaluationException) e).kind()).isEqualTo(EvaluationException.Kind.NOT_IMPLEMENTED));
    String ev2 = "{\"func\":\"exact_match\",\"result\":{\"type\":\"vm_wallpaper\"},\"expected\":" + rule("a") + "}";
    assertThat(Evaluator.builtIn().unsupportedReason(ctx(ev2).task()))
        .contains("task e1: /evaluator/result: getter 'vm_wallpaper' is not implemented yet");
  }

  @Test
  void unsupportedReasonChecksStepsFirst() {
    Task t = TaskReader.parse("{\"id\":\"u\",\"instruction\":\"x\",\"config\":[{\"type\":\"login\",\"parameters\":{}}],"
        + "\"evaluator\":{\"func\":\"compare_audios\",\"result\":{\"type\":\"rule\",\"rules\":1}}}", tmp.resolve("u.json"), "os");
    assertThat(Evaluator.builtIn().unsupportedReason(t)).contains("task u: config[0] type 'login' is not supported yet");
    Task ok = Fixtures.task(tmp, "ok", "{\"func\":\"exact_match\",\"result\":" + echo("a") + ",\"expected\":" + rule("a") + "}");
    assertThat(Evaluator.builtIn().unsupportedReason(ok)).isEmpty();
  }

  @Test
  void implementedNamesIncludeInfeasibleAndRegisteredFunctions() {
    assertThat(Evaluator.builtIn().implementedMetrics())
        .contains("check_include_exclude", "compare_text_file", "exact_match", "infeasible", "compare_table", "compare_pptx_files",
            "compare_docx_files", "compare_pdfs", "check_direct_json_object", "compare_images", "compare_archive")
        .doesNotContain("compare_audios");
    assertThat(Evaluator.builtIn().implementedGetters()).contains("cloud_file", "rule", "vm_command_line", "vm_file",
        "active_url_from_accessTree", "rule_relativeTime", "cache_file", "vlc_config").doesNotContain("googledrive_file");
    Evaluator extended = new Evaluator(EvaluationRegistry.builtIn().toBuilder().metric("always", in -> 1).getter("zero", in -> Value.NOTHING).build());
    assertThat(extended.implementedMetrics()).contains("always");
    assertThat(extended.implementedGetters()).contains("zero");
    assertThatThrownBy(() -> EvaluationRegistry.builder().metric("infeasible", in -> 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScoreOutsideZeroToOneIsAnError() {
    Evaluator e = new Evaluator(EvaluationRegistry.builtIn().toBuilder().metric("broken", in -> 1.5).build());
    assertThatThrownBy(() -> e.evaluate(ctx("{\"func\":\"broken\",\"result\":" + echo("a") + "}"), false))
        .isInstanceOf(EvaluationException.class)
        .hasMessage("task e1: /evaluator/func: broken returned 1.5, not a score in 0..1");
  }

  @Test
  void withoutExpectedTheMetricGetsNone() throws Exception {
    Evaluator e = new Evaluator(EvaluationRegistry.builtIn().toBuilder().metric("no_expected", in -> in.expected().isEmpty() ? 1 : 0).build());
    assertThat(e.evaluate(ctx("{\"func\":\"no_expected\",\"result\":" + echo("a") + "}"), false).value()).isEqualTo(1.0);
  }

  private static Step step(int i, Action... actions) {
    return new Step(i, Instant.EPOCH, null, "", Decision.of("", actions), List.of(), new Step.Timings(0, 0, 0, 0));
  }

  @Test
  void lastActionWasFailLooksAtTheLastDecidedAction() {
    assertThat(Evaluator.lastActionWasFail(List.of())).isFalse();
    assertThat(Evaluator.lastActionWasFail(List.of(step(1, new Action.Done()), step(2, new Action.Fail("can't"))))).isTrue();
    assertThat(Evaluator.lastActionWasFail(List.of(step(1, new Action.Fail("x"), new Action.Done())))).isFalse();
    assertThat(Evaluator.lastActionWasFail(List.of(step(1, new Action.Fail("x")), step(2)))).isTrue();
  }
}
