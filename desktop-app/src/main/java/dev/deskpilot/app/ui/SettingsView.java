package dev.deskpilot.app.ui;

import dev.deskpilot.agent.provider.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Settings screen: appearance, models and their keys, hotkeys, safety, screenshots, limits,
 * the results folder and prices. Saving builds a new immutable {@link AppSettings} (one clear line
 * when a value is wrong) and writes it as JSON; keys go to the 0600 key file, never the JSON.
 */
final class SettingsView {
  private final DeskpilotWindow window;
  private final javafx.scene.layout.BorderPane root;
  final ComboBox<AppSettings.Theme> themePicker = new ComboBox<>();
  final TextArea modelsArea = new TextArea();
  final VBox keyRows = new VBox(8);
  final Map<String, PasswordField> keyFields = new LinkedHashMap<>();
  final Map<String, Label> keyStates = new LinkedHashMap<>();
  final TextField killSwitchField = new TextField();
  final TextField pauseKeyField = new TextField();
  final ComboBox<AppSettings.SafetyLevel> safetyPicker = new ComboBox<>();
  final TextField allowedAppsField = new TextField();
  final TextField allowedDomainsField = new TextField();
  final Slider scaleSlider = new Slider(0.25, 1.0, 1.0);
  final Label scaleValue = new Label();
  final Spinner<Integer> maxSteps = new Spinner<>(1, 500, 30);
  final Spinner<Integer> timeoutMinutes = new Spinner<>(1, 600, 15);
  final Spinner<Integer> previewDelay = new Spinner<>(0, 10_000, 600, 100);
  final TextField resultsDirField = new TextField();
  final TextArea pricesArea = new TextArea();
  final Button saveButton = new Button("Save settings");
  final Label message = new Label();
  final ScrollPane scroll;

  SettingsView(DeskpilotWindow window) {
    this.window = window;
    themePicker.setId("themePicker");
    themePicker.getItems().setAll(AppSettings.Theme.values());
    themePicker.setConverter(new javafx.util.StringConverter<>() {
      @Override
      public String toString(AppSettings.Theme t) {
        return t == null ? "" : t == AppSettings.Theme.DARK ? "Dark" : "Light";
      }

      @Override
      public AppSettings.Theme fromString(String s) {
        return null;
      }
    });
    modelsArea.setId("modelsArea");
    modelsArea.getStyleClass().add("code");
    modelsArea.setPrefRowCount(4);
    killSwitchField.setId("killSwitchField");
    pauseKeyField.setId("pauseKeyField");
    safetyPicker.setId("safetyPicker");
    safetyPicker.getItems().setAll(AppSettings.SafetyLevel.values());
    safetyPicker.setConverter(new javafx.util.StringConverter<>() {
      @Override
      public String toString(AppSettings.SafetyLevel l) {
        return l == null ? "" : l.label();
      }

      @Override
      public AppSettings.SafetyLevel fromString(String s) {
        return null;
      }
    });
    allowedAppsField.setId("allowedAppsField");
    allowedAppsField.setPromptText("any (e.g. mousepad, xterm, galculator)");
    allowedDomainsField.setId("allowedDomainsField");
    allowedDomainsField.setPromptText("any (e.g. example.com, wikipedia.org)");
    scaleSlider.setId("scaleSlider");
    scaleSlider.valueProperty().addListener((o, a, b) -> scaleValue.setText(scaleText(b.doubleValue())));
    maxSteps.setId("maxStepsField");
    timeoutMinutes.setId("timeoutField");
    previewDelay.setId("previewDelayField");
    for (Spinner<Integer> s : List.of(maxSteps, timeoutMinutes, previewDelay)) {
      s.setEditable(true);
      s.setPrefWidth(130);
    }
    resultsDirField.setId("resultsDirField");
    pricesArea.setId("pricesArea");
    pricesArea.getStyleClass().add("code");
    pricesArea.setPrefRowCount(3);
    pricesArea.setPromptText("anthropic:claude-sonnet-4-5 = 3.00 / 15.00");
    saveButton.setId("saveSettingsButton");
    saveButton.getStyleClass().add("primary");
    saveButton.setOnAction(e -> save());
    message.setId("settingsMessage");
    message.setWrapText(true);

    Label title = new Label("Settings");
    title.getStyleClass().add("panel-title");
    HBox scaleRow = new HBox(12, scaleSlider, scaleValue);
    scaleRow.setAlignment(Pos.CENTER_LEFT);
    HBox.setHgrow(scaleSlider, Priority.ALWAYS);
    HBox saveRow = new HBox(12, saveButton, message);
    saveRow.setAlignment(Pos.CENTER_LEFT);

    VBox page = new VBox(18,
        title,
        section("Appearance", grid(row("Theme", themePicker, null))),
        section("Models and keys", grid(
            row("Models", modelsArea, "One model spec a line: openai:<model>, anthropic:<model>, openai-compat:<url>#<model>. The offline step script is always offered."),
            row("API keys", keyRows, "A key from the environment wins. Keys saved here go to " + window.context().keyFile().file() + " (readable only by you)."))),
        section("Hotkeys", grid(
            row("Kill switch", killSwitchField, "Stops the run at once, from anywhere on this desktop, whatever has the focus"
                + " (default ctrl+shift+escape)."),
            row("Pause / resume", pauseKeyField, "Inside Deskpilot's window. While Deskpilot drives this desktop, touching the"
                + " mouse or keyboard pauses it; " + AppSettings.displayChord(RunView.RESUME_CHORD) + " resumes."))),
        section("Safety", grid(
            row("Ask me", safetyPicker, "Gated actions wait for you in a dialog showing the action on the screen."
                + " Destructive shell commands (rm -r, mkfs, dd onto a disk, …) are always refused."),
            row("Allowed apps", allowedAppsField, "Programs a command typed at a shell prompt may start without asking;"
                + " comma-separated, empty allows any."),
            row("Allowed domains", allowedDomainsField, "Sites a typed address may go to without asking (subdomains included);"
                + " comma-separated, empty allows any."))),
        section("Screenshots and limits", grid(
            row("Screenshot scale", scaleRow, "The share of the screen's size sent to a model; 100% keeps the provider's own default."),
            row("Step limit", maxSteps, null),
            row("Time limit (minutes)", timeoutMinutes, null),
            row("Preview delay (ms)", previewDelay, "How long the next action is shown on the screen before it happens."))),
        section("Results and prices", grid(
            row("Results folder", resultsDirField, "Runs are recorded in OSWorld's layout under results/app/…; History reads the whole folder."),
            row("Prices", pricesArea, "USD per million tokens: <model spec> = <input> / <output>"))));
    page.getStyleClass().add("settings-page");
    page.setMaxWidth(900);
    VBox center = new VBox(page);
    center.setAlignment(Pos.TOP_CENTER);
    center.getStyleClass().add("settings-outer");
    scroll = new ScrollPane(center);
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add("settings-scroll");
    saveRow.getStyleClass().add("save-bar");
    root = new javafx.scene.layout.BorderPane(scroll, null, null, saveRow, null);
  }

  Node node() {
    return root;
  }

  /** Shows the current settings and key states. */
  void load() {
    AppSettings s = window.settings();
    themePicker.setValue(s.theme());
    modelsArea.setText(String.join("\n", s.models()));
    killSwitchField.setText(s.killSwitch());
    pauseKeyField.setText(s.pauseKey());
    safetyPicker.setValue(s.safety());
    allowedAppsField.setText(String.join(", ", s.allowedApps()));
    allowedDomainsField.setText(String.join(", ", s.allowedDomains()));
    scaleSlider.setValue(s.screenshotScale());
    scaleValue.setText(scaleText(s.screenshotScale()));
    maxSteps.getValueFactory().setValue(s.maxSteps());
    timeoutMinutes.getValueFactory().setValue(s.timeoutMinutes());
    previewDelay.getValueFactory().setValue(s.previewDelayMs());
    resultsDirField.setText(s.resultsDir());
    StringBuilder prices = new StringBuilder();
    s.prices().forEach((m, p) -> prices.append(m).append(" = ").append(p.input()).append(" / ").append(p.output()).append('\n'));
    pricesArea.setText(prices.toString().strip());
    buildKeyRows();
    message.setText(window.context().resultsOverride().isPresent()
        ? "This session records to " + window.resultsRoot() + " (given on the command line)."
        : "");
    message.getStyleClass().remove("error-text");
  }

  private void buildKeyRows() {
    keyRows.getChildren().clear();
    keyFields.clear();
    keyStates.clear();
    Map<String, String> stored;
    String fileProblem = "";
    try {
      stored = window.context().keyFile().load();
    } catch (IllegalStateException e) {
      stored = Map.of();
      fileProblem = e.getMessage();
    }
    for (ModelSpec.Provider p : ModelSpec.Provider.values()) {
      String var = p.keyVariable();
      String env = window.context().processEnv().get(var);
      Label name = new Label(var);
      name.getStyleClass().add("mono");
      name.setMinWidth(200);
      Label state = new Label();
      state.setId("keyState_" + var);
      state.getStyleClass().add("chip");
      state.setMinWidth(130);
      state.setAlignment(Pos.CENTER);
      if (env != null && !env.isBlank()) {
        state.setText("from environment");
        state.getStyleClass().add("good");
      } else if (stored.containsKey(var)) {
        state.setText("stored");
        state.getStyleClass().add("good");
      } else {
        state.setText(p.requiresKey() ? "missing" : "optional");
        state.getStyleClass().add(p.requiresKey() ? "bad" : "neutral");
      }
      PasswordField field = new PasswordField();
      field.setId("key_" + var);
      field.setPromptText(stored.containsKey(var) ? "•••••••• (stored; type to replace, empty + Save key removes)" : "paste a key");
      HBox.setHgrow(field, Priority.ALWAYS);
      Button saveKey = new Button("Save key");
      saveKey.setId("saveKey_" + var);
      saveKey.setOnAction(e -> saveKey(var, field.getText()));
      HBox row = new HBox(10, name, field, state, saveKey);
      row.setAlignment(Pos.CENTER_LEFT);
      keyRows.getChildren().add(row);
      keyFields.put(var, field);
      keyStates.put(var, state);
    }
    if (!fileProblem.isEmpty()) {
      Label warn = new Label(fileProblem);
      warn.getStyleClass().add("warning-text");
      warn.setWrapText(true);
      keyRows.getChildren().add(warn);
    }
  }

  void saveKey(String variable, String value) {
    try {
      window.context().keyFile().store(variable, value);
      setMessage((value == null || value.isBlank() ? "Removed " : "Saved ") + variable + " in " + window.context().keyFile().file(), false);
      buildKeyRows();
      window.runView.reloadModels();
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      setMessage("Key not saved: " + e.getMessage(), true);
    }
  }

  /** Builds settings from the form and saves them; false (with a message) when a value is wrong. */
  boolean save() {
    try {
      List<String> models = modelsArea.getText().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
      AppSettings current = window.settings();
      AppSettings s = new AppSettings(
          themePicker.getValue(), models, current.lastModel(), killSwitchField.getText().strip(),
          pauseKeyField.getText().strip(), safetyPicker.getValue(), words(allowedAppsField.getText()),
          words(allowedDomainsField.getText()), Math.round(scaleSlider.getValue() * 100) / 100.0,
          maxSteps.getValue(), timeoutMinutes.getValue(), previewDelay.getValue(), resultsDirField.getText().strip(),
          parsePrices(pricesArea.getText()));
      window.updateSettings(s);
      setMessage("Saved to " + window.context().settingsFile().file(), false);
      return true;
    } catch (IllegalArgumentException e) {
      setMessage("Not saved: " + e.getMessage(), true);
      return false;
    }
  }

  /** A comma- or space-separated list. */
  static List<String> words(String text) {
    return text == null ? List.of() : java.util.Arrays.stream(text.split("[,\\s]+")).filter(w -> !w.isBlank()).toList();
  }

  static Map<String, AppSettings.Price> parsePrices(String text) {
    Map<String, AppSettings.Price> out = new LinkedHashMap<>();
    int n = 0;
    for (String line : text.lines().toList()) {
      n++;
      String l = line.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      int eq = l.lastIndexOf('=');
      String[] io = eq < 0 ? new String[0] : l.substring(eq + 1).split("/");
      if (eq <= 0 || io.length != 2) {
        throw new IllegalArgumentException("prices line " + n + " '" + l + "': expected <model spec> = <input> / <output>");
      }
      try {
        String spec = ModelSpec.parse(l.substring(0, eq).strip()).toString();
        out.put(spec, new AppSettings.Price(Double.parseDouble(io[0].strip()), Double.parseDouble(io[1].strip())));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("prices line " + n + " '" + l + "': prices must be numbers");
      }
    }
    return out;
  }

  private void setMessage(String text, boolean error) {
    message.setText(text);
    message.getStyleClass().remove("error-text");
    if (error) {
      message.getStyleClass().add("error-text");
    }
  }

  private static String scaleText(double v) {
    return String.format(Locale.ROOT, "%d%%", Math.round(v * 100));
  }

  private record Row(String label, Node field, String help) {}

  private static Row row(String label, Node field, String help) {
    return new Row(label, field, help);
  }

  private static GridPane grid(Row... rows) {
    GridPane g = new GridPane();
    g.setHgap(18);
    g.setVgap(6);
    ColumnConstraints c0 = new ColumnConstraints(170);
    c0.setHalignment(HPos.LEFT);
    ColumnConstraints c1 = new ColumnConstraints();
    c1.setHgrow(Priority.ALWAYS);
    c1.setFillWidth(true);
    g.getColumnConstraints().addAll(c0, c1);
    int r = 0;
    for (Row row : rows) {
      Label l = new Label(row.label());
      l.getStyleClass().add("form-label");
      g.add(l, 0, r);
      GridPane.setValignment(l, javafx.geometry.VPos.TOP);
      g.add(row.field(), 1, r++);
      if (row.help() != null) {
        Label h = new Label(row.help());
        h.getStyleClass().add("hint");
        h.setWrapText(true);
        g.add(h, 1, r++);
      }
      javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
      gap.setMinHeight(6);
      g.add(gap, 1, r++);
    }
    return g;
  }

  private static Node section(String title, Node body) {
    Label t = new Label(title);
    t.getStyleClass().add("section-title");
    VBox box = new VBox(12, t, body);
    box.getStyleClass().add("card");
    return box;
  }

}
