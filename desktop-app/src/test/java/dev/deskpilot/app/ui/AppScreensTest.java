package dev.deskpilot.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.control.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Saves a PNG of each main screen, in the dark and the light theme, under {@code
 * target/screens/}: the run screen idle, live (an action drawn before it happens) and done, the
 * consent dialog, history with a run opened, settings, and the compact bar.
 */
@ExtendWith(ApplicationExtension.class)
class AppScreensTest {
  @TempDir static Path base;

  private AppFixture fixture;
  private FakeEditorDesktop desktop;
  private DeskpilotWindow window;

  @Start
  void start(Stage stage) throws Exception {
    fixture = new AppFixture(base);
    fixture.settings(AppSettings.defaults().withPreviewDelayMs(400));
    desktop = new FakeEditorDesktop();
    var gate = (dev.deskpilot.agent.control.SafetyGate) (action, obs, history) ->
        action instanceof Action.KeyChord k && String.join("+", k.keys()).equals("ctrl+s")
            ? Verdict.ask("save-file", "It saves notes.txt, replacing what is on disk.")
            : Verdict.ALLOW;
    window = DeskpilotWindow.open(stage, fixture.context(() -> desktop, Map.of(), gate));
  }

  @AfterEach
  void shutdown() {
    AppFixture.onFx(() -> window.shutdown());
  }

  @Test
  void capturesEveryMainScreenInBothThemes(FxRobot robot) throws Exception {
    for (AppSettings.Theme theme : AppSettings.Theme.values()) {
      String t = theme.name().toLowerCase(java.util.Locale.ROOT);
      desktop.clear();
      AppFixture.onFx(() -> {
        window.setTheme(theme);
        window.navRun.setSelected(true);
      });
      save("run-idle-" + t);
      AppFixture.onFx(() -> {
        window.runView.instruction.setText("Write “Deskpilot was here.” into the open note and save it");
        window.runView.scriptEditor.setText(
            "expect \"Editor\"\nclick \"Save\"\ntype \"Deskpilot was here.\"\nexpect \"here\"\npress ctrl+s\nexpect \"Saved\"\ndone\n");
      });
      robot.clickOn("#startButton");
      await().atMost(Duration.ofSeconds(60)).until(() -> AppFixture.onFx(() -> window.runView.live.action() instanceof Action.Click));
      save("run-live-" + t);
      await().atMost(Duration.ofSeconds(60)).until(() -> window.consent().openDialogs() == 1);
      AppFixture.onFx(() -> {
        try {
          FxImages.savePng(window.consent().dialogRoots().getFirst(), AppFixture.SCREENS.resolve("consent-" + t + ".png"));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      robot.clickOn("#allowOnceButton");
      await().atMost(Duration.ofSeconds(60)).until(() -> AppFixture.onFx(() -> !window.runView.running()
          && !window.runView.rows.isEmpty() && window.runView.rows.getLast().kind() == RunView.StepRow.Kind.NOTE));
      AppFixture.onFx(() -> assertThat(window.runView.rows.getLast().title()).as("%s", window.runView.rows).isEqualTo("Done"));
      save("run-done-" + t);
      // The takeover banner as a this-desktop run shows it (the window's and the bar's).
      AppFixture.onFx(() -> window.runView.paused("pointer moved to (900,700)", true));
      AppFixture.onFx(() -> assertThat(window.runView.pauseTitle.getText()).isEqualTo(RunSession.TOOK_OVER));
      save("run-takeover-" + t);
      AppFixture.onFx(() -> {
        window.runView.resumed();
        window.status("Ready", false);
      });

      robot.clickOn("#navHistory");
      AppFixture.onFx(() -> {
        window.historyView().historyList.getSelectionModel().select(0);
        window.historyView().stepSlider.setValue(2);
      });
      save("history-" + t);

      robot.clickOn("#navSettings");
      save("settings-" + t);
      AppFixture.onFx(() -> {
        window.settingsView().allowedAppsField.setText("mousepad, xterm, galculator");
        window.settingsView().allowedDomainsField.setText("example.com, wikipedia.org");
        window.root().applyCss();
        window.root().layout();
        window.settingsView().scroll.setVvalue(0.52);
      });
      save("settings-safety-" + t);

      AppFixture.onFx(() -> {
        window.compactBar().show(window.settings().killSwitch());
        window.compactBar().step(3);
        window.compactBar().next("Click at (1130, 131)");
      });
      AppFixture.onFx(() -> {
        try {
          FxImages.savePng(window.compactBar().stage().getScene().getRoot(), AppFixture.SCREENS.resolve("compact-bar-" + t + ".png"));
          window.compactBar().paused(true, RunSession.TOOK_OVER, "Resume: Ctrl+Shift+Enter");
          window.compactBar().stage().getScene().getRoot().applyCss();
          window.compactBar().stage().getScene().getRoot().layout();
          FxImages.savePng(window.compactBar().stage().getScene().getRoot(),
              AppFixture.SCREENS.resolve("compact-bar-takeover-" + t + ".png"));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        window.compactBar().hide();
      });
    }
    try (var files = Files.list(AppFixture.SCREENS)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .contains("run-idle-dark.png", "run-live-dark.png", "consent-dark.png", "run-done-dark.png", "history-dark.png",
              "settings-dark.png", "compact-bar-dark.png", "compact-bar-takeover-dark.png", "run-takeover-light.png", "run-idle-light.png", "history-light.png", "settings-light.png");
    }
  }

  private void save(String name) {
    AppFixture.onFx(() -> {
      window.root().applyCss();
      window.root().layout();
    });
    AppFixture.onFx(() -> window.savePng(AppFixture.SCREENS.resolve(name + ".png")));
  }
}
