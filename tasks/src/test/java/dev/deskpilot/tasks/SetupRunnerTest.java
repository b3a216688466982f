package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.actuators.DesktopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupRunnerTest {
  @TempDir Path tmp;
  private FakeDesktop desktop;
  private final List<Duration> slept = new ArrayList<>();
  private final List<String> log = new ArrayList<>();

  @AfterEach
  void close() {
    if (desktop != null) {
      desktop.close();
    }
  }

  private TaskContext context(String configJson) {
    Task t = TaskReader.parse("{\"id\":\"setup-1\",\"instruction\":\"x\",\"config\":" + configJson
        + ",\"evaluator\":{\"func\":\"infeasible\"}}", tmp.resolve("setup-1.json"), "os");
    desktop = new FakeDesktop(tmp);
    return TaskContext.of(t, desktop, tmp.resolve("work"))
        .withPlaceholders(new Placeholders("pw", 1280, 801))
        .withSleeper(slept::add)
        .withLog(log::add);
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Test
  void executeRunsWithPlaceholdersSubstituted() throws Exception {
    Path out = tmp.resolve("out.txt");
    TaskContext ctx = context("[{\"type\":\"execute\",\"parameters\":{\"command\":[\"sh\",\"-c\","
        + json("echo {SCREEN_WIDTH_HALF} {SCREEN_HEIGHT_HALF} {CLIENT_PASSWORD} > " + out) + "]}},"
        + "{\"type\":\"command\",\"parameters\":{\"command\":" + json("echo {SCREEN_WIDTH}x{SCREEN_HEIGHT} >> " + out) + ",\"shell\":true}}]");
    List<StepOutcome> outcomes = new SetupRunner().runConfig(ctx);
    assertThat(Files.readString(out)).isEqualTo("640 400 pw\n1280x801\n");
    assertThat(outcomes).extracting(StepOutcome::where).containsExactly("config[0]", "config[1]");
    assertThat(outcomes).allMatch(StepOutcome::ok);
    assertThat(log).hasSize(2).allMatch(l -> l.contains("exit 0"));
  }

  @Test
  void stdoutParameterSavesTheOutputInTheWorkDir() throws Exception {
    TaskContext ctx = context("[{\"type\":\"execute\",\"parameters\":{\"command\":\"printf hello\",\"stdout\":\"o.txt\",\"stderr\":\"e.txt\"}}]");
    new SetupRunner().runConfig(ctx);
    assertThat(Files.readString(tmp.resolve("work/o.txt"))).isEqualTo("hello");
    assertThat(Files.readString(tmp.resolve("work/e.txt"))).isEmpty();
    assertThat(desktop.ran.getFirst().argv()).containsExactly("printf", "hello");
  }

  @Test
  void launchStartsInTheBackground() throws Exception {
    Path marker = tmp.resolve("launched");
    TaskContext ctx = context("[{\"type\":\"launch\",\"parameters\":{\"command\":[\"touch\"," + json(marker.toString()) + "]}}]");
    List<StepOutcome> outcomes = new SetupRunner().runConfig(ctx);
    assertThat(outcomes.getFirst().ok()).isTrue();
    assertThat(desktop.launched).hasSize(1);
    assertThat(desktop.ran).isEmpty();
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(marker));
  }

  @Test
  void sleepWaitsThroughTheSleeper() throws Exception {
    new SetupRunner().runConfig(context("[{\"type\":\"sleep\",\"parameters\":{\"seconds\":2.5}}]"));
    assertThat(slept).containsExactly(Duration.ofMillis(2500));
  }

  @Test
  void anUnsupportedTypeStopsBeforeAnythingRuns() {
    Path marker = tmp.resolve("ran");
    TaskContext ctx = context("[{\"type\":\"execute\",\"parameters\":{\"command\":[\"touch\"," + json(marker.toString()) + "]}},"
        + "{\"type\":\"sleep\",\"parameters\":{\"seconds\":1}},{\"type\":\"login\",\"parameters\":{}},"
        + "{\"type\":\"googledrive\",\"parameters\":{}}]");
    assertThatThrownBy(() -> new SetupRunner().runConfig(ctx))
        .isInstanceOf(UnsupportedStepException.class)
        .hasMessage("task setup-1: config[2] type 'login' is not supported yet");
    assertThat(marker).doesNotExist();
    assertThat(desktop.ran).isEmpty();
  }

  @Test
  void aFailingCommandDoesNotStopTheSetup() throws Exception {
    Path marker = tmp.resolve("after");
    TaskContext ctx = context("[{\"type\":\"execute\",\"parameters\":{\"command\":\"echo no >&2; exit 3\",\"shell\":true}},"
        + "{\"type\":\"execute\",\"parameters\":{\"command\":[\"/no/such/program\"]}},"
        + "{\"type\":\"execute\",\"parameters\":{\"command\":[\"touch\"," + json(marker.toString()) + "]}}]");
    List<StepOutcome> outcomes = new SetupRunner().runConfig(ctx);
    assertThat(outcomes).extracting(StepOutcome::ok).containsExactly(false, false, true);
    assertThat(outcomes.get(0).detail()).endsWith("-> exit 3: no");
    assertThat(outcomes.get(1).detail()).contains("desktop refused");
    assertThat(marker).exists();
    assertThat(log.get(0)).startsWith("config[0] execute FAILED: ");
  }

  @Test
  void anUnreachableDesktopStopsTheSetup() {
    TaskContext ctx = context("[{\"type\":\"execute\",\"parameters\":{\"command\":[\"true\"]}}]");
    desktop.unreachable = true;
    assertThatThrownBy(() -> new SetupRunner().runConfig(ctx))
        .isInstanceOf(DesktopException.class)
        .satisfies(e -> assertThat(((DesktopException) e).kind()).isEqualTo(DesktopException.Kind.UNREACHABLE));
  }

  @Test
  void untilRepeatsTheCommandUntilItsOutputMatches() throws Exception {
    Path counter = tmp.resolve("count");
    String script = "n=$(cat " + counter + " 2>/dev/null || echo 0); n=$((n+1)); echo $n > " + counter + "; echo attempt$n";
    TaskContext ctx = context("[{\"type\":\"execute\",\"parameters\":{\"command\":" + json(script)
        + ",\"shell\":true,\"until\":{\"stdout\":\"attempt3\"}}}]");
    List<StepOutcome> outcomes = new SetupRunner().runConfig(ctx);
    assertThat(desktop.ran).hasSize(3);
    assertThat(slept).containsExactly(Duration.ofMillis(300), Duration.ofMillis(300));
    assertThat(outcomes.getFirst().ok()).isTrue();
    assertThat(outcomes.getFirst().detail()).contains("until met, attempt 3");
  }

  @Test
  void postconfigStepsAreNamedAsSuch() {
    TaskContext ctx = context("[]");
    List<SetupStep> steps = List.of(new SetupStep.Other("googledrive", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()));
    assertThatThrownBy(() -> new SetupRunner().run(ctx, "evaluator.postconfig", steps))
        .hasMessage("task setup-1: evaluator.postconfig[0] type 'googledrive' is not supported yet");
  }
}
