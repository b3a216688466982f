package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.control.Consent;
import dev.deskpilot.agent.control.ConsentHandler;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.agent.provider.SafetyCheck;
import dev.deskpilot.agent.provider.SafetyCheckHandler;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import javafx.stage.Window;

/**
 * Asks the person about gated actions in a dialog: the screenshot with the action drawn where it
 * would happen, the gate's reason, and Allow once / Always allow for this run / Deny. The agent's
 * thread blocks on a future that the dialog's buttons complete on the JavaFX thread; {@link
 * #cancelAll()} (the run was stopped) answers every open question with Deny.
 */
final class FxConsentHandler implements ConsentHandler, SafetyCheckHandler {
  private final Supplier<Window> owner;
  private final Supplier<java.util.List<String>> stylesheets;
  private final Map<CompletableFuture<Consent>, Stage> open = new ConcurrentHashMap<>();

  FxConsentHandler(Supplier<Window> owner, Supplier<java.util.List<String>> stylesheets) {
    this.owner = owner;
    this.stylesheets = stylesheets;
  }

  @Override
  public Consent ask(Action action, Verdict verdict, Screenshot screen) {
    return await(Optional.of(action), verdict.reason(), verdict.rule(), screen, true);
  }

  /** A model provider's own safety check: Allow once or Deny. */
  @Override
  public boolean approve(SafetyCheck check) {
    String reason = check.message().isBlank() ? "The model's provider flagged its next action." : check.message();
    return await(Optional.empty(), reason, check.code().isBlank() ? "provider safety check" : check.code(), null, false)
        != Consent.DENY;
  }

  /** Answers every open question with Deny and closes the dialogs. */
  void cancelAll() {
    for (var f : open.keySet()) {
      f.complete(Consent.DENY);
    }
  }

  int openDialogs() {
    return open.size();
  }

  private Consent await(Optional<Action> action, String reason, String rule, Screenshot screen, boolean forRun) {
    if (Platform.isFxApplicationThread()) {
      throw new IllegalStateException("consent is asked on the agent's thread; the JavaFX thread must never block");
    }
    CompletableFuture<Consent> answer = new CompletableFuture<>();
    Image picture = screen == null ? null : FxImages.toFx(screen.image());
    ScreenMapping mapping = screen == null ? ScreenMapping.IDENTITY : screen.mapping();
    Platform.runLater(() -> show(answer, action, reason, rule, picture, mapping, forRun));
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      answer.complete(Consent.DENY);
      return Consent.DENY;
    } catch (ExecutionException e) {
      return Consent.DENY;
    }
  }

  private void show(CompletableFuture<Consent> answer, Optional<Action> action, String reason, String rule,
      Image picture, ScreenMapping mapping, boolean forRun) {
    if (answer.isDone()) {
      return;
    }
    Stage stage = new Stage(StageStyle.DECORATED);
    stage.setTitle("Deskpilot: approve this action?");
    Window w = owner.get();
    if (w != null && w.isShowing()) {
      stage.initOwner(w);
    }
    stage.setAlwaysOnTop(true);

    Label title = new Label(action.map(a -> "Allow: " + ActionText.describe(a) + "?").orElse("Allow the model's next action?"));
    title.getStyleClass().add("dialog-title");
    title.setId("consentAction");
    title.setWrapText(true);
    Label why = new Label(reason);
    why.setId("consentReason");
    why.getStyleClass().add("dialog-reason");
    why.setWrapText(true);
    Label ruleLabel = new Label("Safety rule: " + rule);
    ruleLabel.getStyleClass().add("muted");

    ScreenView view = new ScreenView("No screenshot for this question");
    view.setId("consentImage");
    view.show(picture, mapping);
    action.ifPresent(a -> view.mark(a, false));
    view.setPrefSize(640, 360);
    VBox.setVgrow(view, Priority.ALWAYS);

    Button once = new Button("Allow once");
    once.setId("allowOnceButton");
    once.getStyleClass().add("primary");
    once.setDefaultButton(true);
    Button always = new Button("Always allow for this run");
    always.setId("allowRunButton");
    always.setVisible(forRun);
    always.setManaged(forRun);
    Button deny = new Button("Deny");
    deny.setId("denyButton");
    deny.getStyleClass().add("danger");
    deny.setCancelButton(true);
    once.setOnAction(e -> answer.complete(Consent.ALLOW_ONCE));
    always.setOnAction(e -> answer.complete(Consent.ALLOW_FOR_RUN));
    deny.setOnAction(e -> answer.complete(Consent.DENY));
    stage.setOnCloseRequest(e -> answer.complete(Consent.DENY));
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox buttons = new HBox(10, deny, gap, always, once);
    buttons.setAlignment(Pos.CENTER_RIGHT);

    VBox text = new VBox(6, title, why, ruleLabel);
    BorderPane root = new BorderPane(view, text, null, buttons, null);
    BorderPane.setMargin(view, new Insets(14, 0, 14, 0));
    root.setPadding(new Insets(20));
    root.getStyleClass().addAll("dialog", "deskpilot");
    root.setId("consentDialog");
    Scene scene = new Scene(root, 720, 560);
    scene.getStylesheets().setAll(stylesheets.get());
    stage.setScene(scene);
    open.put(answer, stage);
    answer.whenComplete((c, t) -> Platform.runLater(() -> {
      open.remove(answer);
      stage.close();
    }));
    stage.show();
  }

  /** The open dialogs' root nodes (for screenshots in tests). */
  java.util.List<javafx.scene.Parent> dialogRoots() {
    return open.values().stream().map(s -> s.getScene().getRoot()).toList();
  }
}
