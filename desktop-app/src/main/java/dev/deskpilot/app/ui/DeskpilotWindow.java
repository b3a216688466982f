package dev.deskpilot.app.ui;

import dev.deskpilot.agent.control.SafetyGate;
import dev.deskpilot.perception.Rect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * The app's main window: a top bar (the three screens, the kill-switch key, the theme), the Run,
 * History and Settings screens, and a status line. Owns the {@link Workspace} (sandbox, OCR) and the
 * consent dialogs; lives on the JavaFX thread.
 */
final class DeskpilotWindow {
  private final Stage stage;
  private final AppContext context;
  private AppSettings settings;
  private final Workspace workspace;
  private final FxConsentHandler consent;
  private final CompactBar compactBar;
  private final BorderPane root = new BorderPane();
  private final StackPane content = new StackPane();
  final ToggleButton navRun = new ToggleButton("Run");
  final ToggleButton navHistory = new ToggleButton("History");
  final ToggleButton navSettings = new ToggleButton("Settings");
  final Label killSwitchHint = new Label();
  final Button themeToggle = new Button();
  final Label statusDot = new Label("●");
  final Label statusLabel = new Label("Ready");
  final Label envLabel = new Label("");
  final RunView runView;
  private HistoryView historyView;
  private SettingsView settingsView;
  private volatile List<Rect> ownWindows = List.of();
  private String settingsProblem = "";
  private java.io.PrintStream eventLog;
  private Runnable afterRun = () -> {};

  private DeskpilotWindow(Stage stage, AppContext context) {
    this.stage = stage;
    this.context = context;
    AppLauncher.trace("building the window");
    try {
      this.settings = context.settingsFile().load();
    } catch (IllegalArgumentException e) {
      this.settings = AppSettings.defaults();
      this.settingsProblem = e.getMessage() + " (using defaults until you save)";
    }
    this.workspace = new Workspace(context.sandboxes(), this::ownWindowRects);
    this.consent = new FxConsentHandler(() -> compactBar().isShowing() ? compactBar().stage() : stage, this::stylesheets);
    this.compactBar = new CompactBar(this::stylesheets, this::pauseFromBar, this::stopFromBar);
    AppLauncher.trace("settings read");
    this.runView = new RunView(this);
    AppLauncher.trace("views built");
    build();
    AppLauncher.trace("scene built");
    workspace.onLiveFrame(shot -> Platform.runLater(() -> runView.liveFrame(shot)));
  }

  private void pauseFromBar() {
    runView.togglePause();
  }

  private void stopFromBar() {
    runView.stop("stopped from the bar");
  }

  /** Builds the window on {@code stage} and shows it (JavaFX thread). */
  static DeskpilotWindow open(Stage stage, AppContext context) {
    DeskpilotWindow w = new DeskpilotWindow(stage, context);
    stage.show();
    return w;
  }

  /** The style sheets of a theme: the app's styles, then the theme's colours. */
  static List<String> stylesheets(AppSettings.Theme theme) {
    String sheet = theme == AppSettings.Theme.DARK ? "theme-dark.css" : "theme-light.css";
    return List.of(DeskpilotWindow.class.getResource("deskpilot.css").toExternalForm(),
        DeskpilotWindow.class.getResource(sheet).toExternalForm());
  }

  /** The style sheets of the current theme, for every window of the app. */
  List<String> stylesheets() {
    return stylesheets(settings.theme());
  }

  private void build() {
    Label logo = new Label("◆");
    logo.getStyleClass().add("logo-mark");
    Label name = new Label("Deskpilot");
    name.getStyleClass().add("logo-text");
    ToggleGroup nav = new ToggleGroup();
    navRun.setId("navRun");
    navHistory.setId("navHistory");
    navSettings.setId("navSettings");
    for (ToggleButton b : List.of(navRun, navHistory, navSettings)) {
      b.setToggleGroup(nav);
      b.getStyleClass().add("nav");
    }
    nav.selectedToggleProperty().addListener((o, a, b) -> {
      if (b == null) {
        nav.selectToggle(a);
        return;
      }
      if (b == navRun) {
        showContent(runView.node());
      } else if (b == navHistory) {
        historyView().refresh();
        showContent(historyView().node());
      } else {
        settingsView().load();
        showContent(settingsView().node());
      }
    });
    HBox navBox = new HBox(4, navRun, navHistory, navSettings);
    navBox.getStyleClass().add("nav-box");
    killSwitchHint.setId("killSwitchHint");
    killSwitchHint.getStyleClass().add("keycap");
    Label killTitle = new Label("Kill switch");
    killTitle.getStyleClass().add("muted");
    themeToggle.setId("themeToggle");
    themeToggle.getStyleClass().add("icon-button");
    themeToggle.setOnAction(e -> setTheme(settings.theme() == AppSettings.Theme.DARK ? AppSettings.Theme.LIGHT : AppSettings.Theme.DARK));
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox brand = new HBox(8, logo, name);
    brand.setAlignment(Pos.CENTER_LEFT);
    brand.setMinWidth(Region.USE_PREF_SIZE);
    HBox top = new HBox(24, brand, navBox, gap, killTitle, killSwitchHint, themeToggle);
    top.setAlignment(Pos.CENTER_LEFT);
    top.getStyleClass().add("top-bar");

    statusDot.setId("statusDot");
    statusDot.getStyleClass().addAll("status-dot", "idle");
    statusLabel.setId("statusLabel");
    envLabel.setId("envLabel");
    envLabel.getStyleClass().add("muted");
    Region sgap = new Region();
    HBox.setHgrow(sgap, Priority.ALWAYS);
    HBox status = new HBox(8, statusDot, statusLabel, sgap, envLabel);
    status.setAlignment(Pos.CENTER_LEFT);
    status.getStyleClass().add("status-bar");

    root.setTop(top);
    root.setCenter(content);
    root.setBottom(status);
    root.getStyleClass().addAll("app", "deskpilot");
    root.setId("appRoot");
    Scene scene = new Scene(root, 1360, 860);
    stage.setScene(scene);
    stage.setTitle("Deskpilot");
    stage.setMinWidth(1080);
    stage.setMinHeight(680);
    navRun.setSelected(true);
    applySettings();
    if (!settingsProblem.isEmpty()) {
      status(settingsProblem, false);
    }
    for (var prop : List.of(stage.xProperty(), stage.yProperty(), stage.widthProperty(), stage.heightProperty())) {
      prop.addListener((o, a, b) -> ownWindows = collectOwnWindows());
    }
    stage.showingProperty().addListener((o, a, b) -> ownWindows = collectOwnWindows());
  }

  private void showContent(Node n) {
    content.getChildren().setAll(n);
  }

  /** Applies settings to what shows them: theme, kill-switch key, accelerators, model list. */
  private void applySettings() {
    for (Window w : Window.getWindows()) {
      if (w.getScene() != null && (w == stage || w.getScene().getRoot().getStyleClass().contains("deskpilot"))) {
        w.getScene().getStylesheets().setAll(stylesheets());
      }
    }
    stage.getScene().getStylesheets().setAll(stylesheets());
    themeToggle.setText(settings.theme() == AppSettings.Theme.DARK ? "☀ Light" : "☾ Dark");
    killSwitchHint.setText(AppSettings.displayChord(settings.killSwitch()));
    Scene scene = stage.getScene();
    scene.getAccelerators().clear();
    accelerator(settings.killSwitch(), () -> runView.stop("stopped with the kill switch"));
    accelerator(settings.pauseKey(), runView::togglePause);
    runView.reloadModels();
  }

  private void accelerator(String chord, Runnable action) {
    try {
      String fx = AppSettings.displayChord(chord).replace("Super", "Meta");
      stage.getScene().getAccelerators().put(KeyCombination.valueOf(fx), action);
    } catch (IllegalArgumentException e) {
      status("The hotkey " + chord + " cannot be used inside the window: " + e.getMessage(), false);
    }
  }

  void setTheme(AppSettings.Theme theme) {
    updateSettings(settings.withTheme(theme));
  }

  AppSettings settings() {
    return settings;
  }

  /** The History screen, built when first shown (keeps startup short). */
  HistoryView historyView() {
    if (historyView == null) {
      historyView = new HistoryView(this);
    }
    return historyView;
  }

  /** The Settings screen, built when first shown. */
  SettingsView settingsView() {
    if (settingsView == null) {
      settingsView = new SettingsView(this);
    }
    return settingsView;
  }

  AppContext context() {
    return context;
  }

  /** Saves new settings and applies them. */
  void updateSettings(AppSettings s) {
    settings = s;
    try {
      context.settingsFile().save(s);
    } catch (IOException e) {
      status("Could not save settings: " + e.getMessage(), false);
    }
    applySettings();
  }

  void rememberModel(String id) {
    if (!id.equals(settings.lastModel())) {
      settings = settings.withLastModel(id);
      try {
        context.settingsFile().save(settings);
      } catch (IOException e) {
        status("Could not save settings: " + e.getMessage(), false);
      }
    }
  }

  /** The environment the providers read keys from: the process environment plus the key file. */
  Map<String, String> keyEnvironment() {
    try {
      return context.keyFile().environment(context.processEnv());
    } catch (IllegalStateException e) {
      status(e.getMessage(), false);
      return context.processEnv();
    }
  }

  Path resultsRoot() {
    return context.resultsOverride().orElse(settings.resultsPath());
  }

  FxConsentHandler consent() {
    return consent;
  }

  CompactBar compactBar() {
    return compactBar;
  }

  Workspace workspace() {
    return workspace;
  }

  Stage stage() {
    return stage;
  }

  Scene scene() {
    return stage.getScene();
  }

  /** Prints every run's events on {@code out} ({@link RunEventLog}). */
  void logEventsTo(java.io.PrintStream out) {
    eventLog = out;
  }

  /** Runs {@code r} on the JavaFX thread after each run has ended and the window shows it. */
  void afterEachRun(Runnable r) {
    afterRun = r;
  }

  RunSession newSession(RunRequest r, RunEvents events) {
    SafetyGate gate = context.gateOverride().orElseGet(() -> AppSafety.gate(settings));
    RunSession.Services services = new RunSession.Services(workspace, resultsRoot(), keyEnvironment(), gate,
        consent, consent, settings, context.inputHook(), consent::cancelAll);
    return new RunSession(r, services, eventLog == null ? events : new RunEventLog(events, eventLog, this));
  }

  /** A run began: compact mode on this desktop, a busy status line. */
  void runStarted(RunRequest r) {
    status("Starting: " + r.model().label() + " on " + r.target().label().toLowerCase(java.util.Locale.ROOT), true);
    if (r.target() == Target.THIS_DESKTOP) {
      stage.hide();
      compactBar.show(settings.killSwitch());
      ownWindows = collectOwnWindows();
      if (eventLog != null) {
        Stage bar = compactBar.stage();
        synchronized (eventLog) {
          eventLog.println(RunEventLog.PREFIX + System.nanoTime() + " compact-bar " + (int) bar.getX() + " " + (int) bar.getY()
              + " " + (int) bar.getWidth() + " " + (int) bar.getHeight() + " main-window-showing=" + stage.isShowing());
          eventLog.flush();
        }
      }
      compactBar.stage().xProperty().addListener((o, a, b) -> ownWindows = collectOwnWindows());
      compactBar.stage().yProperty().addListener((o, a, b) -> ownWindows = collectOwnWindows());
    }
  }

  void runEnded(String line) {
    status(line, false);
    if (compactBar.isShowing()) {
      compactBar.hide();
      stage.show();
      ownWindows = collectOwnWindows();
    }
    workspace.sandboxDescription().ifPresent(envLabel::setText);
    afterRun.run();
  }

  void status(String text, boolean busy) {
    statusLabel.setText(text);
    statusDot.getStyleClass().removeAll("busy", "idle");
    statusDot.getStyleClass().add(busy ? "busy" : "idle");
    workspace.sandboxDescription().ifPresent(envLabel::setText);
  }

  /**
   * The screen rectangles of the app's showing windows, for masking; safe from any thread (the
   * agent's thread asks the JavaFX thread, waiting at most half a second, else uses the last known).
   */
  List<Rect> ownWindowRects() {
    if (Platform.isFxApplicationThread()) {
      return collectOwnWindows();
    }
    CompletableFuture<List<Rect>> f = new CompletableFuture<>();
    Platform.runLater(() -> f.complete(collectOwnWindows()));
    try {
      List<Rect> r = f.get(500, TimeUnit.MILLISECONDS);
      ownWindows = r;
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ownWindows;
    } catch (ExecutionException | TimeoutException e) {
      return ownWindows;
    }
  }

  private static List<Rect> collectOwnWindows() {
    List<Rect> out = new ArrayList<>();
    for (Window w : Window.getWindows()) {
      if (w.isShowing()) {
        out.add(new Rect((int) Math.floor(w.getX()), (int) Math.floor(w.getY()),
            (int) Math.ceil(w.getWidth()), (int) Math.ceil(w.getHeight())));
      }
    }
    return List.copyOf(out);
  }

  /** Stops any run, closes the sandbox and the OCR engine. */
  void shutdown() {
    RunSession s = runView.session();
    if (s != null && s.isRunning()) {
      runView.stop("the app is closing");
      try {
        s.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    compactBar.hide();
    workspace.close();
  }

  /** Saves a PNG of the window's content (tests, documentation). */
  void savePng(Path file) {
    try {
      FxImages.savePng(root, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  javafx.scene.Parent root() {
    return root;
  }
}
