package dev.deskpilot.actuators;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.deskpilot.perception.Point;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One thing to do to a desktop. Coordinates are screen (input device) pixels. Every record
 * validates itself, so an action that exists can be sent to a screen; a {@code switch} over actions
 * is exhaustive, so adding one breaks every handler at compile time.
 *
 * <p>JSON form (trajectories, scripts, the in-guest server): {@code {"type":"click","at":{"x":1,
 * "y":2},"button":"LEFT","count":1}}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Action.Click.class, name = "click"),
  @JsonSubTypes.Type(value = Action.MoveTo.class, name = "move"),
  @JsonSubTypes.Type(value = Action.Drag.class, name = "drag"),
  @JsonSubTypes.Type(value = Action.Scroll.class, name = "scroll"),
  @JsonSubTypes.Type(value = Action.TypeText.class, name = "type"),
  @JsonSubTypes.Type(value = Action.KeyChord.class, name = "key"),
  @JsonSubTypes.Type(value = Action.Wait.class, name = "wait"),
  @JsonSubTypes.Type(value = Action.Done.class, name = "done"),
  @JsonSubTypes.Type(value = Action.Fail.class, name = "fail"),
})
public sealed interface Action {
  /** Longest text one {@link TypeText} may carry. */
  int MAX_TEXT = 100_000;

  enum MouseButton {
    LEFT,
    MIDDLE,
    RIGHT
  }

  /** Press and release a button {@code count} times at a point (2 = double click). */
  record Click(Point at, MouseButton button, int count) implements Action {
    public Click {
      requirePoint(at, "click");
      Objects.requireNonNull(button, "click needs a button (LEFT, MIDDLE or RIGHT)");
      if (count < 1 || count > 3) {
        throw new IllegalArgumentException("click count must be 1..3, was " + count);
      }
    }

    public static Click left(Point at) {
      return new Click(at, MouseButton.LEFT, 1);
    }
  }

  record MoveTo(Point to) implements Action {
    public MoveTo {
      requirePoint(to, "move");
    }
  }

  /** Press the left button at {@code from}, move to {@code to}, release. */
  record Drag(Point from, Point to) implements Action {
    public Drag {
      requirePoint(from, "drag start");
      requirePoint(to, "drag end");
    }
  }

  /** Scroll by wheel notches at a point: positive dy scrolls down, positive dx right. */
  record Scroll(Point at, int dx, int dy) implements Action {
    public Scroll {
      requirePoint(at, "scroll");
      if (dx == 0 && dy == 0) {
        throw new IllegalArgumentException("scroll needs a non-zero dx or dy");
      }
    }
  }

  /** Type text exactly as given (newlines press Enter, tabs press Tab). */
  record TypeText(String text) implements Action {
    public TypeText {
      if (text == null || text.isEmpty()) {
        throw new IllegalArgumentException("type needs non-empty text");
      }
      if (text.length() > MAX_TEXT) {
        throw new IllegalArgumentException(
            "type text is " + text.length() + " chars, more than the limit " + MAX_TEXT);
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.isISOControl(c) && c != '\n' && c != '\t') {
          throw new IllegalArgumentException(
              String.format("type text has control character U+%04X at index %d", (int) c, i));
        }
      }
    }
  }

  /** Press keys together and release them in reverse order, e.g. {@code ["ctrl","s"]}. */
  record KeyChord(List<String> keys) implements Action {
    public KeyChord {
      if (keys == null || keys.isEmpty()) {
        throw new IllegalArgumentException("key chord needs at least one key");
      }
      keys = List.copyOf(keys);
      for (String k : keys) {
        Keys.require(k);
      }
    }

    /** Parses {@code "ctrl+shift+t"}. */
    public static KeyChord parse(String chord) {
      if (chord == null || chord.isBlank()) {
        throw new IllegalArgumentException("empty key chord");
      }
      return new KeyChord(List.of(chord.trim().split("\\s*\\+\\s*")));
    }
  }

  record Wait(Duration duration) implements Action {
    public Wait {
      if (duration == null || duration.isNegative() || duration.compareTo(Duration.ofMinutes(5)) > 0) {
        throw new IllegalArgumentException("wait must be 0..5 minutes, was " + duration);
      }
    }
  }

  /** The policy says the task is complete. */
  record Done() implements Action {}

  /** The policy gives up (or judges the task infeasible), with a reason. */
  record Fail(String reason) implements Action {
    public Fail {
      reason = reason == null ? "" : reason;
    }
  }

  /** True for actions that end a run instead of touching the screen (derived, not serialised). */
  @JsonIgnore
  default boolean isTerminal() {
    return this instanceof Done || this instanceof Fail;
  }

  private static void requirePoint(Point p, String what) {
    if (p == null) {
      throw new IllegalArgumentException(what + " needs a point");
    }
    if (p.x() < 0 || p.y() < 0) {
      throw new IllegalArgumentException(what + " point " + p + " is negative");
    }
  }
}
