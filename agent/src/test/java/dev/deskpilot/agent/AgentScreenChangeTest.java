package dev.deskpilot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.provider.internal.ActionReport;
import dev.deskpilot.agent.replay.StepJson;
import dev.deskpilot.perception.Perceiver;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.ScreenChange;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The loop reading a run through a real {@link Perceiver} (Tesseract): a click that does nothing is
 * recorded as such on its step, in steps.jsonl and in the next decision's history; a click that
 * adds a line of text is recorded with that text.
 */
class AgentScreenChangeTest {
  private static final Point NOWHERE = new Point(600, 600);
  private static final Point OPEN = new Point(230, 152);

  private final Perceiver perceiver = Perceiver.open(1);

  @AfterEach
  void close() {
    perceiver.close();
  }

  /**
   * Mousepad's real screen (a fixture); a click on {@link #OPEN} copies the line "Call the dentist
   * on Tuesday morning" into the empty part of the document (new text appears), clicks elsewhere
   * do nothing.
   */
  private static class WindowDesktop extends ScreenOnlyDesktop {
    private final BufferedImage screen;
    private int captures;

    WindowDesktop() {
      try (var in = AgentScreenChangeTest.class.getResourceAsStream("/screens/mousepad.png")) {
        BufferedImage png = ImageIO.read(in);
        screen = new BufferedImage(png.getWidth(), png.getHeight(), BufferedImage.TYPE_INT_RGB);
        screen.setRGB(0, 0, png.getWidth(), png.getHeight(), png.getRGB(0, 0, png.getWidth(), png.getHeight(), null, 0, png.getWidth()), 0, png.getWidth());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public synchronized Screenshot capture() {
      captures++;
      BufferedImage copy = new BufferedImage(screen.getWidth(), screen.getHeight(), BufferedImage.TYPE_INT_RGB);
      copy.setRGB(0, 0, screen.getWidth(), screen.getHeight(),
          screen.getRGB(0, 0, screen.getWidth(), screen.getHeight(), null, 0, screen.getWidth()), 0, screen.getWidth());
      return new Screenshot(copy, ScreenMapping.IDENTITY, Instant.EPOCH);
    }

    @Override
    public synchronized ActionResult perform(Action action) {
      if (action instanceof Action.Click c && c.at().equals(OPEN)) {
        // the line at (205,207 313x14), with a margin, copied 200 px down onto blank paper
        int[] line = screen.getRGB(201, 203, 322, 22, null, 0, 322);
        screen.setRGB(201, 403, 322, 22, line, 0, 322);
      }
      return ActionResult.success(1);
    }

    synchronized int captures() {
      return captures;
    }

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
    assertThat(change.textAppeared()).containsExactly("Call the dentist on Tuesday morning");
    assertThat(StepJson.write(opened).at("/change_after/summary").asText()).contains("new text \"Call the dentist on Tuesday morning\"");

    assertThat(steps.get(2).changeAfter()).as("the run ended: no look after DONE").isEmpty();
    assertThat(steps.get(2).screenText()).contains("Shopping");

    // the decision after the idle click was told so
    PolicyInput second = policy.inputs().get(1);
    assertThat(ActionReport.of(steps.get(0).decision(), second.history()).effect())
        .contains(ActionReport.NOTHING_CHANGED);
    // the look after each step is the next step's frame; "nothing changed" was looked at 1 + 2
    // times (apps draw late), the change after the second click was seen at once: 1 + 3 + 1
    assertThat(desktop.captures()).isEqualTo(1 + (1 + Agent.SETTLE_LOOKS) + 1);
  }

  @Test
  void aPauseBetweenStepsMakesTheNextStepLookAnew() {
    WindowDesktop desktop = new WindowDesktop();
    List<Step> steps = new ArrayList<>();
    List<String> pauses = new ArrayList<>();
    dev.deskpilot.agent.control.RunControl control = new dev.deskpilot.agent.control.RunControl();
    ScriptedPolicy policy = new ScriptedPolicy(
        in -> Decision.of("click the empty space", Action.Click.left(NOWHERE)),
        in -> Decision.of("done", new Action.Done()));
    StepListener listener = new StepListener() {
      @Override
      public void onStep(Step step) {
        steps.add(step);
        if (step.index() == 1) {
          control.pause("the person looks"); // between step 1 (and its look) and step 2
        }
      }

      @Override
      public void onPause(String reason) {
        pauses.add(reason);
        control.resume();
      }
    };
    Outcome outcome = Agent.builder(desktop, perceiver, policy).listener(listener).control(control).build().run("t");

    assertThat(outcome.status()).isEqualTo(Outcome.Status.DONE);
    assertThat(pauses).containsExactly("the person looks");
    assertThat(steps.getFirst().changedNothing()).isTrue();
    // step 1, the looks after it (dropped: the person may have changed the screen), step 2 anew
    assertThat(desktop.captures()).isEqualTo(1 + (1 + Agent.SETTLE_LOOKS) + 1);
  }

  /** A desktop whose click shows its effect only on the second capture after it (an app drawing late). */
  @Test
  void aChangeDrawnLateIsSeenBeforeTheStepSaysNothingChanged() {
    WindowDesktop late = new WindowDesktop() {
      private int clicked = -1;

      @Override
      public synchronized ActionResult perform(Action action) {
        clicked = captures();
        return ActionResult.success(1);
      }

      @Override
      public synchronized Screenshot capture() {
        if (clicked >= 0 && captures() == clicked + 1) {
          super.perform(Action.Click.left(OPEN)); // drawn now, after the first look
        }
        return super.capture();
      }
    };
    List<Step> steps = new ArrayList<>();
    ScriptedPolicy policy = new ScriptedPolicy(
        in -> Decision.of("open", Action.Click.left(new Point(5, 5))),
        in -> Decision.of("done", new Action.Done()));
    Agent.builder(late, perceiver, policy).listener(steps::add).build().run("t");
    assertThat(steps.getFirst().changedNothing()).isFalse();
    assertThat(steps.getFirst().changeAfter().orElseThrow().textAppeared()).containsExactly("Call the dentist on Tuesday morning");
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
