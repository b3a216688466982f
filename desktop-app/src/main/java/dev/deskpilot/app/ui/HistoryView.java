package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The History screen: past runs under the results folder (app runs, suites, the command line),
 * newest first; open one to scrub through its steps (the screen each step was decided on, its
 * action drawn on it, its thought), replay it, open its folder or report, or save it as a step
 * script.
 */
final class HistoryView {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ROOT);

  private final DeskpilotWindow window;
  private final BorderPane root = new BorderPane();
  final ObservableList<RunHistory.RecordedRun> runs = FXCollections.observableArrayList();
  final ListView<RunHistory.RecordedRun> historyList = new ListView<>(runs);
  final Label runTitle = new Label("");
  final Label runMeta = new Label("");
  final Label verdict = new Label("");
  final ScreenView screen = new ScreenView("No screenshot recorded for this step");
  final Slider stepSlider = new Slider(1, 1, 1);
  final Label stepLabel = new Label("");
  final Button prev = new Button("‹");
  final Button next = new Button("›");
  final Label actionText = new Label("");
  final Label thoughtText = new Label("");
  final Button replayButton = new Button("Replay");
  final Button openButton = new Button("Open folder");
  final Button saveScriptButton = new Button("Save as step script");
  final Label message = new Label("");
  final VBox detail;
  final Label empty;
  private List<RunHistory.RecordedStep> steps = List.of();
  private RunHistory.RecordedRun current;

  HistoryView(DeskpilotWindow window) {
    this.window = window;
    Label title = new Label("History");
    title.getStyleClass().add("panel-title");
    Button refresh = new Button("Refresh");
    refresh.setId("historyRefresh");
    refresh.setOnAction(e -> refresh());
    Region g = new Region();
    HBox.setHgrow(g, Priority.ALWAYS);
    HBox head = new HBox(8, title, g, refresh);
    head.setAlignment(Pos.CENTER_LEFT);
    historyList.setId("historyList");
    historyList.setCellFactory(l -> new RunCell());
    historyList.setPlaceholder(RunView.placeholder("No runs yet. Runs you start, and suites you run, appear here."));
    VBox.setVgrow(historyList, Priority.ALWAYS);
    VBox left = new VBox(10, head, historyList);
    left.getStyleClass().addAll("panel", "history-list-panel");
    left.setPrefWidth(380);
    left.setMinWidth(300);

    runTitle.setId("historyTitle");
    runTitle.getStyleClass().add("panel-title");
    runTitle.setWrapText(true);
    runMeta.getStyleClass().add("muted");
    runMeta.setWrapText(true);
    verdict.setId("historyVerdict");
    verdict.getStyleClass().add("chip");
    HBox titleRow = new HBox(10, runTitle, verdict);
    titleRow.setAlignment(Pos.CENTER_LEFT);
    screen.setId("historyImage");
    VBox.setVgrow(screen, Priority.ALWAYS);
    stepSlider.setId("stepSlider");
    stepSlider.setMajorTickUnit(1);
    stepSlider.setMinorTickCount(0);
    stepSlider.setSnapToTicks(true);
    stepSlider.setBlockIncrement(1);
    HBox.setHgrow(stepSlider, Priority.ALWAYS);
    stepLabel.setId("historyStepLabel");
    stepLabel.setMinWidth(110);
    prev.setId("historyPrev");
    next.setId("historyNext");
    prev.getStyleClass().add("icon-button");
    next.getStyleClass().add("icon-button");
    prev.setOnAction(e -> stepSlider.setValue(Math.max(1, stepSlider.getValue() - 1)));
    next.setOnAction(e -> stepSlider.setValue(Math.min(stepSlider.getMax(), stepSlider.getValue() + 1)));
    HBox scrub = new HBox(10, prev, stepSlider, next, stepLabel);
    scrub.setAlignment(Pos.CENTER_LEFT);
    actionText.setId("historyAction");
    actionText.getStyleClass().add("step-title");
    actionText.setWrapText(true);
    thoughtText.setId("historyThought");
    thoughtText.getStyleClass().add("thought");
    thoughtText.setWrapText(true);
    thoughtText.setMinHeight(Region.USE_PREF_SIZE);
    VBox stepText = new VBox(4, actionText, thoughtText);
    stepText.getStyleClass().add("thought-box");

    replayButton.setId("replayButton");
    replayButton.getStyleClass().add("primary");
    openButton.setId("openFolderButton");
    saveScriptButton.setId("saveScriptButton");
    replayButton.setOnAction(e -> replay());
    openButton.setOnAction(e -> open());
    saveScriptButton.setOnAction(e -> saveScript());
    message.setId("historyMessage");
    message.getStyleClass().add("muted");
    message.setWrapText(true);
    Region g2 = new Region();
    HBox.setHgrow(g2, Priority.ALWAYS);
    HBox buttons = new HBox(8, replayButton, saveScriptButton, openButton, g2);
    buttons.setAlignment(Pos.CENTER_LEFT);

    detail = new VBox(12, titleRow, runMeta, screen, scrub, stepText, buttons, message);
    detail.getStyleClass().addAll("panel", "history-detail");
    empty = RunView.placeholder("Open a run on the left to scrub through its steps.");
    empty.setId("historyEmpty");
    empty.setMaxWidth(Double.MAX_VALUE);
    empty.setMaxHeight(Double.MAX_VALUE);
    empty.setAlignment(Pos.CENTER);
    RunView.show(detail, false);

    root.setLeft(left);
    root.setCenter(new javafx.scene.layout.StackPane(empty, detail));
    historyList.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> open(b));
    stepSlider.valueProperty().addListener((o, a, b) -> showStep((int) Math.round(b.doubleValue())));
  }

  Node node() {
    return root;
  }

  RunHistory.RecordedRun current() {
    return current;
  }

  List<RunHistory.RecordedStep> steps() {
    return steps;
  }

  /** Rescans the results folder. */
  void refresh() {
    Path keep = current == null ? null : current.dir();
    try {
      runs.setAll(RunHistory.scan(window.resultsRoot()));
      message.setText("");
    } catch (IOException e) {
      runs.clear();
      window.status("Cannot read " + window.resultsRoot() + ": " + e.getMessage(), false);
    }
    if (keep != null) {
      runs.stream().filter(r -> r.dir().equals(keep)).findFirst().ifPresent(r -> historyList.getSelectionModel().select(r));
    }
  }

  void open(RunHistory.RecordedRun run) {
    current = run;
    RunView.show(detail, run != null);
    RunView.show(empty, run == null);
    if (run == null) {
      return;
    }
    try {
      steps = RunHistory.steps(run.dir());
    } catch (IOException e) {
      steps = List.of();
      message.setText("Cannot read its steps: " + e.getMessage());
    }
    runTitle.setText(run.title());
    verdict.setText(run.verdict());
    verdict.getStyleClass().removeAll("good", "bad", "neutral");
    verdict.getStyleClass().add(switch (run.verdict()) {
      case "Done", "Passed" -> "good";
      case "Failed", "Error", "Interrupted" -> "bad";
      default -> "neutral";
    });
    String why = run.app().map(AppRunFile::reason).filter(s -> !s.isBlank()).orElse(run.error());
    runMeta.setText(run.model() + " · " + run.domain() + " · " + steps.size() + (steps.size() == 1 ? " step" : " steps")
        + " · " + WHEN.format(run.modified().toInstant().atZone(ZoneId.systemDefault()))
        + (why.isBlank() ? "" : "\n" + why));
    boolean hasReport = Files.isRegularFile(run.dir().resolve("report.html"));
    openButton.setText(hasReport ? "Open report" : "Open folder");
    stepSlider.setMax(Math.max(1, steps.size()));
    stepSlider.setDisable(steps.size() <= 1);
    prev.setDisable(steps.size() <= 1);
    next.setDisable(steps.size() <= 1);
    replayButton.setDisable(steps.isEmpty() || window.runView.running());
    saveScriptButton.setDisable(steps.isEmpty());
    replayButton.setTooltip(new javafx.scene.control.Tooltip(run.app().map(a -> !a.script().isBlank()).orElse(false)
        ? "Plays the step script this run played, in the sandbox"
        : "Plays the recorded actions at their coordinates as a step script, in the sandbox"));
    message.setText("");
    stepSlider.setValue(1);
    showStep(1);
  }

  void showStep(int n) {
    if (steps.isEmpty()) {
      screen.show(null, null);
      screen.mark(null, false);
      stepLabel.setText("No steps");
      actionText.setText("This run recorded no steps.");
      thoughtText.setText("");
      return;
    }
    int i = Math.max(1, Math.min(steps.size(), n));
    RunHistory.RecordedStep s = steps.get(i - 1);
    stepLabel.setText("Step " + i + " of " + steps.size());
    Path frame = s.before().or(s::after).orElse(null);
    Image img = frame == null ? null : new Image(frame.toUri().toString());
    screen.show(img, null);
    Action first = s.actions().stream().filter(a -> !(a instanceof Action.Wait)).findFirst().orElse(null);
    boolean failed = s.results().stream().anyMatch(r -> !r.ok());
    screen.mark(s.before().isPresent() ? first : null, failed);
    String actions = s.actions().isEmpty() ? "Looked again" : s.actions().stream().map(ActionText::describe).collect(Collectors.joining(" · "));
    String errors = s.results().stream().filter(r -> !r.ok()).map(r -> r.error()).collect(Collectors.joining("; "));
    actionText.setText(actions + (errors.isBlank() ? "" : "  —  " + errors));
    thoughtText.setText(s.thought().isBlank() ? "(no thought recorded)" : s.thought());
  }

  void replay() {
    if (current == null || steps.isEmpty()) {
      return;
    }
    String script = ScriptExport.forReplay(current, steps);
    Target target = current.app().map(a -> a.target().equals(Target.THIS_DESKTOP.label()) ? Target.THIS_DESKTOP : Target.SANDBOX)
        .orElse(Target.SANDBOX);
    window.navRun.setSelected(true);
    window.runView.replay(script, current.title(), target);
  }

  void open() {
    if (current == null) {
      return;
    }
    Path report = current.dir().resolve("report.html");
    Path what = Files.isRegularFile(report) ? report : current.dir();
    try {
      window.context().opener().open(what);
      message.setText("Opened " + what);
    } catch (IOException e) {
      message.setText(e.getMessage());
    }
  }

  /** Writes {@code deskpilot_script.txt} into the run's folder; returns it. */
  Path saveScript() {
    if (current == null) {
      return null;
    }
    Path file = current.dir().resolve("deskpilot_script.txt");
    try {
      Files.writeString(file, ScriptExport.forReplay(current, steps), StandardCharsets.UTF_8);
      message.setText("Saved the step script to " + file);
      return file;
    } catch (IOException | IllegalArgumentException e) {
      message.setText("Could not save the step script: " + e.getMessage());
      return null;
    }
  }

  /** A run in the list: what it was about, how it ended, when, with which model. */
  private static final class RunCell extends ListCell<RunHistory.RecordedRun> {
    @Override
    protected void updateItem(RunHistory.RecordedRun r, boolean empty) {
      super.updateItem(r, empty);
      setText(null);
      if (empty || r == null) {
        setGraphic(null);
        return;
      }
      Label title = new Label(ActionText.clip(r.title().replace('\n', ' '), 80));
      title.getStyleClass().add("step-title");
      Label chip = new Label(r.verdict());
      chip.getStyleClass().addAll("chip", "small", switch (r.verdict()) {
        case "Done", "Passed" -> "good";
        case "Failed", "Error", "Interrupted" -> "bad";
        default -> "neutral";
      });
      chip.setMinWidth(Region.USE_PREF_SIZE);
      Region g = new Region();
      HBox.setHgrow(g, Priority.ALWAYS);
      HBox top = new HBox(8, title, g, chip);
      top.setAlignment(Pos.CENTER_LEFT);
      Label meta = new Label(r.model() + " · " + r.domain() + " · "
          + WHEN.format(r.modified().toInstant().atZone(ZoneId.systemDefault())));
      meta.getStyleClass().add("step-detail");
      VBox box = new VBox(3, top, meta);
      if (getListView() != null) {
        box.prefWidthProperty().bind(getListView().widthProperty().subtract(30));
        box.maxWidthProperty().bind(getListView().widthProperty().subtract(30));
      }
      setGraphic(box);
    }
  }
}
