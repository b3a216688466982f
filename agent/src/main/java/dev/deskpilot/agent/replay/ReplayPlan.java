package dev.deskpilot.agent.replay;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.perception.Grounder;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.FrameReader;
import dev.deskpilot.perception.Screenshot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;

/**
 * What a replay will do: a saved run's performed actions, step by step, with every click that
 * pressed a text turned into a click on that text (found anew on each screen) and the others kept
 * at their coordinates.
 *
 * <p>A click's text comes from the run's recorded {@code targets}, else from OCR of the step's
 * frame PNG (accepted only when the recorded screen text also holds it, which proves the PNG is
 * that step's frame), else the click stays at its coordinates. Actions that failed or were never
 * performed are left out, and so are steps left with nothing to do.
 *
 * @param steps the steps to replay, in order
 */
public record ReplayPlan(List<PlannedStep> steps) {
  public ReplayPlan {
    steps = List.copyOf(steps);
  }

  /** One recorded step to replay. */
  public record PlannedStep(int index, String thought, List<ReplayAction> actions) {
    public PlannedStep {
      thought = thought == null ? "" : thought;
      actions = List.copyOf(actions);
      if (actions.isEmpty()) {
        throw new IllegalArgumentException("step " + index + " has nothing to replay");
      }
    }
  }

  /** An action of a replay. */
  public sealed interface ReplayAction {
    /**
     * Click the text {@code label} ({@code nth} match, 0 = the unique one) wherever it is now.
     *
     * @param recorded where the recorded click was, screen pixels
     */
    record ClickText(String label, int nth, Action.MouseButton button, int count, Point recorded)
        implements ReplayAction {
      public ClickText {
        if (label == null || label.isBlank()) {
          throw new IllegalArgumentException("a text click needs a label");
        }
      }
    }

    /** Perform the recorded action as it was. */
    record Exact(Action action) implements ReplayAction {
      public Exact {
        Objects.requireNonNull(action, "action");
      }
    }
  }

  /**
   * Plans the replay of a trajectory.
   *
   * @param reader reads frame PNGs for clicks without a recorded target (best the kind the replay's
   *     loop reads with, a {@link dev.deskpilot.perception.Perceiver}); empty: no OCR
   * @throws UncheckedIOException when a frame PNG cannot be read
   */
  public static ReplayPlan of(Trajectory trajectory, Optional<? extends FrameReader> reader) {
    Grounder grounder = new Grounder();
    Map<Path, Observation> ocr = new HashMap<>();
    List<PlannedStep> out = new ArrayList<>();
    for (RecordedStep step : trajectory.steps()) {
      List<ReplayAction> actions = new ArrayList<>();
      for (int i = 0; i < step.actions().size(); i++) {
        if (!step.performed(i)) {
          continue;
        }
        Action a = step.actions().get(i);
        if (a instanceof Action.Click c) {
          Optional<ClickTarget> target = step.target(i);
          if (target.isEmpty() && step.frame().isPresent() && reader.isPresent()) {
            Observation obs = ocr.computeIfAbsent(step.frame().get(), f -> read(f, reader.get()));
            int index = i;
            target = ClickTarget.at(i, obs, c.at(), grounder)
                .filter(t -> step.screenText().isBlank() || holds(step.screenText(), t.label()))
                .map(t -> new ClickTarget(index, t.label(), t.nth()));
          }
          actions.add(target.<ReplayAction>map(
                  t -> new ReplayAction.ClickText(t.label(), t.nth(), c.button(), c.count(), c.at()))
              .orElse(new ReplayAction.Exact(a)));
        } else {
          actions.add(new ReplayAction.Exact(a));
        }
      }
      if (!actions.isEmpty()) {
        out.add(new PlannedStep(step.index(), step.thought(), actions));
      }
    }
    return new ReplayPlan(out);
  }

  private static Observation read(Path png, FrameReader reader) {
    BufferedImage image;
    try {
      image = ImageIO.read(png.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read frame " + png, e);
    }
    if (image == null) {
      throw new UncheckedIOException(new IOException(png + " is not an image ImageIO can read"));
    }
    return reader.read(new Screenshot(image, ScreenMapping.IDENTITY, Instant.EPOCH));
  }

  static boolean holds(String screenText, String label) {
    return squash(screenText).contains(squash(label));
  }

  private static String squash(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
  }
}
