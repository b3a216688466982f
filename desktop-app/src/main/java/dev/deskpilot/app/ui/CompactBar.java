package dev.deskpilot.app.ui;

import java.util.function.Supplier;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.StageStyle;

/**
 * The small always-on-top bar the app shrinks to while it drives this desktop: what it is doing,
 * Pause/Resume, Stop, and the kill-switch key. Its window is masked out of every screenshot.
 */
final class CompactBar {
  /** The bar's width: room for the state, the step, the next action and the three controls. */
  static final double WIDTH = 900;

  private final Supplier<java.util.List<String>> stylesheets;
  private final Runnable onPause;
  private final Runnable onStop;
  private Stage stage;
  final Label state = new Label("Deskpilot is driving");
  final Label stepLabel = new Label("");
  final Label next = new Label("");
  final Button pause = new Button("Pause");
  final Button stop = new Button("Stop");
  final Label killHint = new Label();

  CompactBar(Supplier<java.util.List<String>> stylesheets, Runnable onPause, Runnable onStop) {
    this.stylesheets = stylesheets;
    this.onPause = onPause;
    this.onStop = onStop;
  }

  boolean isShowing() {
    return stage != null && stage.isShowing();
  }

  Stage stage() {
    return stage;
  }

  void show(String killSwitch) {
    if (stage == null) {
      stage = new Stage(StageStyle.UNDECORATED);
      stage.setTitle("Deskpilot");
      stage.setAlwaysOnTop(true);
      Label dot = new Label("●");
      dot.getStyleClass().add("live-dot");
      state.getStyleClass().add("bar-state");
      stepLabel.getStyleClass().add("muted");
      next.getStyleClass().add("bar-next");
      next.setMinWidth(0);
      next.setMaxWidth(Double.MAX_VALUE);
      HBox.setHgrow(next, javafx.scene.layout.Priority.SOMETIMES);
      for (javafx.scene.control.Control c : java.util.List.of(dot, state, stepLabel, killHint, pause, stop)) {
        c.setMinWidth(Region.USE_PREF_SIZE); // the next action gives way, never the controls
      }
      pause.setId("barPauseButton");
      stop.setId("barStopButton");
      stop.getStyleClass().add("danger");
      pause.setOnAction(e -> onPause.run());
      stop.setOnAction(e -> onStop.run());
      killHint.getStyleClass().add("keycap");
      Region gap = new Region();
      gap.setMinWidth(8);
      HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
      HBox box = new HBox(10, dot, state, stepLabel, next, gap, killHint, pause, stop);
      box.setAlignment(Pos.CENTER_LEFT);
      box.setId("compactBar");
      box.getStyleClass().addAll("compact-bar", "deskpilot");
      Scene scene = new Scene(box, WIDTH, 48);
      stage.setScene(scene);
    }
    stage.getScene().getStylesheets().setAll(stylesheets.get());
    killHint.setText("Stop: " + AppSettings.displayChord(killSwitch));
    state.setText("Deskpilot is driving");
    stepLabel.setText("");
    next.setText("");
    paused(false, "", "");
    Rectangle2D vb = Screen.getPrimary().getVisualBounds();
    stage.setX(vb.getMinX() + (vb.getWidth() - WIDTH) / 2);
    stage.setY(vb.getMinY() + 8);
    stage.show();
  }

  void hide() {
    if (stage != null) {
      stage.hide();
    }
  }

  void step(int index) {
    stepLabel.setText("step " + index);
  }

  void next(String text) {
    next.setText(text);
  }

  /**
   * Shows whether the run is paused.
   *
   * @param title what the bar says while paused ("Paused", "You took over — paused")
   * @param hint a hint shown in place of the next action while paused (e.g. the resume chord)
   */
  void paused(boolean paused, String title, String hint) {
    pause.setText(paused ? "Resume" : "Pause");
    pause.setDisable(false);
    pause.getStyleClass().remove("primary");
    state.getStyleClass().remove("paused");
    if (paused) {
      pause.getStyleClass().add("primary");
      state.getStyleClass().add("paused");
      next.setText(hint);
    }
    state.setText(paused ? title : "Deskpilot is driving");
  }

  /** A Resume was clicked: the run goes on once the person's hand has let go. */
  void resuming() {
    state.setText("Resuming…");
    next.setText("hands off the mouse and keyboard");
    pause.setDisable(true);
  }

  /** The kill switch was pressed. */
  void stopping() {
    state.setText("Stopping…");
    pause.setDisable(true);
  }
}
