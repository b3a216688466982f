package dev.deskpilot.tasks.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private static final HtmlReport.Options OPTIONS = new HtmlReport.Options(480, 64L << 20, ZoneOffset.UTC);
  private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir Path tmp;

  private String report(List<Path> roots, Optional<Path> compare, HtmlReport.Options options) throws IOException {
    Path out = tmp.resolve("out/report.html");
    HtmlReport.Written w = HtmlReport.write(roots, compare, out, options);
    assertThat(w.file()).isEqualTo(out.toAbsolutePath());
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static int count(String html, String needle) {
    int n = 0;
    for (int i = html.indexOf(needle); i >= 0; i = html.indexOf(needle, i + needle.length())) {
      n++;
    }
    return n;
  }

  @Test
  void demoResultsRenderEveryTaskStepAndClick() throws IOException {
    Path out = tmp.resolve("demo.html");
    HtmlReport.Written w = HtmlReport.write(ReportFixtures.demoResults(), Optional.empty(), out);
    String html = Files.readString(out);

    assertThat(w.runs()).isEqualTo(1);
    assertThat(w.tasks()).isEqualTo(3);
    assertThat(count(html, "<details class=\"task passed\"")).isEqualTo(3);
    assertThat(html).contains("id=\"overall-score\">100%<");
    assertThat(html).contains("computer_13/screenshot/step-script");
    // the domain table: one row per domain plus overall
    for (String d : List.of("galculator", "mousepad", "xterm")) {
      assertThat(html).contains("<tr><td>" + d + "</td><td class=\"n\">1</td><td class=\"n\">1</td>");
    }
    // 11 screenshots in the tree, each embedded once in full and as a thumbnail; each task's first
    // after-screen shows twice (step 1 is drawn on it, having no earlier screen, and step 2 on it)
    assertThat(count(html, "<img src=\"data:image/")).isEqualTo(11 + 3);
    assertThat(count(html, " data-full=\"data:image/")).isEqualTo(11);
    // mousepad clicks twice, galculator once: a click mark at each point, on the 1920x1080 screen
    assertThat(count(html, "<g class=\"mark click\"")).isEqualTo(3);
    assertThat(html).contains("<circle class=\"ring\" cx=\"659\" cy=\"318\"");
    assertThat(html).contains("viewBox=\"0 0 1920 1080\"");
    // typed text and keys as captions
    assertThat(html).contains("<span class=\"typed\">Deskpilot was here.<span class=\"ws\">\u21b5</span></span>");
    assertThat(html).contains("<kbd>ctrl</kbd><span class=\"plus\">+</span><kbd>v</kbd>");
    assertThat(html).contains("time per step");
    assertThat(html).contains("Every task passed.");
  }

  @Test
  void marksUseTheScreenCoordinatesTheLogNamesWhateverTheImageSize() throws IOException {
    ReportFixtures.rich(tmp.resolve("r"), "m", T0);
    String html = report(List.of(tmp.resolve("r")), Optional.empty(), OPTIONS);

    // the frames are 960x540 captures of a 1920x1080 screen: thumbnails 480 wide, marks in screen pixels
    assertThat(html).contains("width=\"480\" height=\"270\"");
    assertThat(html).contains("<svg class=\"marks\" viewBox=\"0 0 1920 1080\"");
    assertThat(html).contains("<g class=\"mark drag\" data-action=\"1\"><title>drag (500, 300) \u2192 (1200, 800)</title>");
    assertThat(html).contains("<g class=\"mark scroll\" data-action=\"1\"><title>scroll down 5 at (960, 540)</title>");
    assertThat(html).contains("<g class=\"mark click right\" data-action=\"1\"><title>right click at (300, 400)</title>");
    // a double click draws two rings; numbered marks when a step has several actions
    assertThat(html).contains("<title>double click at (700, 610)</title><circle class=\"halo\" cx=\"700\" cy=\"610\" r=\"38.4\"/>"
        + "<circle class=\"ring\" cx=\"700\" cy=\"610\" r=\"38.4\"/><circle class=\"halo\" cx=\"700\" cy=\"610\" r=\"59.5\"/>");
    assertThat(html).contains("<title>1. click at (130, 20)</title>");
    assertThat(html).contains("<span class=\"capn\">2</span><span class=\"ic\">keys</span><span class=\"chord\"><kbd>ctrl</kbd>");
  }

  @Test
  void thePagesOnlyScriptIsAllowedByItsHash() throws IOException {
    ReportFixtures.rich(tmp.resolve("r"), "m", T0);
    String html = report(List.of(tmp.resolve("r")), Optional.empty(), OPTIONS);

    assertThat(count(html, "<script")).isEqualTo(1);
    Matcher m = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
    assertThat(m.find()).isTrue();
    assertThat(html).contains("script-src '" + PageWriter.sha256(m.group(1)) + "'");
    assertThat(html).contains("default-src 'none'; img-src data:;");
    assertThat(html).doesNotContain("src=\"http", "href=\"http", "src=\"//");
  }

  @Test
  void untrustedTextIsEscapedEverywhere() throws IOException {
    ReportFixtures.rich(tmp.resolve("r"), "m", T0);
    String html = report(List.of(tmp.resolve("r")), Optional.empty(), OPTIONS);

    assertThat(html).doesNotContain("<script>document", "<img src=x", "<svg onload", "</textarea>giving",
        "<script>alert(1)", "<b>hostile");
    assertThat(html).contains("&lt;/div&gt;&lt;script&gt;document.documentElement.setAttribute(&#39;data-pwned&#39;,&#39;1&#39;)&lt;/script&gt;");
    assertThat(html).contains("&lt;img src=x onerror=&quot;document");
    assertThat(html).contains("&quot;&gt;&lt;svg onload=&quot;");
    assertThat(html).contains("<b>&lt;b&gt;hostile&amp;task</b>");
    // the failure reason, in a category title and as text
    assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void keyShapedStringsAreMasked() throws IOException {
    ReportFixtures.rich(tmp.resolve("r"), "m", T0);
    String html = report(List.of(tmp.resolve("r")), Optional.empty(), OPTIONS);

    assertThat(html).doesNotContain(ReportFixtures.KEY_LIKE).doesNotContain("abcdefghijklmnopqrstuvwxyz0123456789");
    assertThat(html).contains("key sk-ant\u2026[masked]");
    assertThat(Html.mask("Authorization: Bearer abcdefghijklmnopqrstuvwxyz")).doesNotContain("abcdefghijklmnopqrstuvwxyz");
    assertThat(Html.mask("a sk-short key")).isEqualTo("a sk-short key");
  }

  @Test
  void scoresAreSumOfResultsOverTasksPerDomain() throws IOException {
    ReportFixtures.rich(tmp.resolve("r"), "m", T0);
    String html = report(List.of(tmp.resolve("r")), Optional.empty(), OPTIONS);

    // 8 folders: 2 passed + 0.5 partial over 7 judged-or-errored tasks (the unfinished one is not counted)
    assertThat(html).contains("id=\"overall-score\">35.7%<");
    assertThat(html).contains("sum of results / 7 tasks");
    // libreoffice_calc: 0.5 + error over 2 tasks
    assertThat(html).contains("<tr><td>libreoffice_calc</td><td class=\"n\">2</td><td class=\"n\">0</td><td class=\"n\">1</td>"
        + "<td class=\"n\">1</td><td class=\"n\">0</td><td class=\"score\"><div class=\"meter\"><span style=\"width:25%\"></span></div><b>25%</b>");
    assertThat(html).contains("<tr><td>chrome</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">0</td>"
        + "<td class=\"n\">1</td><td class=\"n\">1</td>");
  }

  @Test
  void failuresAreGroupedByKindAndCategory() throws IOException {
    ReportFixtures.rich(tmp.resolve("r"), "m", T0);
    List<RunView> runs = RunLoader.load(tmp.resolve("r"));
    List<FailureGroups.Group> groups = FailureGroups.of(runs);

    assertThat(groups).extracting(g -> g.kind() + " " + g.category() + " " + g.members().size()).containsExactly(
        "ERROR environment failed 1",
        "ERROR unsupported 1",
        "FAILED gave up: <script>alert(N)</script> 1",
        "FAILED gave up: not on screen after N s 1",
        "FAILED judged wrong: compare_table scored N 1",
        "UNFINISHED stopped midway 1");
    String html = report(List.of(tmp.resolve("r")), Optional.empty(), OPTIONS);
    assertThat(html).contains("<span class=\"what\">environment failed</span>");
    assertThat(html).contains("<span class=\"what\">gave up: not on screen after N s</span>");
  }

  @Test
  void categoriesDropPositionsQuotesAndNumbers() {
    assertThat(FailureGroups.category("environment failed: guest died\nstack...")).isEqualTo("environment failed");
    assertThat(FailureGroups.category("unsupported: getter 'x'")).isEqualTo("unsupported");
    assertThat(FailureGroups.category("script line 12: \"Save\" not on screen after 10 s")).isEqualTo("not on screen after N s");
    assertThat(FailureGroups.category("reached the limit of 15 steps")).isEqualTo("reached the limit of N steps");
    assertThat(FailureGroups.category("can't open the file, don't know why")).isEqualTo("can't open the file, don't know why");
    assertThat(FailureGroups.category("   ")).isEqualTo("no reason given");
  }

  @Test
  void aDiffSaysWhatRegressedWhatWasFixedAndWhatIsNewOrMissing() throws IOException {
    ResultTree before = new ResultTree(tmp.resolve("before"), "m");
    before.task("os", "a").finish(1, "ok");
    before.task("os", "b").finish(0, "wrong");
    before.task("os", "c").finish(1, "ok");
    before.task("os", "d").error("environment failed: x");
    before.task("os", "gone").finish(1, "ok");
    ResultTree after = new ResultTree(tmp.resolve("after"), "m");
    after.task("os", "a").finish(0, "wrong");
    after.task("os", "b").finish(1, "ok");
    after.task("os", "c").finish(1, "ok");
    after.task("os", "d").finish(0, "wrong");
    after.task("os", "fresh").finish(1, "ok");

    RunDiff d = RunDiff.of(RunLoader.load(tmp.resolve("before")).getFirst(), RunLoader.load(tmp.resolve("after")).getFirst());
    assertThat(d.rows()).extracting(r -> r.key() + " " + r.change()).containsExactly(
        "os/a REGRESSED", "os/b FIXED", "os/fresh NEW", "os/gone MISSING", "os/d CHANGED", "os/c SAME");

    String html = report(List.of(tmp.resolve("after")), Optional.of(tmp.resolve("before")), OPTIONS);
    assertThat(html).contains("<section id=\"compare\">");
    assertThat(html).contains("data-change=\"regressed\"><b>1</b> passed \u2192 not passed");
    assertThat(html).contains("data-change=\"fixed\"><b>1</b> not passed \u2192 passed");
    assertThat(html).contains("data-change=\"new\"><b>1</b> new");
    assertThat(html).contains("data-change=\"missing\"><b>1</b> missing");
    assertThat(html).contains("<tr class=\"missing\" data-change=\"missing\"><td><span class=\"chip missing\">missing</span></td><td>os/gone</td>");
    assertThat(html).contains("60% \u2192 60%");
  }

  @Test
  void runsOfDifferentModelsArePairedByName() throws IOException {
    ReportFixtures.rich(tmp.resolve("a"), "m1", T0);
    ReportFixtures.rich(tmp.resolve("a"), "m2", T0.plusSeconds(3600));
    ReportFixtures.rich(tmp.resolve("b"), "m2", T0.minusSeconds(86400));
    List<RunDiff> pairs = RunDiff.pair(RunLoader.load(tmp.resolve("b")), RunLoader.load(tmp.resolve("a")));
    assertThat(pairs).extracting(p -> p.current().label()).containsExactly("computer_13/screenshot/m2");
  }

  @Test
  void severalRunsAreShownOverTime() throws IOException {
    ReportFixtures.rich(tmp.resolve("r"), "model-b", T0.plusSeconds(86400));
    ResultTree older = new ResultTree(tmp.resolve("r"), "model-a");
    older.task("os", "scroll-and-open").startedAt(T0).log("outcome DONE after 1 steps").finish(1, "ok");
    String html = report(List.of(tmp.resolve("r")), Optional.empty(), OPTIONS);

    assertThat(html).contains("<section id=\"runs\"><h2>Runs over time</h2>");
    assertThat(count(html, "<circle class=\"pt\"")).isEqualTo(2);
    // oldest first: model-a (100%) then model-b (35.7%)
    assertThat(html.indexOf(">100%</text>")).isLessThan(html.indexOf(">35.7%</text>"));
    assertThat(html).contains("latest run \u00b7 computer_13/screenshot/model-b");
    assertThat(html).contains("<table class=\"grid matrix\">");
  }

  @Test
  void aCutOrBrokenLineIsReportedNotDropped() throws IOException {
    ResultTree t = new ResultTree(tmp.resolve("r"), "m");
    t.task("os", "killed").environment()
        .step(1, ResultTree.json("first"), "{\"type\":\"click\",\"at\":{\"x\":10,\"y\":20},\"button\":\"LEFT\",\"count\":1}")
        .raw("steps.jsonl", "{\"index\":2,\"thought\":\"cut her");
    String html = report(List.of(tmp.resolve("r")), Optional.empty(), OPTIONS);

    assertThat(html).contains("<details class=\"task unfinished\"");
    assertThat(html).contains("could not read everything");
    assertThat(html).contains("steps.jsonl line 2: not JSON");
  }

  @Test
  void withoutABudgetFullImagesAreLeftOutAndPointToTheFile() throws IOException {
    Path root = tmp.resolve("r");
    ReportFixtures.copy(ReportFixtures.demoResults(), root);
    Path out = tmp.resolve("report.html");
    HtmlReport.Written w = HtmlReport.write(List.of(root), Optional.empty(), out, new HtmlReport.Options(320, 0, ZoneOffset.UTC));
    String html = Files.readString(out);

    assertThat(w.fullImagesOmitted()).isZero();
    assertThat(html).doesNotContain("data-full=");
    assertThat(html).contains("data-file=\"r/computer_13/screenshot/step-script/mousepad/write-and-save-note/step_1_20261123@205739.png\"");
    assertThat(html).contains("width=\"320\" height=\"180\"");

    HtmlReport.Written small = HtmlReport.write(List.of(root), Optional.empty(), out, new HtmlReport.Options(320, 1, ZoneOffset.UTC));
    assertThat(small.fullImagesOmitted()).isEqualTo(11);
  }

  @Test
  void anOsworldAgentsTrajectoryWithoutStepsJsonlRenders() throws IOException {
    Path task = tmp.resolve("r/pyautogui/screenshot/gpt-4o/os/94d95f96-9699-4208-98ba-3c3119edf9c2");
    Files.createDirectories(task);
    Files.copy(ReportFixtures.demoResults().resolve(
        "computer_13/screenshot/step-script/xterm/make-file-from-terminal/step_1_20261123@205750.png"), task.resolve("step_1_20240101@000000.png"));
    Files.writeString(task.resolve("traj.jsonl"),
        "{\"step_num\": 1, \"action_timestamp\": \"20240101@000000\", \"action\": \"import pyautogui\\npyautogui.click(812, 404)\", "
            + "\"response\": \"I click the terminal.\", \"reward\": 0, \"done\": false, \"info\": {}, \"screenshot_file\": \"step_1_20240101@000000.png\"}\n"
            + "{\"step_num\": 2, \"action_timestamp\": \"20240101@000001\", \"action\": \"DONE\", \"response\": \"Finished.\", \"reward\": 0, "
            + "\"done\": true, \"info\": {}, \"screenshot_file\": \"step_2_missing.png\"}\n");
    Files.writeString(task.resolve("result.txt"), "0.0\n");
    String html = report(List.of(tmp.resolve("r")), Optional.empty(), OPTIONS);

    assertThat(html).contains("pyautogui/screenshot/gpt-4o");
    assertThat(html).contains("I click the terminal.").contains("Finished.");
    assertThat(html).contains("<g class=\"mark click\" data-action=\"1\"><title>click at (812, 404)</title>");
    assertThat(html).contains("<span class=\"verb done\">done</span>");
    assertThat(html).contains("<details class=\"task failed\"");
    assertThat(html).doesNotContain("time per step");
  }

  @Test
  void aFolderWithoutResultsIsOneClearError() {
    assertThatThrownBy(() -> HtmlReport.write(tmp.resolve("nope"), Optional.empty(), tmp.resolve("x.html")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope").hasMessageContaining("does not exist");
    assertThatThrownBy(() -> HtmlReport.write(tmp, Optional.empty(), tmp.resolve("x.html")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no task results under " + tmp);
    assertThat(tmp.resolve("x.html")).doesNotExist();
  }
}
