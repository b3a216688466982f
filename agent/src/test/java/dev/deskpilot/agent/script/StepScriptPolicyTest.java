package dev.deskpilot.agent.script;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.perception.Grounder;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.TextLine;
import dev.deskpilot.perception.Word;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step-script policy on observations with words at known places (no OCR). */
class StepScriptPolicyTest {
  /** A clock the test moves by hand. */
  private static final class HandClock implements InstantSource {
    Instant now = Instant.EPOCH;

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static Observation screen(String... lines) {
    List<TextLine> out = new ArrayList<>();
    int y = 10;
    for (String line : lines) {
      List<Word> words = new ArrayList<>();
      int x = 10;
      for (String w : line.split(" ")) {
        words.add(new Word(w, new Rect(x, y, 9 * w.length(), 14), 95f));
        x += 9 * w.length() + 5;
      }
      out.add(TextLine.of(words));
      y += 40;
    }
    BufferedImage img = new BufferedImage(640, 400, BufferedImage.TYPE_INT_RGB);
    return new Observation(new Screenshot(img, ScreenMapping.IDENTITY, Instant.EPOCH), out, List.of(), "");
  }

  @Test
  void expectGoneWaitsWhileTheTextIsShownThenGoesOn() {
    HandClock clock = new HandClock();
    StepScriptPolicy policy = new StepScriptPolicy(
        StepScript.parse(List.of("press ctrl+q", "expect_gone \"Save As\" within 3", "done")), new Grounder(), clock);

    Decision first = policy.decide("x", List.of(), screen("Save As", "Name: report.txt"));
    assertThat(first.actions()).containsExactly(new Action.KeyChord(List.of("ctrl", "q")));

    Decision still = policy.decide("x", List.of(), screen("Save As", "Name: report.txt"));
    assertThat(still.actions()).singleElement().isInstanceOf(Action.Wait.class);
    assertThat(still.thought()).contains("waiting for \"Save As\" to go");

    clock.now = clock.now.plusSeconds(1);
    Decision gone = policy.decide("x", List.of(), screen("report.txt - Mousepad"));
    assertThat(gone.actions()).containsExactly(new Action.Done());
    assertThat(gone.thought()).contains("\"Save As\" is gone");
  }

  @Test
  void expectGoneFailsNamingTheLineWhenTheTextStays() {
    HandClock clock = new HandClock();
    StepScriptPolicy policy =
        new StepScriptPolicy(StepScript.parse(List.of("expect_gone \"Save As\" within 2", "done")), new Grounder(), clock);

    assertThat(policy.decide("x", List.of(), screen("Save As")).actions()).singleElement().isInstanceOf(Action.Wait.class);
    clock.now = clock.now.plusMillis(1999);
    assertThat(policy.decide("x", List.of(), screen("Save As")).actions()).singleElement().isInstanceOf(Action.Wait.class);
    clock.now = clock.now.plusMillis(1);
    Decision failed = policy.decide("x", List.of(), screen("Save As"));
    assertThat(failed.actions()).singleElement().isInstanceOfSatisfying(Action.Fail.class,
        f -> assertThat(f.reason()).isEqualTo("script line 1: \"Save As\" still on screen after 2.0 s"));
  }

  @Test
  void expectGoneCountsAMisreadAsStillThere() {
    // OCR read "Save As" as "Sava As": a misread of the same length is the same text (Grounder.contains).
    StepScriptPolicy policy = new StepScriptPolicy(
        StepScript.parse(List.of("expect_gone \"Save As\"", "done")), new Grounder(), new HandClock());
    assertThat(policy.decide("x", List.of(), screen("Sava As")).actions()).singleElement().isInstanceOf(Action.Wait.class);
  }

  @Test
  void expectWaitsForTextAndClickTextClicksItsCentre() {
    StepScriptPolicy policy = new StepScriptPolicy(
        StepScript.parse(List.of("expect \"Ready\"", "click \"File\"", "done")), new Grounder(), new HandClock());
    assertThat(policy.decide("x", List.of(), screen("Loading")).actions()).singleElement().isInstanceOf(Action.Wait.class);
    // Seen: the next grounded step looks at a fresh screen first.
    assertThat(policy.decide("x", List.of(), screen("File Edit", "Ready")).actions()).isEmpty();
    Decision d = policy.decide("x", List.of(), screen("File Edit", "Ready"));
    // "File" is 36x14 at (10,10): its centre.
    assertThat(d.actions()).containsExactly(
        new Action.Click(new dev.deskpilot.perception.Point(28, 17), Action.MouseButton.LEFT, 1), new Action.Done());
  }

  @Test
  void clickWithAnOffsetClicksBesideTheText() {
    StepScriptPolicy policy = new StepScriptPolicy(
        StepScript.parse(List.of("click \"Replace:\" offset 200,-3", "done")), new Grounder(), new HandClock());
    Decision d = policy.decide("x", List.of(), screen("Replace:"));
    // "Replace:" is 72x14 at (10,10): centre (46,17), moved by (200,-3).
    assertThat(d.actions()).containsExactly(
        new Action.Click(new dev.deskpilot.perception.Point(246, 14), Action.MouseButton.LEFT, 1), new Action.Done());
    assertThat(d.thought()).contains("offset 200,-3");
  }
}
