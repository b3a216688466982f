package dev.deskpilot.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.vm.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real app against a real sandbox (Xvfb, openbox, mousepad; the sandbox starts its own X
 * server) with the step-script policy and real OCR: start, pause, steer, approve and deny gated
 * actions, stop, open history, replay.
 */
@ExtendWith(ApplicationExtension.class)
class AppSandboxIT {
  private static final Duration LONG = Duration.ofSeconds(120);

  @TempDir static Path base;

  private AppFixture fixture;
  private DeskpilotWindow window;

  /** Asks before typing a secret and before saving. */
  static final SafetyGate GATE = (action, observation, history) -> {
    if (action instanceof Action.TypeText t && t.text().contains("secret")) {
      return Verdict.ask("test-secret", "It types a secret into the editor.");
    }
    if (action instanceof Action.KeyChord k && String.join("+", k.keys()).equals("ctrl+s")) {
      return Verdict.ask("test-save", "It saves the file.");
    }
    return Verdict.ALLOW;
  };

  @Start
  void start(Stage stage) throws Exception {
    fixture = new AppFixture(base);
    fixture.settings(AppSettings.defaults().withPreviewDelayMs(300));
    window = DeskpilotWindow.open(stage, fixture.context(Sandbox::start, Map.of(), GATE));
  }

  @AfterEach
  void shutdown() {
    AppFixture.onFx(() -> window.shutdown());
  }

  @Test
  void drivesASandboxFromTheApp(FxRobot robot) throws Exception {
    RunView run = window.runView;
    // 1. Start a run in a fresh sandbox with mousepad; pause, steer, resume; allow one gated
    //    action, deny the next.
    AppFixture.onFx(() -> {
      run.instruction.setText("Write a note in Mousepad");
      run.openFirst.setText("mousepad");
      run.scriptEditor.setText(String.join("\n",
          "expect \"Mousepad\" within 30",
          "type \"hello from deskpilot \"",
          "wait 5", // room for the Pause click before the gated step (pause lands between steps)
          "expect \"deskpilot\"",
          "type \"secret word \"",
          "expect \"word\"",
          "press ctrl+s",
          "done"));
    });
    robot.clickOn("#startButton");
    // Pause as soon as the run is under way: how many script lines the agent gets through before
    // the click lands depends on how fast it reads the screen, and the pause must come before the
    // gated step.
    await().atMost(LONG).until(fx(() -> run.running()));
    robot.clickOn("#pauseButton");
    await().atMost(LONG).until(this::agentWaitsInPause);
    AppFixture.onFx(() -> assertThat(run.pauseBanner.isVisible()).isTrue());
    AppFixture.SCREENS.toFile().mkdirs();
    AppFixture.onFx(() -> window.savePng(AppFixture.SCREENS.resolve("sandbox-paused-dark.png")));
    robot.clickOn("#steerField").write("the note is for the team");
    robot.clickOn("#steerButton");
    robot.clickOn("#resumeButton");
    try {
      await().atMost(Duration.ofSeconds(45)).until(() -> window.consent().openDialogs() == 1 || fx(() -> !run.running()).call());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // reported below with the agent's stack
    }
    AppFixture.onFx(() -> assertThat(window.consent().openDialogs()).as("%s %s", run.rows, agentStack()).isEqualTo(1));
    AppFixture.onFx(() -> {
      assertThat(robot.lookup("#consentReason").queryLabeled().getText()).isEqualTo("It types a secret into the editor.");
      try {
        FxImages.savePng(window.consent().dialogRoots().getFirst(), AppFixture.SCREENS.resolve("sandbox-consent-dark.png"));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    robot.clickOn("#allowOnceButton");
    // The steering message reaches the decision after the allowed action.
    await().atMost(LONG).until(fx(() -> run.rows.stream().anyMatch(r -> r.detail().startsWith("delivered to step"))));
    await().atMost(LONG).until(() -> window.consent().openDialogs() == 1
        && fx(() -> robot.lookup("#consentReason").queryLabeled().getText().equals("It saves the file.")).call());
    robot.clickOn("#denyButton");
    await().atMost(LONG).until(fx(() -> !run.running() && !run.rows.isEmpty() && run.rows.getLast().kind() == RunView.StepRow.Kind.NOTE));
    AppFixture.onFx(() -> {
      // The script would declare itself done right after the save: a denied save stops it instead.
      assertThat(run.rows.getLast().title()).as("%s", run.rows).isEqualTo("Stopped");
      assertThat(run.rows.getLast().detail()).contains("denied by the person");
      window.savePng(AppFixture.SCREENS.resolve("sandbox-run-dark.png"));
    });
    Path first = run.lastRunDir();
    String steps = Files.readString(first.resolve("steps.jsonl"));
    assertThat(steps).contains("[steered: the note is for the team]").contains("secret word").contains("denied by the person");
    assertThat(first.resolve("traj.jsonl")).exists();

    // 2. Stop a run that would wait two minutes.
    AppFixture.onFx(() -> {
      run.openFirst.setText("");
      run.instruction.setText("Wait for something that never comes");
      run.scriptEditor.setText("expect \"Never on this screen\" within 120\ndone");
    });
    robot.clickOn("#startButton");
    await().atMost(LONG).until(fx(() -> run.rows.stream().anyMatch(r -> r.kind() == RunView.StepRow.Kind.STEP)));
    robot.clickOn("#stopButton");
    await().atMost(LONG).until(fx(() -> !run.running() && !run.rows.isEmpty() && run.rows.getLast().title().equals("Stopped")));

    // 3. A clean run, then its replay from history.
    AppFixture.onFx(() -> {
      run.instruction.setText("Type a line");
      run.scriptEditor.setText("expect \"Mousepad\"\ntype \"replayed line \"\nexpect \"replayed\"\ndone");
    });
    robot.clickOn("#startButton");
    await().atMost(LONG).until(fx(() -> !run.running() && !run.rows.isEmpty() && run.rows.getLast().kind() == RunView.StepRow.Kind.NOTE));
    AppFixture.onFx(() -> assertThat(run.rows.getLast().title()).as("%s", run.rows).isEqualTo("Done"));

    robot.clickOn("#navHistory");
    HistoryView h = window.historyView();
    AppFixture.onFx(() -> {
      assertThat(h.runs).hasSize(3);
      assertThat(h.runs.getFirst().title()).isEqualTo("Type a line");
      assertThat(h.runs).extracting(RunHistory.RecordedRun::verdict).containsExactly("Done", "Stopped", "Stopped");
      h.historyList.getSelectionModel().select(2);
    });
    AppFixture.onFx(() -> {
      assertThat(h.runTitle.getText()).isEqualTo("Write a note in Mousepad");
      h.stepSlider.setValue(h.stepSlider.getMax());
      assertThat(h.screen.image()).isNotNull();
      window.savePng(AppFixture.SCREENS.resolve("sandbox-history-dark.png"));
      h.historyList.getSelectionModel().select(0);
    });
    robot.clickOn("#replayButton");
    await().atMost(LONG).until(fx(() -> !run.running() && !run.rows.isEmpty() && run.rows.getLast().kind() == RunView.StepRow.Kind.NOTE
        && run.instruction.getText().startsWith("Replay:")));
    AppFixture.onFx(() -> assertThat(run.rows.getLast().title()).as("%s", run.rows).isEqualTo("Done"));
  }

  private static Callable<Boolean> fx(Callable<Boolean> c) {
    return () -> AppFixture.onFx(c);
  }

  private static String agentStack() {
    for (var e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().equals("deskpilot-agent")) {
        return e.getKey().getState() + " " + java.util.Arrays.toString(e.getValue());
      }
    }
    return "no agent thread";
  }

  private boolean agentWaitsInPause() {
    for (var e : Thread.getAllStackTraces().entrySet()) {
      if (e.getKey().getName().equals("deskpilot-agent")) {
        return e.getKey().getState() == Thread.State.WAITING
            && java.util.Arrays.stream(e.getValue()).anyMatch(f -> f.getMethodName().equals("awaitNotPaused"));
      }
    }
    return false;
  }
}
