package dev.deskpilot.agent.script;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Policy;
import dev.deskpilot.agent.Step;
import dev.deskpilot.perception.Grounder;
import dev.deskpilot.perception.Grounding;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.TextTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a {@link StepScript}, grounding text targets on each new screen.
 *
 * <p>Steps that need no screen (type, press, wait, coordinates) are batched into one decision up to
 * the next step that must look (a text click or an expect), so a script costs one capture per
 * grounded step. A text target that is not on screen yet is waited for (screens lag behind input)
 * up to {@link #TARGET_TIMEOUT}, then the run fails naming the target and the nearest texts seen.
 * {@code expect_gone} waits the other way, until no text on screen reads as its text (exactly or
 * misread, as {@link Grounder#contains} judges).
 * A failed action in the previous step fails the script: scripts are exact.
 */
public final class StepScriptPolicy implements Policy {
  public static final Duration TARGET_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(250);

  private final StepScript script;
  private final Grounder grounder;
  private final InstantSource clock;
  private int next;
  private Instant waitingSince;

  public StepScriptPolicy(StepScript script, Grounder grounder) {
    this(script, grounder, InstantSource.system());
  }

  public StepScriptPolicy(StepScript script, Grounder grounder, InstantSource clock) {
    this.script = script;
    this.grounder = grounder;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "step-script";
  }

  @Override
  public Decision decide(String instruction, List<Step> history, Observation observation) {
    if (!history.isEmpty()) {
      for (ActionResult r : history.getLast().results()) {
        if (!r.ok()) {
          return Decision.of("an action of the previous step failed", new Action.Fail("action failed: " + r.error()));
        }
      }
    }
    List<Action> batch = new ArrayList<>();
    StringBuilder thought = new StringBuilder();
    boolean looked = false;
    while (next < script.steps().size()) {
      ScriptStep step = script.steps().get(next);
      boolean needsScreen = step instanceof ScriptStep.ClickText || step instanceof ScriptStep.Expect
          || step instanceof ScriptStep.ExpectGone || (step instanceof ScriptStep.Type t && t.into() != null);
      if (needsScreen && (looked || !batch.isEmpty())) {
        break; // look at a fresh screen first
      }
      switch (step) {
        case ScriptStep.ClickText c -> {
          looked = true;
          Grounding g = grounder.ground(observation, new TextTarget(c.text(), c.nth()));
          Action click = groundedClick(g, c.line(), c.text(), c.button(), c.count(), observation, thought);
          if (click == null) {
            return waitOrFail(c.line(), c.text(), g, TARGET_TIMEOUT, thought);
          }
          if (c.dx() != 0 || c.dy() != 0) {
            Action.Click at = (Action.Click) click;
            Point moved = new Point(Math.max(0, at.at().x() + c.dx()), Math.max(0, at.at().y() + c.dy()));
            thought.append("offset ").append(c.dx()).append(',').append(c.dy()).append(". ");
            click = new Action.Click(moved, at.button(), at.count());
          }
          batch.add(click);
        }
        case ScriptStep.Type t -> {
          if (t.into() != null) {
            looked = true;
            Grounding g = grounder.ground(observation, new TextTarget(t.into(), 0));
            Action click = groundedClick(g, t.line(), t.into(), Action.MouseButton.LEFT, 1, observation, thought);
            if (click == null) {
              return waitOrFail(t.line(), t.into(), g, TARGET_TIMEOUT, thought);
            }
            batch.add(click);
          }
          batch.add(new Action.TypeText(t.text()));
          thought.append("line ").append(t.line()).append(": type ").append(quote(t.text())).append(". ");
        }
        case ScriptStep.Expect e -> {
          looked = true;
          if (!grounder.contains(observation, e.text())) {
            return waitOrFail(e.line(), e.text(), grounder.ground(observation, new TextTarget(e.text(), 1)), e.within(), thought);
          }
          thought.append("line ").append(e.line()).append(": saw ").append(quote(e.text())).append(". ");
        }
        case ScriptStep.ExpectGone e -> {
          looked = true;
          if (grounder.contains(observation, e.text())) {
            return waitForGone(e, thought);
          }
          thought.append("line ").append(e.line()).append(": ").append(quote(e.text())).append(" is gone. ");
        }
        case ScriptStep.ClickAt c -> batch.add(new Action.Click(c.at(), c.button(), c.count()));
        case ScriptStep.Press p -> batch.add(p.chord());
        case ScriptStep.Pause p -> batch.add(new Action.Wait(p.duration()));
        case ScriptStep.Done d -> batch.add(new Action.Done());
        case ScriptStep.Fail f -> batch.add(new Action.Fail(f.reason()));
      }
      waitingSince = null;
      next++;
      if (batch.stream().anyMatch(Action::isTerminal)) {
        return new Decision(thought.toString().strip(), batch);
      }
    }
    if (batch.isEmpty() && next >= script.steps().size()) {
      return Decision.of((thought + "script finished").strip(), new Action.Done());
    }
    return new Decision(thought.toString().strip(), batch);
  }

  private Action groundedClick(
      Grounding g, int line, String text, Action.MouseButton button, int count, Observation obs, StringBuilder thought) {
    if (g instanceof Grounding.Found f) {
      thought.append("line ").append(line).append(": ").append(quote(text)).append(" found at ")
          .append(f.box()).append(". ");
      return new Action.Click(obs.screenshot().mapping().toScreen(f.point()), button, count);
    }
    return null;
  }

  private Decision waitOrFail(int line, String text, Grounding g, Duration within, StringBuilder thought) {
    Instant now = clock.instant();
    if (waitingSince == null) {
      waitingSince = now;
    }
    if (g instanceof Grounding.Ambiguous a) {
      return Decision.of(
          thought + "line " + line + ": " + quote(text) + " is ambiguous",
          new Action.Fail("script line " + line + ": " + quote(text) + " matches " + a.candidates().size()
              + " places " + a.candidates() + "; add nth N"));
    }
    if (Duration.between(waitingSince, now).compareTo(within) >= 0) {
      String nearest = g instanceof Grounding.NotFound nf ? " nearest on screen: " + nf.nearest() : "";
      return Decision.of(
          thought + "line " + line + ": gave up on " + quote(text),
          new Action.Fail("script line " + line + ": " + quote(text) + " not on screen after "
              + within.toMillis() / 1000.0 + " s;" + nearest));
    }
    return Decision.of(thought + "line " + line + ": waiting for " + quote(text), new Action.Wait(POLL));
  }

  private Decision waitForGone(ScriptStep.ExpectGone e, StringBuilder thought) {
    Instant now = clock.instant();
    if (waitingSince == null) {
      waitingSince = now;
    }
    if (Duration.between(waitingSince, now).compareTo(e.within()) >= 0) {
      return Decision.of(
          thought + "line " + e.line() + ": " + quote(e.text()) + " stayed",
          new Action.Fail("script line " + e.line() + ": " + quote(e.text()) + " still on screen after "
              + e.within().toMillis() / 1000.0 + " s"));
    }
    return Decision.of(thought + "line " + e.line() + ": waiting for " + quote(e.text()) + " to go", new Action.Wait(POLL));
  }

  private static String quote(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return '"' + t.replace("\n", "\\n").replace("\t", "\\t") + '"';
  }
}
