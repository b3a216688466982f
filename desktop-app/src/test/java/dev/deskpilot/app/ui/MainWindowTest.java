package dev.deskpilot.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.agent.control.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Drives the real app window (JavaFX headless glass platform, TestFX glass robot) against a fake
 * editor desktop that real OCR reads and the real step-script policy grounds on.
 */
@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
  @TempDir static Path base;
  private static final AtomicInteger N = new AtomicInteger();

  private AppFixture fixture;
  private FakeEditorDesktop desktop;
  private DeskpilotWindow window;

  /** Asks before typing anything containing "secret" and before ctrl+s. */
  static final SafetyGate TEST_GATE = (action, observation, history) -> {
    if (action instanceof Action.TypeText t && t.text().contains("secret")) {
      return Verdict.ask("test-secret", "It types a secret.");
    }
    if (action instanceof Action.KeyChord k && String.join("+", k.keys()).equals("ctrl+s")) {
      return Verdict.ask("test-save", "It saves the file.");
    }
    return Verdict.ALLOW;
  };

  @Start
  void start(Stage stage) throws Exception {
    fixture = new AppFixture(base.resolve("t" + N.incrementAndGet()));
    fixture.settings(AppSettings.defaults().withPreviewDelayMs(50).withTheme(AppSettings.Theme.DARK));
    desktop = new FakeEditorDesktop();
    window = DeskpilotWindow.open(stage, fixture.context(() -> desktop, Map.of(), TEST_GATE));
  }

  @AfterEach
  void shutdown() {
    AppFixture.onFx(() -> window.shutdown());
  }

  @Test
  void taskEntryShowsModelsTargetsAndWhatIsMissing(FxRobot robot) {
    RunView run = window.runView;
    AppFixture.onFx(() -> {
      assertThat(run.modelPicker.getItems()).extracting(ModelChoice::id).startsWith(AppSettings.STEP_SCRIPT);
      assertThat(run.modelPicker.getValue().isStepScript()).isTrue();
      assertThat(run.scriptBox.isVisible()).isTrue();
      assertThat(run.targetVm.isDisabled()).isTrue();
      assertThat(run.vmWrapper.getProperties().get("tooltip-text")).asString().contains("Not available yet");
      assertThat(window.killSwitchHint.getText()).isEqualTo("Ctrl+Shift+Esc");
    });
    // An empty script cannot start.
    assertThat(robot.lookup("#startButton").queryButton().isDisabled()).isTrue();
    // A model without its key says what to do.
    AppFixture.onFx(() -> run.modelPicker.setValue(run.modelPicker.getItems().stream()
        .filter(m -> m.id().startsWith("anthropic:")).findFirst().orElseThrow()));
    AppFixture.onFx(() -> {
      assertThat(run.modelProblem.isVisible()).isTrue();
      assertThat(run.modelProblem.getText()).contains("ANTHROPIC_API_KEY");
      assertThat(run.scriptBox.isVisible()).isFalse();
      assertThat(run.startButton.isDisabled()).isTrue();
    });
  }

  @Test
  void runsAStepScriptAndRecordsIt(FxRobot robot) throws Exception {
    robot.clickOn("#scriptEditor").write("expect \"Editor\"\nclick \"Save\"\ntype \"hello\"\ndone\n");
    robot.clickOn("#instruction").write("Say hello");
    assertThat(robot.lookup("#startButton").queryButton().isDisabled()).isFalse();
    robot.clickOn("#startButton");
    await().atMost(Duration.ofSeconds(60)).until(() -> AppFixture.onFx(() -> !window.runView.running()
        && window.runView.rows.stream().anyMatch(r -> r.kind() == RunView.StepRow.Kind.NOTE)));
    AppFixture.onFx(() -> {
      RunView.StepRow last = window.runView.rows.getLast();
      assertThat(last.title()).as("%s", window.runView.rows).isEqualTo("Done");
      assertThat(window.runView.rows).anyMatch(r -> r.title().contains("Type “hello”"));
      assertThat(window.runView.thought.getText()).isNotBlank();
    });
    assertThat(desktop.typed()).isEqualTo("hello");
    assertThat(desktop.performed).anyMatch(a -> a instanceof Action.Click);
    Path dir = window.runView.lastRunDir();
    assertThat(dir).startsWith(fixture.results.resolve("app/screenshot/step-script/sandbox"));
    assertThat(dir.resolve("steps.jsonl")).exists();
    assertThat(dir.resolve("traj.jsonl")).exists();
    assertThat(dir.resolve("initial.png")).exists();
    assertThat(AppRunFile.read(dir)).hasValueSatisfying(a -> {
      assertThat(a.status()).isEqualTo("DONE");
      assertThat(a.instruction()).isEqualTo("Say hello");
    });
  }

  @Test
  void pausesSteersAndStops(FxRobot robot) throws Exception {
    AppFixture.onFx(() -> window.runView.scriptEditor.setText("expect \"Editor\"\ntype \"a\"\nexpect \"Never on screen\" within 120\ndone\n"));
    robot.clickOn("#startButton");
    await().atMost(Duration.ofSeconds(30)).until(() -> AppFixture.onFx(() -> window.runView.rows.stream().anyMatch(r -> r.kind() == RunView.StepRow.Kind.STEP)));
    robot.clickOn("#pauseButton");
    AppFixture.onFx(() -> {
      assertThat(window.runView.pauseBanner.isVisible()).isTrue();
      assertThat(window.runView.pauseButton.getText()).isEqualTo("Resume");
    });
    // The agent's thread waits in the pause, not anywhere else.
    await().atMost(Duration.ofSeconds(30)).until(() -> agentWaitsInPause());
    int capturesWhilePaused = desktop.captures.get();
    robot.clickOn("#steerField").write("look for the word Never");
    robot.clickOn("#steerButton");
    AppFixture.onFx(() -> assertThat(window.runView.rows.getLast().detail()).startsWith("queued"));
    assertThat(desktop.captures.get()).isEqualTo(capturesWhilePaused);
    robot.clickOn("#resumeButton");
    await().atMost(Duration.ofSeconds(30)).until(() -> AppFixture.onFx(() -> window.runView.rows.stream()
        .anyMatch(r -> r.kind() == RunView.StepRow.Kind.STEERING && r.detail().startsWith("delivered to step"))));
    robot.clickOn("#stopButton");
    await().atMost(Duration.ofSeconds(30)).until(() -> AppFixture.onFx(() -> !window.runView.running()
        && window.runView.rows.getLast().title().equals("Stopped")));
    String steps = Files.readString(window.runView.lastRunDir().resolve("steps.jsonl"));
    assertThat(steps).contains("[steered: look for the word Never]");
  }

  @Test
  void consentAllowsOnceAlwaysAndDenies(FxRobot robot) throws Exception {
    AppFixture.onFx(() -> window.runView.scriptEditor.setText(
        "expect \"Editor\"\ntype \"secret one \"\ntype \"secret two\"\nexpect \"secret two\"\npress ctrl+s\nexpect \"Saved\" within 3\ndone\n"));
    robot.clickOn("#startButton");
    await().atMost(Duration.ofSeconds(30)).until(() -> window.consent().openDialogs() == 1
        || AppFixture.onFx(() -> !window.runView.rows.isEmpty() && window.runView.rows.getLast().kind() == RunView.StepRow.Kind.NOTE));
    AppFixture.onFx(() -> assertThat(window.consent().openDialogs()).as("%s", window.runView.rows).isEqualTo(1));
    AppFixture.onFx(() -> {
      assertThat(robot.lookup("#consentReason").queryLabeled().getText()).isEqualTo("It types a secret.");
      assertThat(robot.lookup("#consentAction").queryLabeled().getText()).contains("Type “secret one ”");
      assertThat(((ScreenView) robot.lookup("#consentImage").query()).image()).isNotNull();
    });
    robot.clickOn("#allowRunButton");
    // "secret two" falls under the same rule: allowed for the run, no second question.
    await().atMost(Duration.ofSeconds(30)).until(() -> window.consent().openDialogs() == 1
        && AppFixture.onFx(() -> robot.lookup("#consentReason").queryLabeled().getText().equals("It saves the file.")));
    assertThat(desktop.typed()).isEqualTo("secret one secret two");
    robot.clickOn("#denyButton");
    await().atMost(Duration.ofSeconds(30)).until(() -> AppFixture.onFx(() -> !window.runView.running()
        && window.runView.rows.getLast().kind() == RunView.StepRow.Kind.NOTE));
    AppFixture.onFx(() -> {
      assertThat(window.runView.rows.getLast().title()).isEqualTo("Failed");
      assertThat(window.runView.rows.getLast().detail()).contains("denied by the person");
    });
    assertThat(desktop.performed).noneMatch(a -> a instanceof Action.KeyChord);
  }

  @Test
  void historyScrubsSavesAndReplays(FxRobot robot) throws Exception {
    AppFixture.onFx(() -> {
      window.runView.instruction.setText("Write hi and save");
      window.runView.scriptEditor.setText("expect \"Editor\"\nclick \"Save\"\ntype \"hi \"\nexpect \"hi\"\ndone\n");
    });
    robot.clickOn("#startButton");
    await().atMost(Duration.ofSeconds(60)).until(() -> AppFixture.onFx(() -> !window.runView.running()
        && !window.runView.rows.isEmpty() && window.runView.rows.getLast().title().equals("Done")));
    robot.clickOn("#navHistory");
    HistoryView h = window.historyView();
    AppFixture.onFx(() -> assertThat(h.runs).hasSize(1));
    robot.clickOn(robot.lookup("#historyList .list-cell").nth(0).queryAs(javafx.scene.Node.class));
    AppFixture.onFx(() -> {
      assertThat(h.current()).isNotNull();
      assertThat(h.runTitle.getText()).isEqualTo("Write hi and save");
      assertThat(h.verdict.getText()).isEqualTo("Done");
      assertThat(h.steps()).hasSizeGreaterThanOrEqualTo(2);
      assertThat(h.screen.image()).isNotNull();
      h.stepSlider.setValue(2);
    });
    AppFixture.onFx(() -> {
      assertThat(h.stepLabel.getText()).startsWith("Step 2 of");
      assertThat(h.actionText.getText()).contains("Type “hi ”");
      assertThat(h.screen.action()).isInstanceOf(Action.Click.class);
    });
    robot.clickOn("#saveScriptButton");
    Path script = h.current().dir().resolve("deskpilot_script.txt");
    assertThat(script).exists();
    assertThat(dev.deskpilot.agent.script.StepScript.parse(Files.readAllLines(script)).steps()).hasSize(5);
    robot.clickOn("#openFolderButton");
    assertThat(fixture.opened).containsExactly(h.current().dir());
    robot.clickOn("#replayButton");
    await().atMost(Duration.ofSeconds(60)).until(() -> AppFixture.onFx(() -> !window.runView.running()
        && !window.runView.rows.isEmpty() && window.runView.rows.getLast().kind() == RunView.StepRow.Kind.NOTE));
    AppFixture.onFx(() -> {
      assertThat(window.navRun.isSelected()).isTrue();
      assertThat(window.runView.rows.getLast().title()).as("%s", window.runView.rows).isEqualTo("Done");
      assertThat(window.runView.instruction.getText()).isEqualTo("Replay: Write hi and save");
    });
    assertThat(desktop.typed()).isEqualTo("hi hi ");
    robot.clickOn("#navHistory");
    AppFixture.onFx(() -> assertThat(h.runs).hasSize(2));
  }

  @Test
  void settingsAreSavedAsJsonAndKeysInAPrivateFile(FxRobot robot) throws Exception {
    robot.clickOn("#navSettings");
    SettingsView v = window.settingsView();
    AppFixture.onFx(() -> {
      assertThat(v.keyStates.get("ANTHROPIC_API_KEY").getText()).isEqualTo("missing");
      v.killSwitchField.setText("ctrl+shift+k");
      v.safetyPicker.setValue(AppSettings.SafetyLevel.ASK_EVERY);
      v.maxSteps.getValueFactory().setValue(42);
      v.pricesArea.setText("anthropic:claude-sonnet-4-5 = 3 / 15");
    });
    robot.clickOn("#saveSettingsButton");
    AppSettings saved = new SettingsFile(fixture.config.resolve("settings.json")).load();
    assertThat(saved.killSwitch()).isEqualTo("ctrl+shift+k");
    assertThat(saved.safety()).isEqualTo(AppSettings.SafetyLevel.ASK_EVERY);
    assertThat(saved.maxSteps()).isEqualTo(42);
    assertThat(saved.prices()).containsEntry("anthropic:claude-sonnet-4-5", new AppSettings.Price(3, 15));
    AppFixture.onFx(() -> assertThat(window.killSwitchHint.getText()).isEqualTo("Ctrl+Shift+K"));
    // A bad value is refused with one line, and nothing is written.
    AppFixture.onFx(() -> v.killSwitchField.setText("ctrl+nosuchkey"));
    robot.clickOn("#saveSettingsButton");
    AppFixture.onFx(() -> assertThat(v.message.getText()).startsWith("Not saved: kill-switch hotkey 'ctrl+nosuchkey'"));
    assertThat(new SettingsFile(fixture.config.resolve("settings.json")).load().killSwitch()).isEqualTo("ctrl+shift+k");
    // A key saved here makes its models available.
    robot.clickOn("#key_ANTHROPIC_API_KEY").write("sk-test-123");
    robot.clickOn("#saveKey_ANTHROPIC_API_KEY");
    Path keys = fixture.config.resolve("keys.properties");
    assertThat(Files.getPosixFilePermissions(keys)).isEqualTo(KeyFile.OWNER_ONLY);
    assertThat(Files.readString(keys)).contains("ANTHROPIC_API_KEY=sk-test-123");
    AppFixture.onFx(() -> {
      assertThat(v.keyStates.get("ANTHROPIC_API_KEY").getText()).isEqualTo("stored");
      assertThat(window.runView.modelPicker.getItems()).filteredOn(m -> m.id().startsWith("anthropic:"))
          .allMatch(ModelChoice::available);
    });
  }

  private boolean agentWaitsInPause() {
    for (var e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().equals("deskpilot-agent")) {
        return (e.getKey().getState() == Thread.State.WAITING)
            && List.of(e.getValue()).stream().anyMatch(f -> f.getMethodName().equals("awaitNotPaused"));
      }
    }
    return false;
  }
}
