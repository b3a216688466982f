package dev.deskpilot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.agent.provider.internal.ActionReport;
import dev.deskpilot.agent.replay.StepJson;
import dev.deskpilot.perception.Perceiver;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.ScreenChange;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop reading a run through a real {@link Perceiver} (Tesseract): a click that does nothing is
 * recorded as such on its step, in steps.jsonl and in the next decision's history; a click that
 * opens a dialog is recorded with the dialog's text.
 */
class AgentScreenChangeTest {
  private static final Point NOWHERE = new Point(560, 360);
  private static final Point OPEN = new Point(70, 45);

  private final Perceiver perceiver = Perceiver.open(1);

  @AfterEach
  void close() {
    perceiver.close();
  }

  /** A window with an "Open" button; clicking it shows a line of dialog text, clicks elsewhere do nothing. */
  private static final class WindowDesktop implements Desktop {
    private boolean dialog;
    private int captures;

    @Override
    public synchronized Screenshot capture() {
      captures++;
      BufferedImage img = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, 640, 400);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
      g.drawString("Open", 40, 52);
      g.drawString("Notes", 200, 52);
      if (dialog) {
        g.drawString("Choose a file", 60, 220);
      }
      g.dispose();
      return new Screenshot(img, ScreenMapping.IDENTITY, Instant.EPOCH);
    }

    @Override
    public synchronized ActionResult perform(Action action) {
      if (action instanceof Action.Click c && c.at().equals(OPEN)) {
        dialog = true;
      }
      return ActionResult.success(1);
    }

    synchronized int captures() {
      return captures;
    }

    @Override
    public CommandResult run(Command command) {
      throw new UnsupportedOperationException("no commands");
    }

    @Override
    public void launch(Command command) {
      throw new UnsupportedOperationException("no commands");
    }

    @Override
    public byte[] readFile(String path) {
      throw new UnsupportedOperationException("no files");
    }

    @Override
    public void writeFile(String path, byte[] content) {
      throw new UnsupportedOperationException("no files");
    }

    @Override
    public void close() {}
  }

  @Test
  void aClickThatChangesNothingIsRecordedAsSuchAndTheNextDecisionKnows() {
    WindowDesktop desktop = new WindowDesktop();
    List<Step> steps = new ArrayList<>();
    ScriptedPolicy policy = new ScriptedPolicy(
        in -> Decision.of("click the empty space", Action.Click.left(NOWHERE)),
        in -> Decision.of("open the dialog", Action.Click.left(OPEN)),
        in -> Decision.of("done", new Action.Done()));

    Outcome outcome = Agent.builder(desktop, perceiver, policy).listener(steps::add).build().run("open a file");

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(steps).hasSize(3);
    Step nothing = steps.get(0);
    assertThat(nothing.changedNothing()).isTrue();
    assertThat(nothing.changeAfter()).get().extracting(ScreenChange::kind).isEqualTo(ScreenChange.Kind.NONE);
    ObjectNode json = StepJson.write(nothing);
    assertThat(json.at("/change_after/kind").asText()).isEqualTo("NONE");
    assertThat(json.at("/change_after/summary").asText()).isEqualTo("nothing changed on screen");

    Step opened = steps.get(1);
    assertThat(opened.changedNothing()).isFalse();
    ScreenChange change = opened.changeAfter().orElseThrow();
    assertThat(change.kind()).isEqualTo(ScreenChange.Kind.CHANGED);
    assertThat(change.textAppeared()).containsExactly("Choose a file");
    assertThat(StepJson.write(opened).at("/change_after/summary").asText()).contains("new text \"Choose a file\"");

    assertThat(steps.get(2).changeAfter()).as("the run ended: no look after DONE").isEmpty();
    assertThat(steps.get(2).screenText()).contains("Choose a file");

    // the decision after the idle click was told so
    PolicyInput second = policy.inputs().get(1);
    assertThat(ActionReport.of(steps.get(0).decision(), second.history()).effect())
        .contains(ActionReport.NOTHING_CHANGED);
    // the look after each step is the next step's frame: one capture per step, no more
    assertThat(desktop.captures()).isEqualTo(3);
  }

  @Test
  void aNewRunComparesItsFirstFrameWithNothing() {
    WindowDesktop desktop = new WindowDesktop();
    List<Step> steps = new ArrayList<>();
    ScriptedPolicy policy = new ScriptedPolicy(in -> Decision.of("done", new Action.Done()));
    Agent agent = Agent.builder(desktop, perceiver, policy).listener(steps::add).build();
    agent.run("look once");
    agent.run("look again");
    assertThat(steps).hasSize(2);
    assertThat(steps.get(1).observation().change().kind())
        .as("the second run's first frame is not compared with the first run's last")
        .isEqualTo(ScreenChange.Kind.NOT_COMPARED);
  }
}
