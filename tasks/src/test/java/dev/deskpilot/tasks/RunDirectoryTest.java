package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.Step;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Screenshot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  @TempDir Path root;
  private final ObjectMapper json = new ObjectMapper();
  private static final RunPath PATH = new RunPath("computer_13", "screenshot", "step-script", "os", "t1");

  private List<String> lines(Path file) throws IOException {
    return Files.readAllLines(file);
  }

  @Test
  void layoutFollowsOsworld() throws IOException {
    RunDirectory d = RunDirectory.start(root, PATH);
    assertThat(d.dir()).isEqualTo(root.resolve("computer_13/screenshot/step-script/os/t1"));
    assertThat(d.dir()).isDirectory();
    assertThat(d.evaluationDir()).isEqualTo(d.dir().resolve("eval"));
    assertThatThrownBy(() -> new RunPath("a", "b", "org/model", "d", "t")).hasMessageContaining("'org/model' cannot name a results folder");
  }

  @Test
  void everyLineIsOnDiskAsSoonAsItIsAppended() throws IOException {
    RunDirectory d = RunDirectory.start(root, PATH);
    TrajEntry e = new TrajEntry(1, "20250101@120000", json.readTree("{\"type\":\"done\"}"), "thinking", 0, true,
        JsonNodeFactory.instance.objectNode().put("done", true), "step_1_20250101@120000.png");
    d.appendTraj(e);
    assertThat(lines(d.dir().resolve("traj.jsonl"))).hasSize(1);
    d.appendTraj(e);
    List<String> traj = lines(d.dir().resolve("traj.jsonl"));
    assertThat(traj).hasSize(2);
    JsonNode line = json.readTree(traj.getFirst());
    assertThat(line.properties().stream().map(java.util.Map.Entry::getKey).toList())
        .containsExactly("step_num", "action_timestamp", "action", "response", "reward", "done", "info", "screenshot_file");
    assertThat(line.get("info").get("done").asBoolean()).isTrue();
    d.log("hello\nworld");
    assertThat(lines(d.dir().resolve("runtime.log"))).singleElement().satisfies(l -> assertThat(l).endsWith(" hello\\nworld"));
  }

  @Test
  void resultIsWrittenLastAndAtomically() throws IOException {
    RunDirectory d = RunDirectory.start(root, PATH);
    d.log("before");
    d.finish(new Score(0.5, "and: mean of 2 metrics", List.of(
        new Score.FuncScore("exact_match", "/evaluator/func/0", OptionalDouble.of(1), "text \"a\"", "json {}", ""),
        new Score.FuncScore("exact_match", "/evaluator/func/1", OptionalDouble.empty(), "", "", "skipped"))));
    assertThat(Files.readString(d.dir().resolve("result.txt"))).isEqualTo("0.5\n");
    JsonNode score = json.readTree(d.dir().resolve("score.json").toFile());
    assertThat(score.get("funcs").get(1).get("value").isNull()).isTrue();
    // no temporary file is left behind by the rename
    try (Stream<Path> s = Files.list(d.dir())) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("runtime.log", "score.json", "result.txt");
    }
    // result.txt is the last thing written
    assertThatThrownBy(() -> d.log("after")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> d.finish(new Score(1, "", List.of()))).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> RunDirectory.start(root, PATH)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already finished");
  }

  @Test
  void aPartialRunIsClearedOnRestart() throws IOException {
    RunDirectory first = RunDirectory.start(root, PATH);
    first.log("killed midway");
    Files.createDirectories(first.evaluationDir());
    Files.writeString(first.evaluationDir().resolve("copy.txt"), "x");
    RunDirectory second = RunDirectory.start(root, PATH);
    try (Stream<Path> s = Files.list(second.dir())) {
      assertThat(s).isEmpty();
    }
  }

  @Test
  void errorsAreRecorded() throws IOException {
    RunDirectory d = RunDirectory.start(root, PATH);
    d.fail("task t1: config[3] type 'googledrive' is not supported yet");
    assertThat(Files.readString(d.dir().resolve("error.txt"))).isEqualTo("task t1: config[3] type 'googledrive' is not supported yet\n");
    assertThat(d.dir().resolve("result.txt")).doesNotExist();
    assertThat(d.isClosed()).isTrue();
  }

  private static Screenshot frame(int rgb) {
    BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, rgb);
    return new Screenshot(img, dev.deskpilot.perception.ScreenMapping.IDENTITY, Instant.EPOCH);
  }

  @Test
  void recorderWritesStepsAtOnceAndTrajectoryWithTheFrameAfterEachStep() throws IOException {
    RunDirectory d = RunDirectory.start(root, PATH, ZoneOffset.UTC);
    RunRecorder rec = new RunRecorder(d, () -> Optional.of(frame(0x0000ff)));
    Instant t0 = Instant.parse("2025-03-04T05:06:07Z");
    Step s1 = new Step(1, t0, frame(0xff0000), "File Edit", Decision.of("open the menu",
        Action.Click.left(new Point(10, 20)), new Action.TypeText("hi")),
        List.of(ActionResult.success(1500), ActionResult.failure("stuck", 5)), new Step.Timings(100, 200, 700, 1505));
    rec.onStep(s1);
    assertThat(lines(d.dir().resolve("steps.jsonl"))).hasSize(1);
    assertThat(d.dir().resolve("traj.jsonl")).doesNotExist();

    Step s2 = new Step(2, t0.plusSeconds(10), frame(0x00ff00), "Saved", Decision.of("done", new Action.Wait(Duration.ofMillis(500)), new Action.Done()),
        List.of(ActionResult.success(500)), new Step.Timings(0, 0, 0, 500));
    rec.onStep(s2);
    assertThat(lines(d.dir().resolve("steps.jsonl"))).hasSize(2);
    List<String> traj = lines(d.dir().resolve("traj.jsonl"));
    assertThat(traj).hasSize(2);
    JsonNode a1 = json.readTree(traj.get(0));
    assertThat(a1.get("step_num").asInt()).isEqualTo(1);
    // the action starts after capture, perception and decision: t0 + 1 s
    assertThat(a1.get("action_timestamp").asText()).isEqualTo("20250304@050608");
    assertThat(a1.get("action").get("type").asText()).isEqualTo("click");
    assertThat(a1.get("response").asText()).isEqualTo("open the menu");
    assertThat(a1.get("done").asBoolean()).isFalse();
    assertThat(a1.get("screenshot_file").asText()).isEqualTo("step_1_20250304@050608.png");
    JsonNode a2 = json.readTree(traj.get(1));
    assertThat(a2.get("action_timestamp").asText()).isEqualTo("20250304@050609");
    assertThat(a2.get("info").get("error").asText()).isEqualTo("stuck");
    // step 1's picture is the screen after it, i.e. the frame step 2 was decided on (green)
    BufferedImage png = ImageIO.read(d.dir().resolve("step_1_20250304@050608.png").toFile());
    assertThat(png.getRGB(0, 0) & 0xffffff).isEqualTo(0x00ff00);

    rec.onOutcome(new Outcome(Outcome.Status.DONE, "", 2));
    traj = lines(d.dir().resolve("traj.jsonl"));
    assertThat(traj).hasSize(4);
    JsonNode done = json.readTree(traj.get(3));
    assertThat(done.get("action").get("type").asText()).isEqualTo("done");
    assertThat(done.get("done").asBoolean()).isTrue();
    assertThat(done.get("info").get("done").asBoolean()).isTrue();
    BufferedImage last = ImageIO.read(d.dir().resolve(done.get("screenshot_file").asText()).toFile());
    assertThat(last.getRGB(0, 0) & 0xffffff).isEqualTo(0x0000ff);
    JsonNode step1 = json.readTree(lines(d.dir().resolve("steps.jsonl")).getFirst());
    assertThat(step1.get("thought").asText()).isEqualTo("open the menu");
    assertThat(step1.get("screen_text").asText()).isEqualTo("File Edit");
    assertThat(step1.get("actions").get(1).get("text").asText()).isEqualTo("hi");
    assertThat(step1.get("timings").get("decide_ms").asLong()).isEqualTo(700);
    assertThat(lines(d.dir().resolve("runtime.log"))).anyMatch(l -> l.endsWith("outcome DONE after 2 steps"));
  }

  @Test
  void recorderWithoutAFinalFrameSaysSo() throws IOException {
    RunDirectory d = RunDirectory.start(root, PATH);
    RunRecorder rec = new RunRecorder(d, Optional::empty);
    rec.onStep(new Step(1, Instant.EPOCH, frame(0), "", Decision.of("", new Action.Fail("impossible")), List.of(), new Step.Timings(0, 0, 0, 0)));
    rec.onOutcome(new Outcome(Outcome.Status.FAILED, "impossible", 1));
    JsonNode line = json.readTree(lines(d.dir().resolve("traj.jsonl")).getFirst());
    assertThat(line.get("screenshot_file").isNull()).isTrue();
    assertThat(line.get("info").get("fail").asBoolean()).isTrue();
    assertThat(lines(d.dir().resolve("runtime.log"))).anyMatch(l -> l.contains("screenshot_file null"));
  }
}
