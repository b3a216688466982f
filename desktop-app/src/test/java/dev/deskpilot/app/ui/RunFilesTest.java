package dev.deskpilot.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.agent.control.SafetyPolicy;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.agent.script.StepScript;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.tasks.RunDirectory;
import dev.deskpilot.tasks.RunPath;
import dev.deskpilot.tasks.RunRecorder;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History, script export, masking and risk rules on real files and pixels (no display). */
class RunFilesTest {
  @TempDir Path results;

  private static Step step(int n, String thought, List<Action> actions, List<ActionResult> results) {
    return new Step(n, Instant.now(), Screenshot.of(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB)), "",
        new Decision(thought, actions), results, new Step.Timings(1, 2, 3, 4));
  }

  @Test
  void historyReadsWhatTheRecorderWrote() throws Exception {
    RunDirectory dir = RunDirectory.start(results, new RunPath("pyautogui", "screenshot", "gpt", "os", "task-1"));
    RunRecorder rec = new RunRecorder(dir, () -> Optional.of(Screenshot.of(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB))));
    rec.onStep(step(1, "look", List.of(), List.of()));
    rec.onStep(step(2, "click it", List.of(Action.Click.left(new Point(10, 20)), new Action.TypeText("a \"quoted\"\nline")),
        List.of(ActionResult.success(1), ActionResult.success(1))));
    rec.onStep(step(3, "save", List.of(Action.KeyChord.parse("ctrl+s"), new Action.Wait(Duration.ofMillis(250)),
        new Action.Scroll(new Point(5, 5), 0, 3), new Action.Done()),
        List.of(ActionResult.success(1), ActionResult.failure("boom", 1), ActionResult.success(1))));
    rec.onOutcome(new Outcome(Outcome.Status.DONE, "", 3));

    List<RunHistory.RecordedRun> runs = RunHistory.scan(results);
    assertThat(runs).singleElement().satisfies(r -> {
      assertThat(r.model()).isEqualTo("gpt");
      assertThat(r.domain()).isEqualTo("os");
      assertThat(r.title()).isEqualTo("os / task-1");
      assertThat(r.verdict()).isEqualTo("Unfinished");
    });
    List<RunHistory.RecordedStep> steps = RunHistory.steps(runs.getFirst().dir());
    assertThat(steps).hasSize(3);
    assertThat(steps.get(1).actions()).containsExactly(Action.Click.left(new Point(10, 20)), new Action.TypeText("a \"quoted\"\nline"));
    assertThat(steps.get(1).before()).isEmpty();
    assertThat(steps.get(1).after()).isPresent();
    assertThat(steps.get(2).before()).isEqualTo(steps.get(1).after());
    assertThat(steps.get(2).results().get(1).error()).isEqualTo("boom");

    String script = ScriptExport.fromActions(runs.getFirst().title(), steps);
    assertThat(script.lines().filter(l -> !l.startsWith("#")).toList()).containsExactly(
        "click 10,20", "type \"a \\\"quoted\\\"\\nline\"", "press ctrl+s", "done");
    assertThat(script).contains("# step 3: skipped a failed action: Wait");
    assertThat(StepScript.parse(script.lines().toList()).steps()).hasSize(4);
  }

  @Test
  void appRunsKeepTheirInstructionAndScript() throws Exception {
    Path dir = results.resolve("app/screenshot/step-script/sandbox/r1");
    java.nio.file.Files.createDirectories(dir);
    new AppRunFile("Write a note", "step-script", "Sandbox", "type \"x\"\ndone", Instant.now().toString(), "RUNNING", "", 0, 0, 0)
        .ended("STOPPED", "stopped by you", 2, 0, 0).write(dir);
    java.nio.file.Files.writeString(dir.resolve(RunDirectory.STEPS), "");
    RunHistory.RecordedRun run = RunHistory.scan(results).getFirst();
    assertThat(run.title()).isEqualTo("Write a note");
    assertThat(run.verdict()).isEqualTo("Stopped");
    assertThat(ScriptExport.forReplay(run, List.of())).endsWith("type \"x\"\ndone\n");
  }

  @Test
  void ownWindowsAreMaskedAndRefusedAsTargets() {
    BufferedImage img = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 100; y++) {
      for (int x = 0; x < 200; x++) {
        img.setRGB(x, y, 0xffffff);
      }
    }
    // A screenshot of a monitor at (1000, 0), scaled 2 screen pixels per image pixel.
    Screenshot shot = new Screenshot(img, new ScreenMapping(1000, 0, 2.0), Instant.now());
    List<Rect> own = List.of(new Rect(1100, 20, 40, 40));
    Screenshot masked = ScreenMask.apply(shot, own);
    assertThat(masked.image().getRGB(60, 20) & 0xffffff).isEqualTo(ScreenMask.FILL.getRGB() & 0xffffff);
    assertThat(masked.image().getRGB(49, 20) & 0xffffff).isEqualTo(0xffffff);
    assertThat(masked.image().getRGB(70, 30) & 0xffffff).isEqualTo(0xffffff);
    assertThat(img.getRGB(60, 20) & 0xffffff).as("the original is not drawn on").isEqualTo(0xffffff);

    List<Action> performed = new ArrayList<>();
    LocalDesktop local = new LocalDesktop(() -> shot, a -> {
      performed.add(a);
      return ActionResult.success(0);
    }, () -> own);
    assertThat(local.capture().image().getRGB(60, 20) & 0xffffff).isEqualTo(ScreenMask.FILL.getRGB() & 0xffffff);
    ActionResult r = local.perform(Action.Click.left(new Point(1110, 30)));
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).contains("Deskpilot's own window");
    assertThat(local.perform(Action.Click.left(new Point(1090, 30))).ok()).isTrue();
    assertThat(performed).hasSize(1);
    assertThat(local.run(Command.shell("echo hi")).stdout()).isEqualTo("hi\n");
  }

  @Test
  void theSafetySettingsDriveTheAgentsRuleGate() {
    Observation obs = new Observation(Screenshot.of(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB)), List.of(), List.of(), "");
    Observation prompt = new Observation(Screenshot.of(new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB)),
        List.of(dev.deskpilot.perception.TextLine.of(List.of(new dev.deskpilot.perception.Word("user@host:~$", new Rect(0, 580, 108, 14), 95f)))),
        List.of(), "");
    AppSettings base = AppSettings.defaults();
    SafetyGate risky = AppSafety.gate(base);
    // The agent's rules: a recursive rm is refused, sudo asks, a plain word goes.
    assertThat(risky.check(new Action.TypeText("rm -rf ~/work\n"), obs, List.of()).kind()).isEqualTo(Verdict.Kind.DENY);
    Verdict sudo = risky.check(new Action.TypeText("sudo apt update\n"), obs, List.of());
    assertThat(sudo.kind()).isEqualTo(Verdict.Kind.ASK);
    assertThat(sudo.rule()).isEqualTo(SafetyPolicy.PRIVILEGE);
    assertThat(risky.check(new Action.TypeText("hello"), obs, List.of())).isEqualTo(Verdict.ALLOW);
    assertThat(risky.check(Action.KeyChord.parse("shift+Delete"), obs, List.of()).rule()).isEqualTo(SafetyPolicy.DELETE_FILES);
    // Without allow-lists any address and program go; with them, others ask.
    assertThat(risky.check(new Action.TypeText("https://example.org/x"), obs, List.of())).isEqualTo(Verdict.ALLOW);
    SafetyGate listed = AppSafety.gate(base.withAllowLists(List.of("mousepad"), List.of("Example.com")));
    assertThat(listed.check(new Action.TypeText("https://docs.example.com/a"), obs, List.of())).isEqualTo(Verdict.ALLOW);
    Verdict elsewhere = listed.check(new Action.TypeText("https://example.org/x"), obs, List.of());
    assertThat(elsewhere.rule()).isEqualTo(SafetyPolicy.UNLISTED_DOMAIN);
    assertThat(elsewhere.reason()).contains("example.org");
    assertThat(listed.check(new Action.TypeText("mousepad notes.txt\n"), prompt, List.of())).isEqualTo(Verdict.ALLOW);
    assertThat(listed.check(new Action.TypeText("firefox\n"), prompt, List.of()).rule()).isEqualTo(SafetyPolicy.UNLISTED_APP);
    // Ask every: everything that sends input asks, the rules' refusals still refuse.
    SafetyGate every = AppSafety.gate(base.withSafety(AppSettings.SafetyLevel.ASK_EVERY));
    assertThat(every.check(Action.Click.left(new Point(1, 1)), obs, List.of()).rule()).isEqualTo(AppSafety.EVERY_ACTION);
    assertThat(every.check(new Action.TypeText("rm -rf /\n"), obs, List.of()).kind()).isEqualTo(Verdict.Kind.DENY);
    assertThat(every.check(new Action.Done(), obs, List.of())).isEqualTo(Verdict.ALLOW);
    assertThat(every.check(new Action.Wait(java.time.Duration.ofSeconds(1)), obs, List.of())).isEqualTo(Verdict.ALLOW);
    // Never ask: what would ask goes ahead, destructive commands stay refused.
    SafetyGate never = AppSafety.gate(base.withSafety(AppSettings.SafetyLevel.ALLOW_ALL));
    assertThat(never.check(new Action.TypeText("sudo apt update\n"), obs, List.of())).extracting(Verdict::kind)
        .isEqualTo(Verdict.Kind.ALLOW);
    assertThat(never.check(new Action.TypeText("rm -rf ~/work\n"), obs, List.of()).kind()).isEqualTo(Verdict.Kind.DENY);
  }

  @Test
  void allowListsAreCleanedAndChecked() {
    AppSettings s = AppSettings.defaults().withAllowLists(List.of(" mousepad ", "", "mousepad", "xterm"), List.of("Example.COM"));
    assertThat(s.allowedApps()).containsExactly("mousepad", "xterm");
    assertThat(s.allowedDomains()).containsExactly("example.com");
    assertThatThrownBy(() -> AppSettings.defaults().withAllowLists(List.of("my app"), List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'my app'");
    assertThat(AppSettings.defaults().killSwitch()).isEqualTo("ctrl+shift+escape");
  }

  @Test
  void aModelsQuestionIsRecognised() {
    assertThat(RunSupervision.question(Decision.of("Which file should I open?", new Action.Done()))).contains("Which file should I open?");
    assertThat(RunSupervision.question(Decision.of("Opening it?", Action.Click.left(new Point(1, 1))))).isEmpty();
    assertThat(RunSupervision.question(Decision.of("", new Action.Fail("the model asked for a person's help (call_user)")))).isPresent();
  }
}
