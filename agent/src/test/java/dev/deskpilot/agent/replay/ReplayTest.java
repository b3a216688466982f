package dev.deskpilot.agent.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.replay.ReplayPlan.ReplayAction;
import dev.deskpilot.agent.script.ScriptStep;
import dev.deskpilot.agent.script.StepScript;
import dev.deskpilot.perception.Grounder;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.ScreenReader;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.TesseractOcr;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays of a hand-made results folder: {@code steps.jsonl} plus the frame PNG OSWorld's layout
 * keeps ({@code step_1_*.png} is the screen after step 1, the frame of step 2), a real mousepad
 * screen read by the real tesseract.
 */
class ReplayTest {
  // mousepad.png's menu bar as tesseract reads it: Edit (249,146 24x11), Search (290,146 42x11),
  // Document (398,148 66x9); a click in the middle of each word
  private static final String STEPS = """
      {"index":1,"thought":"open the editor","actions":[{"type":"click","at":{"x":700,"y":500},"button":"LEFT","count":1}],"results":[{"ok":true,"error":"","millis":3}],"screen_text":""}
      {"index":2,"thought":"open the Search menu","actions":[{"type":"click","at":{"x":311,"y":151},"button":"LEFT","count":1}],"results":[{"ok":true,"error":"","millis":3}],"screen_text":"~/notes.txt-Mousepad\\nFile\\nEdit\\nSearch View Document\\nHelp\\n"}
      {"index":3,"thought":"close it and type","actions":[{"type":"key","keys":["Escape"]},{"type":"type","text":"hello \\"world\\"\\n"},{"type":"click","at":{"x":261,"y":151},"button":"LEFT","count":1}],"results":[{"ok":true,"error":"","millis":1},{"ok":true,"error":"","millis":9},{"ok":false,"error":"no window","millis":1}],"screen_text":""}
      {"index":4,"thought":"the Document menu","actions":[{"type":"click","at":{"x":431,"y":152},"button":"LEFT","count":2},{"type":"wait","duration":1.500000000}],"results":[{"ok":true,"error":"","millis":3},{"ok":true,"error":"","millis":1500}],"targets":[{"action":0,"label":"Document","nth":0}]}
      {"index":5,"thought":"finished","actions":[{"type":"done"}],"results":[{"ok":true,"error":"","millis":0}]}
      """;

  private static TesseractOcr ocr;
  private static ScreenReader reader;

  @TempDir Path dir;

  @BeforeAll
  static void openOcr() {
    ocr = TesseractOcr.open();
    reader = new ScreenReader(ocr);
  }

  @AfterAll
  static void closeOcr() {
    ocr.close();
  }

  private Path resultsFolder() throws IOException {
    Files.writeString(dir.resolve("steps.jsonl"), STEPS);
    try (InputStream in = screen("mousepad")) {
      Files.copy(in, dir.resolve("step_1_20260101@120000.png"));
    }
    return dir;
  }

  private static InputStream screen(String name) {
    InputStream in = ReplayTest.class.getResourceAsStream("/screens/" + name + ".png");
    assertThat(in).as("screen fixture " + name).isNotNull();
    return in;
  }

  private static BufferedImage image(String name) throws IOException {
    try (InputStream in = screen(name)) {
      return ImageIO.read(in);
    }
  }

  private static Observation observe(BufferedImage img) {
    return reader.read(new Screenshot(img, ScreenMapping.IDENTITY, Instant.EPOCH));
  }

  @Test
  void readsTheStepsWithTheirFrames() throws IOException {
    Trajectory t = Trajectory.read(resultsFolder());
    assertThat(t.steps()).extracting(RecordedStep::index).containsExactly(1, 2, 3, 4, 5);
    assertThat(t.steps().get(0).frame()).isEmpty();
    assertThat(t.steps().get(1).frame()).hasValueSatisfying(p -> assertThat(p.getFileName().toString()).startsWith("step_1_"));
    assertThat(t.steps().get(2).actions().get(1)).isEqualTo(new Action.TypeText("hello \"world\"\n"));
    assertThat(t.steps().get(2).performed(2)).isFalse();
    assertThat(t.steps().get(3).actions().get(1)).isEqualTo(new Action.Wait(Duration.ofMillis(1500)));
    assertThat(t.steps().get(3).targets()).containsExactly(new ClickTarget(0, "Document", 0));
  }

  @Test
  void clicksBecomeTextClicksFromOcrOfTheFrameOrTheRecordedTargetElseStayCoordinates() throws IOException {
    ReplayPlan plan = ReplayPlan.of(Trajectory.read(resultsFolder()), Optional.of(reader));
    assertThat(plan.steps()).extracting(ReplayPlan.PlannedStep::index).containsExactly(1, 2, 3, 4, 5);
    assertThat(plan.steps().get(0).actions())
        .containsExactly(new ReplayAction.Exact(Action.Click.left(new Point(700, 500))));
    assertThat(plan.steps().get(1).actions()).containsExactly(
        new ReplayAction.ClickText("Search", 0, Action.MouseButton.LEFT, 1, new Point(311, 151)));
    // the failed click of step 3 is not replayed
    assertThat(plan.steps().get(2).actions()).hasSize(2);
    assertThat(plan.steps().get(3).actions().getFirst()).isEqualTo(
        new ReplayAction.ClickText("Document", 0, Action.MouseButton.LEFT, 2, new Point(431, 152)));
  }

  @Test
  void withoutOcrTheFrameIsNotReadAndTheClickKeepsItsCoordinates() throws IOException {
    ReplayPlan plan = ReplayPlan.of(Trajectory.read(resultsFolder()), Optional.empty());
    assertThat(plan.steps().get(1).actions())
        .containsExactly(new ReplayAction.Exact(Action.Click.left(new Point(311, 151))));
  }

  @Test
  void aFrameThatDoesNotMatchTheRecordedScreenTextGivesNoLabel() throws IOException {
    Files.writeString(dir.resolve("steps.jsonl"), STEPS.lines().skip(1).findFirst().orElseThrow()
        .replace("Search View Document", "Preferences Tools"));
    try (InputStream in = screen("mousepad")) {
      Files.copy(in, dir.resolve("step_1_x.png"));
    }
    ReplayPlan plan = ReplayPlan.of(Trajectory.read(dir), Optional.of(reader));
    assertThat(plan.steps().getFirst().actions().getFirst()).isInstanceOf(ReplayAction.Exact.class);
  }

  @Test
  void scriptWriterTurnsTheRunIntoAStepScript() throws IOException {
    List<String> lines = ScriptWriter.write(ReplayPlan.of(Trajectory.read(resultsFolder()), Optional.of(reader)));
    assertThat(lines).containsExactly(
        "# step 1: open the editor",
        "click 700,500",
        "# step 2: open the Search menu",
        "click \"Search\"",
        "# step 3: close it and type",
        "press Escape",
        "type \"hello \\\"world\\\"\\n\"",
        "# step 4: the Document menu",
        "double_click \"Document\"",
        "wait 1.5",
        "# step 5: finished",
        "done");
    StepScript script = StepScript.parse(lines);
    assertThat(script.steps().get(1)).isEqualTo(
        new ScriptStep.ClickText(4, "Search", 0, Action.MouseButton.LEFT, 1));
    assertThat(script.steps().get(3)).isEqualTo(new ScriptStep.Type(7, "hello \"world\"\n", null));
  }

  @Test
  void scriptWriterNamesWhatTheLanguageCannotSay() {
    ReplayPlan plan = new ReplayPlan(List.of(new ReplayPlan.PlannedStep(3, "", List.of(
        new ReplayAction.Exact(new Action.Scroll(new Point(5, 5), 0, 3))))));
    assertThatThrownBy(() -> ScriptWriter.write(plan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("step 3 action 1: a scroll cannot be written as a step script line");
  }

  @Test
  void theReplayFindsTheTextWhereItMovedTo() throws IOException {
    ReplayPlan plan = ReplayPlan.of(Trajectory.read(resultsFolder()), Optional.of(reader));
    BufferedImage moved = shifted(image("mousepad"), 137, 63);
    Observation screen = observe(moved);
    ReplayPolicy policy = new ReplayPolicy(plan, new Grounder());

    Decision d1 = policy.decide("", List.of(), screen);
    assertThat(d1.actions()).containsExactly(Action.Click.left(new Point(700, 500)));
    Decision d2 = policy.decide("", List.of(done(1, d1)), screen);
    assertThat(d2.actions()).hasSize(1);
    Point at = ((Action.Click) d2.actions().getFirst()).at();
    assertThat(at.x()).isBetween(311 + 137 - 4, 311 + 137 + 4);
    assertThat(at.y()).isBetween(151 + 63 - 4, 151 + 63 + 4);
    assertThat(d2.thought()).contains("replaying step 2 (open the Search menu)").contains("\"Search\" found");
  }

  @Test
  void anAmbiguousTextIsTheMatchNearestTheRecordedClick() throws IOException {
    // desktop.png has "Edit" in mousepad's menu (upper right) and in galculator's
    Observation desktop = observe(image("desktop"));
    Point mousepadEdit = new Point(1121, 91);
    Optional<ClickTarget> target = ClickTarget.at(0, desktop, mousepadEdit, new Grounder());
    assertThat(target).isPresent();
    assertThat(target.get().label()).isEqualTo("Edit");
    assertThat(target.get().nth()).isPositive();

    ReplayPlan plan = new ReplayPlan(List.of(new ReplayPlan.PlannedStep(1, "", List.of(
        new ReplayAction.ClickText("Edit", 0, Action.MouseButton.LEFT, 1, mousepadEdit)))));
    Decision d = new ReplayPolicy(plan, new Grounder()).decide("", List.of(), desktop);
    Point at = ((Action.Click) d.actions().getFirst()).at();
    assertThat(Math.hypot(at.x() - mousepadEdit.x(), at.y() - mousepadEdit.y())).isLessThan(6);
  }

  @Test
  void aMissingTextIsWaitedForThenFailsNamingIt() throws IOException {
    ReplayPlan plan = new ReplayPlan(List.of(new ReplayPlan.PlannedStep(2, "", List.of(
        new ReplayAction.ClickText("Search", 0, Action.MouseButton.LEFT, 1, new Point(311, 151))))));
    AtomicReference<Instant> now = new AtomicReference<>(Instant.EPOCH);
    Observation blank = new Observation(
        new Screenshot(new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB), ScreenMapping.IDENTITY, Instant.EPOCH),
        List.of(), List.of(), "");
    ReplayPolicy policy = new ReplayPolicy(plan, new Grounder(), now::get, Duration.ofSeconds(10),
        ReplayPolicy.WhenTextMissing.FAIL);
    assertThat(policy.decide("", List.of(), blank).actions()).containsExactly(new Action.Wait(Duration.ofMillis(250)));
    now.set(Instant.EPOCH.plusSeconds(11));
    Decision gaveUp = policy.decide("", List.of(), blank);
    assertThat(gaveUp.actions()).hasSize(1).first().isInstanceOf(Action.Fail.class);
    assertThat(((Action.Fail) gaveUp.actions().getFirst()).reason())
        .startsWith("replay step 2: \"Search\" not on screen after 10.0 s");

    ReplayPolicy lenient = new ReplayPolicy(plan, new Grounder(), now::get, Duration.ZERO,
        ReplayPolicy.WhenTextMissing.CLICK_RECORDED_POINT);
    assertThat(lenient.decide("", List.of(), blank).actions()).containsExactly(Action.Click.left(new Point(311, 151)));
  }

  @Test
  void aRunInMemoryRecordsTheTextUnderItsClicks() throws IOException {
    Observation screen = observe(image("mousepad"));
    Decision d = Decision.of("search", Action.Click.left(new Point(311, 151)), Action.Click.left(new Point(900, 900)));
    Step s = new Step(1, Instant.EPOCH, screen.screenshot(), screen.text(), d,
        List.of(ActionResult.success(1), ActionResult.success(1)), new Step.Timings(0, 0, 0, 0), screen,
        List.of(), List.of(), null, 0);
    assertThat(StepJson.write(s).get("targets").toString()).isEqualTo("[{\"action\":0,\"label\":\"Search\",\"nth\":0}]");
    Trajectory t = Trajectory.of(List.of(s));
    assertThat(ScriptWriter.write(ReplayPlan.of(t, Optional.empty())))
        .containsExactly("# step 1: search", "click \"Search\"", "click 900,900");
  }

  @Test
  void writtenStepsReadBack() throws IOException {
    Decision d = Decision.of("t", new Action.KeyChord(List.of("ctrl", "s")), new Action.Wait(Duration.ofMillis(250)),
        new Action.Drag(new Point(1, 2), new Point(3, 4)), new Action.Fail("no"));
    Step s = new Step(7, Instant.EPOCH, null, "x", d, List.of(ActionResult.success(1)), new Step.Timings(1, 2, 3, 4));
    RecordedStep back = StepJson.read(StepJson.write(s), "mem", Optional.empty());
    assertThat(back.index()).isEqualTo(7);
    assertThat(back.actions()).isEqualTo(d.actions());
  }

  @Test
  void aBadLineIsNamedWithItsFileAndLine() throws IOException {
    Files.writeString(dir.resolve("steps.jsonl"),
        "{\"index\":1,\"actions\":[]}\n{\"index\":2,\"actions\":[{\"type\":\"teleport\"}]}\n");
    assertThatThrownBy(() -> Trajectory.read(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("steps.jsonl line 2: actions[0]: invalid action: Could not resolve type id 'teleport'")
        .hasMessageContaining("known type ids = [call_user, click");
  }

  /** The image moved right and down on a white screen of the same size (no graphics environment). */
  private static BufferedImage shifted(BufferedImage src, int dx, int dy) {
    int w = src.getWidth();
    int h = src.getHeight();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] white = new int[w * h];
    java.util.Arrays.fill(white, 0xffffff);
    out.setRGB(0, 0, w, h, white, 0, w);
    int[] px = src.getRGB(0, 0, w - dx, h - dy, null, 0, w - dx);
    out.setRGB(dx, dy, w - dx, h - dy, px, 0, w - dx);
    return out;
  }

  private static Step done(int index, Decision d) {
    return new Step(index, Instant.EPOCH, null, "", d,
        d.actions().stream().map(a -> ActionResult.success(1)).toList(), new Step.Timings(0, 0, 0, 0));
  }
}
