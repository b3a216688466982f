package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Screenshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The Run screen: task entry on the left (instruction, model, step script, target, Start / Pause /
 * Stop), the live screen in the middle (the next action drawn on it before it happens, the model's
 * thought, the pause banner, the model's questions, the steering box), and the steps on the right
 * with tokens and cost. Its {@link RunEvents} methods run on the JavaFX thread (through {@link
 * FxRunEvents}).
 */
final class RunView implements RunEvents {
  /** A row of the step list. */
  record StepRow(Kind kind, int index, String title, String detail, boolean ok) {
    enum Kind { STEP, STEERING, NOTE }
  }

  static final String NO_THOUGHT = "The model's reasoning for each step shows here.";
  /** The chord that resumes a run after a takeover (actuators' Supervisor default). */
  static final String RESUME_CHORD = "ctrl+shift+enter";
  static final String VM_TOOLTIP = "Not available yet: virtual machines are not wired to the app";

  private final DeskpilotWindow window;
  private final BorderPane root = new BorderPane();

  // task entry
  final TextArea instruction = new TextArea();
  final ComboBox<ModelChoice> modelPicker = new ComboBox<>();
  final Label modelProblem = new Label();
  final TextArea scriptEditor = new TextArea();
  final VBox scriptBox;
  final ToggleGroup targets = new ToggleGroup();
  final ToggleButton targetThis = new ToggleButton(Target.THIS_DESKTOP.label());
  final ToggleButton targetSandbox = new ToggleButton(Target.SANDBOX.label());
  final ToggleButton targetVm = new ToggleButton("VM");
  final StackPane vmWrapper;
  final TextField openFirst = new TextField();
  final Button startButton = new Button("Start");
  final Button pauseButton = new Button("Pause");
  final Button stopButton = new Button("Stop");
  final Label startProblem = new Label();

  // live view
  final ScreenView live = new ScreenView("The screen of the target shows here.\nPick a target and press Start.");
  final Label nextAction = new Label();
  final Label thought = new Label(NO_THOUGHT);
  final HBox pauseBanner;
  final Label pauseTitle = new Label("Paused");
  final Label pauseText = new Label();
  final Button resumeButton = new Button("Resume");
  final VBox questionBox;
  final Label questionText = new Label();
  final TextField answerField = new TextField();
  final TextField steerField = new TextField();
  final Button steerButton = new Button("Send");

  // steps
  final ObservableList<StepRow> rows = FXCollections.observableArrayList();
  final ListView<StepRow> stepList = new ListView<>(rows);
  final Label usageLabel = new Label("Offline policy · no tokens");
  final Label stepsHeader = new Label("Steps");

  /** How long a Resume clicked while driving this desktop waits for the person's hand to let go. */
  static final Duration RESUME_GRACE = Duration.ofMillis(1500);

  private RunSession session;
  private javafx.animation.PauseTransition resuming;
  private RunRequest lastRequest;
  private Path lastRunDir;
  private String lastQuestion = "";

  RunView(DeskpilotWindow window) {
    this.window = window;
    root.getStyleClass().add("run-view");

    // ---- task entry ----
    Label heading = new Label("New task");
    heading.getStyleClass().add("panel-title");
    instruction.setId("instruction");
    instruction.setPromptText("Describe the chore, e.g. “Write ‘Deskpilot was here.’ into notes.txt and save it.”");
    instruction.setWrapText(true);
    instruction.setPrefRowCount(4);

    modelPicker.setId("modelPicker");
    modelPicker.setMaxWidth(Double.MAX_VALUE);
    modelPicker.setCellFactory(l -> new ModelCell());
    modelPicker.setButtonCell(new ModelCell());
    modelProblem.setId("modelProblem");
    modelProblem.getStyleClass().add("warning-text");
    modelProblem.setWrapText(true);

    scriptEditor.setId("scriptEditor");
    scriptEditor.getStyleClass().add("code");
    scriptEditor.setPromptText("expect \"Mousepad\" within 20\ntype \"Deskpilot was here.\"\npress ctrl+s\ndone");
    scriptEditor.setPrefRowCount(8);
    Label scriptHelp = new Label("click \"text\" · type \"…\" into \"field\" · press ctrl+s · expect \"text\" · wait 1 · done");
    scriptHelp.getStyleClass().add("hint");
    scriptHelp.setWrapText(true);
    scriptBox = new VBox(6, fieldLabel("Step script"), scriptEditor, scriptHelp);

    targetThis.setId("targetThis");
    targetSandbox.setId("targetSandbox");
    targetVm.setId("targetVm");
    for (ToggleButton b : List.of(targetThis, targetSandbox, targetVm)) {
      b.setToggleGroup(targets);
      b.getStyleClass().add("segment");
      b.setMaxWidth(Double.MAX_VALUE);
      HBox.setHgrow(b, Priority.ALWAYS);
    }
    targetThis.setUserData(Target.THIS_DESKTOP);
    targetSandbox.setUserData(Target.SANDBOX);
    targetVm.setUserData(Target.VM);
    targetThis.getStyleClass().add("first");
    targetVm.getStyleClass().add("last");
    targetVm.setDisable(true);
    vmWrapper = new StackPane(targetVm);
    vmWrapper.setId("targetVmWrapper");
    Tooltip vmTip = new Tooltip(VM_TOOLTIP);
    Tooltip.install(vmWrapper, vmTip);
    vmWrapper.getProperties().put("tooltip-text", VM_TOOLTIP);
    HBox.setHgrow(vmWrapper, Priority.ALWAYS);
    targetThis.setTooltip(new Tooltip("Drive this computer's own screen; Deskpilot shrinks to a small bar"));
    targetSandbox.setTooltip(new Tooltip("A throwaway desktop, shown live here"));
    targets.selectToggle(targetSandbox);
    targets.selectedToggleProperty().addListener((o, a, b) -> {
      if (b == null) {
        targets.selectToggle(a);
      }
      refreshControls();
    });
    HBox targetRow = new HBox(0, targetThis, targetSandbox, vmWrapper);
    targetRow.getStyleClass().add("segmented");

    openFirst.setId("openFirst");
    openFirst.setPromptText("Open first (optional), e.g. mousepad");

    startButton.setId("startButton");
    startButton.getStyleClass().add("primary");
    startButton.setMaxWidth(Double.MAX_VALUE);
    pauseButton.setId("pauseButton");
    stopButton.setId("stopButton");
    stopButton.getStyleClass().add("danger");
    HBox.setHgrow(startButton, Priority.ALWAYS);
    HBox controls = new HBox(8, startButton, pauseButton, stopButton);
    startProblem.setId("startProblem");
    startProblem.getStyleClass().add("hint");
    startProblem.setWrapText(true);

    VBox entry = new VBox(8,
        heading,
        fieldLabel("Instruction"), instruction,
        fieldLabel("Model"), modelPicker, modelProblem,
        scriptBox,
        fieldLabel("Target"), targetRow, openFirst,
        spacer(4), controls, startProblem);
    entry.getStyleClass().addAll("panel", "task-panel");
    entry.setPrefWidth(360);
    entry.setMinWidth(320);

    // ---- live view ----
    live.setId("liveImage");
    VBox.setVgrow(live, Priority.ALWAYS);
    pauseTitle.setId("pauseTitle");
    pauseTitle.getStyleClass().add("banner-title");
    pauseText.setId("pauseText");
    pauseText.setWrapText(true);
    resumeButton.setId("resumeButton");
    resumeButton.getStyleClass().add("primary");
    resumeButton.setMinWidth(Region.USE_PREF_SIZE);
    Label bannerMark = new Label("‖");
    bannerMark.getStyleClass().add("banner-mark");
    VBox bannerText = new VBox(2, pauseTitle, pauseText);
    HBox.setHgrow(bannerText, Priority.ALWAYS);
    pauseBanner = new HBox(12, bannerMark, bannerText, resumeButton);
    pauseBanner.setId("pauseBanner");
    pauseBanner.getStyleClass().add("banner");
    pauseBanner.setAlignment(Pos.CENTER_LEFT);
    show(pauseBanner, false);

    questionText.setId("questionText");
    questionText.setWrapText(true);
    questionText.getStyleClass().add("question-text");
    answerField.setId("answerField");
    answerField.setPromptText("Your answer");
    Button answerButton = new Button("Answer");
    answerButton.setId("answerButton");
    answerButton.getStyleClass().add("primary");
    answerButton.setOnAction(e -> answer());
    answerField.setOnAction(e -> answer());
    HBox.setHgrow(answerField, Priority.ALWAYS);
    Label qTitle = new Label("The model asks");
    qTitle.getStyleClass().add("caps");
    questionBox = new VBox(6, qTitle, questionText, new HBox(8, answerField, answerButton));
    questionBox.setId("questionBox");
    questionBox.getStyleClass().add("question");
    show(questionBox, false);

    nextAction.setId("nextAction");
    nextAction.getStyleClass().add("next-action");
    thought.setId("thought");
    thought.setWrapText(true);
    thought.getStyleClass().addAll("thought", "empty");
    thought.setMinHeight(Region.USE_PREF_SIZE);
    Label thoughtTitle = new Label("Thought");
    thoughtTitle.getStyleClass().add("caps");
    Region nextGap = new Region();
    HBox.setHgrow(nextGap, Priority.ALWAYS);
    HBox thoughtHead = new HBox(8, thoughtTitle, nextGap, nextAction);
    thoughtHead.setAlignment(Pos.CENTER_LEFT);
    VBox thoughtBox = new VBox(4, thoughtHead, thought);
    thoughtBox.getStyleClass().add("thought-box");

    steerField.setId("steerField");
    steerField.setPromptText("Steer the agent: a message for its next decision");
    steerButton.setId("steerButton");
    steerField.setOnAction(e -> steer());
    steerButton.setOnAction(e -> steer());
    HBox.setHgrow(steerField, Priority.ALWAYS);
    HBox steerRow = new HBox(8, steerField, steerButton);
    steerRow.getStyleClass().add("steer-row");

    VBox center = new VBox(10, pauseBanner, live, thoughtBox, questionBox, steerRow);
    center.getStyleClass().addAll("panel", "live-panel");

    // ---- steps ----
    stepsHeader.getStyleClass().add("panel-title");
    stepList.setId("stepList");
    stepList.setCellFactory(l -> new StepCell());
    stepList.setPlaceholder(placeholder("Steps appear here as the agent works."));
    VBox.setVgrow(stepList, Priority.ALWAYS);
    usageLabel.setId("usageLabel");
    usageLabel.getStyleClass().add("usage");
    usageLabel.setWrapText(true);
    VBox steps = new VBox(10, stepsHeader, stepList, usageLabel);
    steps.getStyleClass().addAll("panel", "steps-panel");
    steps.setPrefWidth(320);
    steps.setMinWidth(260);

    root.setLeft(entry);
    root.setCenter(center);
    root.setRight(steps);

    // ---- behaviour ----
    modelPicker.valueProperty().addListener((o, a, b) -> {
      refreshControls();
      if (b != null) {
        window.rememberModel(b.id());
      }
    });
    instruction.textProperty().addListener((o, a, b) -> refreshControls());
    scriptEditor.textProperty().addListener((o, a, b) -> refreshControls());
    startButton.setOnAction(e -> start());
    pauseButton.setOnAction(e -> togglePause());
    resumeButton.setOnAction(e -> togglePause());
    stopButton.setOnAction(e -> stop("stopped by you"));
    reloadModels();
  }

  Node node() {
    return root;
  }

  RunSession session() {
    return session;
  }

  Path lastRunDir() {
    return lastRunDir;
  }

  /** Re-reads the model list from settings and keys, keeping the choice when it still exists. */
  void reloadModels() {
    String wanted = modelPicker.getValue() != null ? modelPicker.getValue().id() : window.settings().lastModel();
    List<ModelChoice> choices = ModelChoice.list(window.settings(), window.keyEnvironment());
    modelPicker.getItems().setAll(choices);
    modelPicker.setValue(choices.stream().filter(c -> c.id().equals(wanted)).findFirst().orElse(choices.getFirst()));
    refreshControls();
  }

  Target target() {
    return (Target) targets.getSelectedToggle().getUserData();
  }

  RunRequest request() {
    AppSettings s = window.settings();
    return new RunRequest(instruction.getText(), modelPicker.getValue(), scriptEditor.getText(), target(),
        openFirst.getText(), s.maxSteps(), Duration.ofMinutes(s.timeoutMinutes()), Duration.ofMillis(s.previewDelayMs()));
  }

  boolean running() {
    return session != null && session.isRunning();
  }

  void refreshControls() {
    ModelChoice m = modelPicker.getValue();
    boolean script = m != null && m.isStepScript();
    show(scriptBox, script);
    modelProblem.setText(m == null ? "" : m.problem());
    show(modelProblem, m != null && !m.available());
    boolean busy = running();
    String problem = m == null ? "Pick a model" : request().problem();
    startButton.setDisable(busy || !problem.isEmpty());
    startProblem.setText(busy ? "" : problem);
    show(startProblem, !busy && !problem.isEmpty());
    pauseButton.setDisable(!busy);
    stopButton.setDisable(!busy);
    steerField.setDisable(!busy);
    steerButton.setDisable(!busy);
    pauseButton.setText(busy && session.isPaused() ? "Resume" : "Pause");
    for (Node n : List.of(instruction, modelPicker, scriptEditor, targetThis, targetSandbox, openFirst)) {
      n.setDisable(busy);
    }
    targetVm.setDisable(true);
  }

  // ---- actions ----

  /** Starts a run of the task entry; the reason it cannot start, or empty when it started. */
  String start() {
    RunRequest r = request();
    if (running()) {
      return "a run is going";
    }
    if (!r.problem().isEmpty()) {
      return r.problem();
    }
    begin(r);
    return "";
  }

  private void begin(RunRequest r) {
    rows.clear();
    thought.setText("Waiting for the first decision…");
    thought.getStyleClass().add("empty");
    nextAction.setText("");
    live.mark(null, false);
    show(questionBox, false);
    show(pauseBanner, false);
    lastRequest = r;
    usageLabel.setText(r.model().isStepScript() ? "Offline policy · no tokens" : "Tokens: 0");
    session = window.newSession(r, new FxRunEvents(this));
    window.runStarted(r);
    session.start();
    refreshControls();
  }

  void togglePause() {
    if (!running() || resuming != null) {
      return;
    }
    if (session.isPaused()) {
      if (session.request().target() == Target.THIS_DESKTOP && !RESUME_GRACE.isZero()) {
        // The hand that clicked Resume is still on the mouse: give it time to let go, so that its
        // next move is not taken for another takeover.
        RunSession s = session;
        pauseText.setText("Resuming in " + RESUME_GRACE.toMillis() / 1000.0 + " s: take your hands off the mouse and keyboard.");
        window.compactBar().resuming();
        resuming = new javafx.animation.PauseTransition(javafx.util.Duration.millis(RESUME_GRACE.toMillis()));
        resuming.setOnFinished(e -> {
          resuming = null;
          if (s == session && s.isRunning() && s.isPaused()) {
            s.resume();
          }
          refreshControls();
        });
        resuming.play();
      } else {
        session.resume();
      }
    } else {
      session.pause("Paused by you. The agent waits before its next look or action.", false);
    }
    refreshControls();
  }

  void stop(String reason) {
    if (resuming != null) {
      resuming.stop();
      resuming = null;
    }
    if (session != null) {
      session.stop(reason); // also answers open consent questions with Deny
      if (session.isPaused()) {
        session.resume();
      }
      status("Stopping…");
    }
  }

  void steer() {
    String text = steerField.getText();
    if (text == null || text.isBlank() || !running()) {
      return;
    }
    session.steer(text);
    rows.add(new StepRow(StepRow.Kind.STEERING, 0, "You: " + text.strip(), "queued for the next decision", true));
    stepList.scrollTo(rows.size() - 1);
    steerField.clear();
  }

  private void answer() {
    String a = answerField.getText();
    if (a == null || a.isBlank()) {
      return;
    }
    show(questionBox, false);
    answerField.clear();
    if (running()) {
      session.steer("Answer to your question “" + lastQuestion + "”: " + a.strip());
      rows.add(new StepRow(StepRow.Kind.STEERING, 0, "You answered: " + a.strip(), "queued for the next decision", true));
      return;
    }
    if (lastRequest != null) {
      String follow = lastRequest.instruction() + "\n\nYou asked: " + lastQuestion + "\nThe person answered: " + a.strip();
      RunRequest r = new RunRequest(follow, lastRequest.model(), lastRequest.script(), lastRequest.target(), "",
          lastRequest.maxSteps(), lastRequest.timeout(), lastRequest.previewDelay());
      begin(r);
    }
  }

  /** Fills the task entry from the command line: a step script (picking the step script), a target. */
  void prefill(java.util.Optional<String> script, java.util.Optional<Target> target, String openFirstCommand) {
    script.ifPresent(text -> {
      modelPicker.setValue(modelPicker.getItems().getFirst());
      scriptEditor.setText(text);
    });
    target.ifPresent(t -> targets.selectToggle(t == Target.THIS_DESKTOP ? targetThis : targetSandbox));
    if (!openFirstCommand.isBlank()) {
      openFirst.setText(openFirstCommand);
    }
    refreshControls();
  }

  /** Fills the task entry for a replay of a recorded run and starts it. */
  void replay(String script, String title, Target target) {
    if (running()) {
      return;
    }
    instruction.setText("Replay: " + title);
    modelPicker.setValue(modelPicker.getItems().getFirst());
    scriptEditor.setText(script);
    targets.selectToggle(target == Target.THIS_DESKTOP ? targetThis : targetSandbox);
    refreshControls();
    start();
  }

  // ---- events (JavaFX thread) ----

  @Override
  public void status(String text) {
    window.status(text, running());
  }

  @Override
  public void frame(Screenshot screen) {
    live.show(FxImages.toFx(screen.image()), screen.mapping());
    live.mark(null, false);
  }

  /** A frame of the idle sandbox's live feed. */
  void liveFrame(Screenshot screen) {
    if (!running()) {
      live.show(FxImages.toFx(screen.image()), screen.mapping());
    }
  }

  @Override
  public void decided(int stepIndex, Decision decision) {
    thought.setText(decision.thought().isBlank() ? "(no thought given)" : decision.thought());
    thought.getStyleClass().remove("empty");
    stepsHeader.setText("Steps · deciding " + stepIndex);
  }

  @Override
  public void pendingAction(Action action, Screenshot on) {
    live.show(FxImages.toFx(on.image()), on.mapping());
    live.mark(action, false);
    nextAction.setText("Next: " + ActionText.describe(action));
    window.compactBar().next(ActionText.describe(action));
  }

  @Override
  public void actionDone(Action action, ActionResult result) {
    if (!result.ok()) {
      live.mark(action, true);
      nextAction.setText("Not done: " + ActionText.clip(result.error(), 60));
    } else {
      nextAction.setText("Did: " + ActionText.describe(action));
    }
  }

  @Override
  public void step(Step step) {
    String actions = step.decision().actions().isEmpty()
        ? "Looked again"
        : step.decision().actions().stream().map(ActionText::describe).collect(Collectors.joining(" · "));
    boolean ok = step.results().stream().allMatch(ActionResult::ok);
    String detail = step.decision().thought();
    if (!ok) {
      detail = step.results().stream().filter(r -> !r.ok()).map(ActionResult::error).findFirst().orElse("") + (detail.isBlank() ? "" : "\n" + detail);
    }
    rows.add(new StepRow(StepRow.Kind.STEP, step.index(), actions, detail, ok));
    stepList.scrollTo(rows.size() - 1);
    stepsHeader.setText("Steps · " + step.index());
    window.compactBar().step(step.index());
  }

  @Override
  public void steered(int stepIndex, String message) {
    for (int i = 0; i < rows.size(); i++) {
      StepRow r = rows.get(i);
      if (r.kind() == StepRow.Kind.STEERING && r.detail().startsWith("queued") && r.title().endsWith(message)) {
        rows.set(i, new StepRow(r.kind(), stepIndex, r.title(), "delivered to step " + stepIndex, true));
        return;
      }
    }
    rows.add(new StepRow(StepRow.Kind.STEERING, stepIndex, "You: " + message, "delivered to step " + stepIndex, true));
  }

  @Override
  public void usage(Usage total, OptionalDouble costUsd) {
    String tokens = String.format(Locale.ROOT, "Tokens: %,d in · %,d out", total.inputTokens(), total.outputTokens());
    String cost = costUsd.isPresent() ? String.format(Locale.ROOT, " · $%.4f", costUsd.getAsDouble()) : " · cost: set a price in Settings";
    usageLabel.setText(tokens + cost);
  }

  @Override
  public void paused(String reason, boolean takeover) {
    String resumeKey = AppSettings.displayChord(RESUME_CHORD);
    pauseTitle.setText(takeover ? RunSession.TOOK_OVER : "Paused");
    pauseText.setText(takeover
        ? "Deskpilot noticed your input: " + reason + ". It waits, and looks at the screen again when you resume"
            + " (Resume, or " + resumeKey + ")."
        : reason);
    pauseBanner.getStyleClass().remove("takeover");
    if (takeover) {
      pauseBanner.getStyleClass().add("takeover");
    }
    show(pauseBanner, true);
    window.compactBar().paused(true, takeover ? RunSession.TOOK_OVER : "Paused", takeover ? "Resume: " + resumeKey : "");
    window.status(takeover ? RunSession.TOOK_OVER : "Paused", true);
    refreshControls();
  }

  @Override
  public void stopRequested(String reason) {
    window.status("Stopping: " + reason, true);
    window.compactBar().stopping();
  }

  @Override
  public void warning(String text) {
    rows.add(new StepRow(StepRow.Kind.NOTE, 0, "Note", text, false));
    stepList.scrollTo(rows.size() - 1);
  }

  @Override
  public void resumed() {
    show(pauseBanner, false);
    window.compactBar().paused(false, "", "");
    window.status("Resumed", true);
    refreshControls();
  }

  @Override
  public void question(String text) {
    lastQuestion = text;
    questionText.setText(text);
    show(questionBox, true);
  }

  @Override
  public void outcome(Outcome outcome, Path runDir) {
    lastRunDir = runDir;
    String word = switch (outcome.status()) {
      case DONE -> "Done";
      case FAILED -> "Failed";
      case LIMIT -> "Limit reached";
      case STOPPED -> "Stopped";
      case ERROR -> "Error";
    };
    String line = word + " after " + outcome.steps() + (outcome.steps() == 1 ? " step" : " steps")
        + (outcome.reason().isBlank() ? "" : ": " + outcome.reason());
    rows.add(new StepRow(StepRow.Kind.NOTE, 0, word, line.substring(word.length()).replaceFirst("^ ", ""),
        outcome.status() == Outcome.Status.DONE));
    stepList.scrollTo(rows.size() - 1);
    stepsHeader.setText("Steps · " + word.toLowerCase(Locale.ROOT));
    show(pauseBanner, false);
    nextAction.setText("");
    live.mark(null, false);
    window.runEnded(line);
    finishSession();
  }

  @Override
  public void failedToStart(String why) {
    rows.add(new StepRow(StepRow.Kind.NOTE, 0, "Could not run", why, false));
    window.runEnded("Could not run: " + why);
    finishSession();
  }

  private void finishSession() {
    // The session's thread ends right after its last event; refresh once it has.
    RunSession s = session;
    Thread.ofVirtual().start(() -> {
      try {
        s.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      javafx.application.Platform.runLater(this::refreshControls);
    });
    refreshControls();
  }

  // ---- helpers ----

  static void show(Node n, boolean visible) {
    n.setVisible(visible);
    n.setManaged(visible);
  }

  private static Label fieldLabel(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("field-label");
    return l;
  }

  private static Region spacer(double h) {
    Region r = new Region();
    r.setMinHeight(h);
    return r;
  }

  static Label placeholder(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("placeholder");
    l.setWrapText(true);
    return l;
  }

  /** A model in the picker: its name, and a warning mark when it cannot run. */
  private static final class ModelCell extends ListCell<ModelChoice> {
    @Override
    protected void updateItem(ModelChoice m, boolean empty) {
      super.updateItem(m, empty);
      getStyleClass().remove("unavailable");
      if (empty || m == null) {
        setText(null);
        return;
      }
      setText(m.available() ? m.label() : m.label() + "  ·  key missing");
      if (!m.available()) {
        getStyleClass().add("unavailable");
      }
    }
  }

  /** A step: its number, what it did, its thought, and a mark for how it went. */
  private static final class StepCell extends ListCell<StepRow> {
    @Override
    protected void updateItem(StepRow r, boolean empty) {
      super.updateItem(r, empty);
      setText(null);
      if (empty || r == null) {
        setGraphic(null);
        return;
      }
      Label badge = new Label(switch (r.kind()) {
        case STEP -> String.valueOf(r.index());
        case STEERING -> "✎";
        case NOTE -> r.ok() ? "✓" : "!";
      });
      badge.getStyleClass().addAll("badge", r.kind().name().toLowerCase(Locale.ROOT), r.ok() ? "ok" : "bad");
      badge.setMinWidth(Region.USE_PREF_SIZE);
      Label title = new Label(r.title());
      title.getStyleClass().add("step-title");
      title.setWrapText(true);
      Label detail = new Label(ActionText.clip(r.detail(), 220));
      detail.getStyleClass().add("step-detail");
      detail.setWrapText(true);
      VBox text = new VBox(2, title, detail);
      show(detail, !r.detail().isBlank());
      if (getListView() != null) {
        text.prefWidthProperty().bind(getListView().widthProperty().subtract(64));
        text.maxWidthProperty().bind(getListView().widthProperty().subtract(64));
      }
      HBox box = new HBox(10, badge, text);
      box.setAlignment(Pos.TOP_LEFT);
      box.setPadding(new Insets(2, 0, 2, 0));
      setGraphic(box);
    }
  }
}
