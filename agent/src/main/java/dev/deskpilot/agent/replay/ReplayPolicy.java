package dev.deskpilot.agent.replay;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Policy;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.replay.ReplayPlan.PlannedStep;
import dev.deskpilot.agent.replay.ReplayPlan.ReplayAction;
import dev.deskpilot.perception.Grounder;
import dev.deskpilot.perception.Grounding;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.TextTarget;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-runs a saved run ({@link ReplayPlan}) one recorded step per decision, grounding every text
 * click anew on the screen of that moment: a button that moved is still found, by its text.
 *
 * <p>A text that is not on screen yet is waited for (polling every {@value #POLL_MS} ms) up to the
 * timeout; then the replay fails naming the text and the nearest texts seen, or, with {@link
 * WhenTextMissing#CLICK_RECORDED_POINT}, clicks where the recorded click was. When a text matches at
 * several places, the one nearest the recorded point is clicked. A failed action fails the replay:
 * a replay is a regression test. Person messages are ignored.
 */
public final class ReplayPolicy implements Policy {
  /** Default wait for a text to appear. */
  public static final Duration TARGET_TIMEOUT = Duration.ofSeconds(10);

  static final long POLL_MS = 250;

  /** What to do when a recorded text does not appear within the timeout. */
  public enum WhenTextMissing {
    /** End the run with a Fail naming the text (the default: a regression shows). */
    FAIL,
    /** Click the recorded coordinates instead. */
    CLICK_RECORDED_POINT
  }

  private final ReplayPlan plan;
  private final Grounder grounder;
  private final InstantSource clock;
  private final Duration timeout;
  private final WhenTextMissing whenMissing;
  private int next;
  private Instant waitingSince;

  public ReplayPolicy(ReplayPlan plan, Grounder grounder) {
    this(plan, grounder, InstantSource.system(), TARGET_TIMEOUT, WhenTextMissing.FAIL);
  }

  public ReplayPolicy(
      ReplayPlan plan, Grounder grounder, InstantSource clock, Duration timeout, WhenTextMissing whenMissing) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.grounder = Objects.requireNonNull(grounder, "grounder");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (timeout == null || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
    }
    this.timeout = timeout;
    this.whenMissing = Objects.requireNonNull(whenMissing, "whenMissing");
  }

  @Override
  public String name() {
    return "replay";
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
    if (next >= plan.steps().size()) {
      return Decision.of("replay finished", new Action.Done());
    }
    PlannedStep step = plan.steps().get(next);
    StringBuilder thought = new StringBuilder("replaying step ").append(step.index());
    if (!step.thought().isBlank()) {
      thought.append(" (").append(abbreviate(step.thought(), 120)).append(')');
    }
    thought.append(". ");
    List<Action> actions = new ArrayList<>();
    Grounding.NotFound missing = null;
    String missingLabel = null;
    for (ReplayAction ra : step.actions()) {
      switch (ra) {
        case ReplayAction.Exact e -> actions.add(e.action());
        case ReplayAction.ClickText c -> {
          Grounding g = grounder.ground(observation, new TextTarget(c.label(), c.nth()));
          Point image = switch (g) {
            case Grounding.Found f -> f.point();
            case Grounding.Ambiguous a -> nearest(a.candidates(), observation.screenshot().mapping().toImage(c.recorded()));
            case Grounding.NotFound nf -> null;
          };
          if (image == null) {
            if (missing == null) {
              missing = (Grounding.NotFound) g;
              missingLabel = c.label();
            }
            actions.add(new Action.Click(c.recorded(), c.button(), c.count()));
          } else {
            thought.append('"').append(c.label()).append("\" found at ").append(image).append(". ");
            actions.add(new Action.Click(observation.screenshot().mapping().toScreen(image), c.button(), c.count()));
          }
        }
      }
    }
    if (missing != null) {
      Instant now = clock.instant();
      if (waitingSince == null) {
        waitingSince = now;
      }
      if (Duration.between(waitingSince, now).compareTo(timeout) < 0) {
        return Decision.of(thought + "waiting for \"" + missingLabel + "\"", new Action.Wait(Duration.ofMillis(POLL_MS)));
      }
      if (whenMissing == WhenTextMissing.FAIL) {
        return Decision.of(thought + "gave up on \"" + missingLabel + "\"",
            new Action.Fail("replay step " + step.index() + ": \"" + missingLabel + "\" not on screen after "
                + timeout.toMillis() / 1000.0 + " s; nearest on screen: " + missing.nearest()));
      }
      thought.append('"').append(missingLabel).append("\" not found: clicking the recorded point. ");
    }
    waitingSince = null;
    next++;
    return new Decision(thought.toString().strip(), actions);
  }

  private static Point nearest(List<Rect> boxes, Point p) {
    Rect best = boxes.getFirst();
    double bestD = Double.MAX_VALUE;
    for (Rect b : boxes) {
      Point c = b.center();
      double d = Math.hypot(c.x() - p.x(), c.y() - p.y());
      if (d < bestD) {
        bestD = d;
        best = b;
      }
    }
    return best.center();
  }

  private static String abbreviate(String s, int max) {
    String one = s.replaceAll("\\s+", " ").strip();
    return one.length() <= max ? one : one.substring(0, max) + "...";
  }
}
