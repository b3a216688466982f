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
 * "y":2},"button":"LEFT","count":1}}. Fields added after the first version ({@code modifiers},
 * {@code via}) may be left out and default to empty; {@link ActionJson} reads actions strictly.
 *
 * <p>The set covers the union of the action spaces Deskpilot speaks:
 *
 * <table>
 *   <caption>Where each action comes from</caption>
 *   <tr><th>Action</th><th>OSWorld computer_13</th><th>Anthropic computer</th><th>OpenAI computer</th><th>UI-TARS</th></tr>
 *   <tr><td>{@link Click}</td><td>CLICK, RIGHT_CLICK, DOUBLE_CLICK</td><td>left/right/middle/double/triple_click (+text modifiers)</td><td>click (button, keys), double_click</td><td>click, left_double, right_single</td></tr>
 *   <tr><td>{@link MoveTo}</td><td>MOVE_TO</td><td>mouse_move</td><td>move</td><td>-</td></tr>
 *   <tr><td>{@link Drag}</td><td>DRAG_TO (from the pointer)</td><td>left_click_drag</td><td>drag (path)</td><td>drag</td></tr>
 *   <tr><td>{@link MouseDown}/{@link MouseUp}</td><td>MOUSE_DOWN/UP</td><td>left_mouse_down/up</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link Scroll}</td><td>SCROLL</td><td>scroll (+text modifiers)</td><td>scroll (x, y, scroll_x, scroll_y)</td><td>scroll</td></tr>
 *   <tr><td>{@link TypeText}</td><td>TYPING</td><td>type</td><td>type</td><td>type</td></tr>
 *   <tr><td>{@link KeyChord}</td><td>PRESS, HOTKEY</td><td>key</td><td>keypress</td><td>hotkey</td></tr>
 *   <tr><td>{@link KeyDown}/{@link KeyUp}</td><td>KEY_DOWN/UP</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link HoldKey}</td><td>-</td><td>hold_key</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link Wait}</td><td>WAIT</td><td>wait</td><td>wait</td><td>wait</td></tr>
 *   <tr><td>{@link CursorPosition}</td><td>-</td><td>cursor_position</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link Zoom}</td><td>-</td><td>zoom</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link CallUser}</td><td>-</td><td>-</td><td>(pending safety checks)</td><td>call_user</td></tr>
 *   <tr><td>{@link Done}/{@link Fail}</td><td>DONE/FAIL</td><td>end of turn</td><td>end of turn</td><td>finished</td></tr>
 * </table>
 *
 * <p>Screenshots are not actions: every step observes the screen.
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
  @JsonSubTypes.Type(value = Action.MouseDown.class, name = "mouse_down"),
  @JsonSubTypes.Type(value = Action.MouseUp.class, name = "mouse_up"),
  @JsonSubTypes.Type(value = Action.KeyDown.class, name = "key_down"),
  @JsonSubTypes.Type(value = Action.KeyUp.class, name = "key_up"),
  @JsonSubTypes.Type(value = Action.HoldKey.class, name = "hold_key"),
  @JsonSubTypes.Type(value = Action.CursorPosition.class, name = "cursor_position"),
  @JsonSubTypes.Type(value = Action.Zoom.class, name = "zoom"),
  @JsonSubTypes.Type(value = Action.CallUser.class, name = "call_user"),
})
public sealed interface Action {
  /** Longest text one {@link TypeText} may carry. */
  int MAX_TEXT = 100_000;

  /** Mouse buttons; BACK and FORWARD are the side buttons (X buttons 8 and 9). */
  enum MouseButton {
    LEFT,
    MIDDLE,
    RIGHT,
    BACK,
    FORWARD
  }

  /**
   * Press and release a button {@code count} times at a point (2 = double click, 3 = triple),
   * holding {@code modifiers} (key names, e.g. {@code ["ctrl"]}) meanwhile.
   */
  record Click(Point at, MouseButton button, int count, List<String> modifiers) implements Action {
    public Click {
      requirePoint(at, "click");
      Objects.requireNonNull(button, "click needs a button (LEFT, MIDDLE, RIGHT, BACK or FORWARD)");
      if (count < 1 || count > 3) {
        throw new IllegalArgumentException("click count must be 1..3, was " + count);
      }
      modifiers = keyList(modifiers, "click modifiers");
    }

    public Click(Point at, MouseButton button, int count) {
      this(at, button, count, List.of());
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

  /**
   * Press {@code button} at {@code from}, move through {@code via} (a path, possibly empty) to
   * {@code to}, release.
   */
  record Drag(Point from, Point to, List<Point> via, MouseButton button) implements Action {
    /** Most points a drag path may have. */
    public static final int MAX_PATH = 1000;

    public Drag {
      requirePoint(from, "drag start");
      requirePoint(to, "drag end");
      via = via == null ? List.of() : List.copyOf(via);
      if (via.size() > MAX_PATH) {
        throw new IllegalArgumentException("drag path has " + via.size() + " points, more than " + MAX_PATH);
      }
      for (int i = 0; i < via.size(); i++) {
        requirePoint(via.get(i), "drag path point " + i);
      }
      button = button == null ? MouseButton.LEFT : button;
    }

    public Drag(Point from, Point to) {
      this(from, to, List.of(), MouseButton.LEFT);
    }

    /** A drag along a path of at least two points (OpenAI's {@code drag{path}}). */
    public static Drag along(List<Point> path) {
      if (path == null || path.size() < 2) {
        throw new IllegalArgumentException(
            "a drag path needs at least 2 points, got " + (path == null ? 0 : path.size()));
      }
      return new Drag(path.getFirst(), path.getLast(), path.subList(1, path.size() - 1), MouseButton.LEFT);
    }
  }

  /**
   * Scroll by wheel notches at a point: positive dy scrolls down, positive dx right; {@code
   * modifiers} are held meanwhile (ctrl+wheel zooms in many apps).
   */
  record Scroll(Point at, int dx, int dy, List<String> modifiers) implements Action {
    /** Most notches one scroll may turn on an axis. */
    public static final int MAX_NOTCHES = 200;

    public Scroll {
      requirePoint(at, "scroll");
      if (dx == 0 && dy == 0) {
        throw new IllegalArgumentException("scroll needs a non-zero dx or dy");
      }
      if (Math.abs(dx) > MAX_NOTCHES || Math.abs(dy) > MAX_NOTCHES) {
        throw new IllegalArgumentException(
            "scroll of " + dx + "," + dy + " notches is more than " + MAX_NOTCHES + " on an axis");
      }
      modifiers = keyList(modifiers, "scroll modifiers");
    }

    public Scroll(Point at, int dx, int dy) {
      this(at, dx, dy, List.of());
    }
  }

  /** Press a button and keep it down; {@code at} null means where the pointer is. */
  record MouseDown(Point at, MouseButton button) implements Action {
    public MouseDown {
      if (at != null) {
        requirePoint(at, "mouse down");
      }
      button = button == null ? MouseButton.LEFT : button;
    }
  }

  /** Release a button; {@code at} null means where the pointer is. */
  record MouseUp(Point at, MouseButton button) implements Action {
    public MouseUp {
      if (at != null) {
        requirePoint(at, "mouse up");
      }
      button = button == null ? MouseButton.LEFT : button;
    }
  }

  /** Press a key and keep it down (OSWorld KEY_DOWN). */
  record KeyDown(String key) implements Action {
    public KeyDown {
      Keys.require(key);
    }
  }

  /** Release a key (OSWorld KEY_UP). */
  record KeyUp(String key) implements Action {
    public KeyUp {
      Keys.require(key);
    }
  }

  /** Hold keys down together for a while, then release them (Anthropic hold_key). */
  record HoldKey(List<String> keys, Duration duration) implements Action {
    public HoldKey {
      keys = keyList(keys, "hold_key keys");
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("hold_key needs at least one key");
      }
      if (duration == null || duration.isNegative() || duration.compareTo(Duration.ofSeconds(20)) > 0) {
        throw new IllegalArgumentException("hold_key duration must be 0..20 s, was " + duration);
      }
    }
  }

  /** Report where the pointer is (the result carries it); touches nothing. */
  record CursorPosition() implements Action {}

  /**
   * An observation request: look at {@code region} (screen pixels) in more detail. Executors do
   * nothing for it; the agent answers it with a crop of the next screenshot.
   */
  record Zoom(dev.deskpilot.perception.Rect region) implements Action {
    public Zoom {
      if (region == null) {
        throw new IllegalArgumentException("zoom needs a region");
      }
      if (region.x() < 0 || region.y() < 0 || region.width() < 1 || region.height() < 1) {
        throw new IllegalArgumentException("zoom region " + region + " must be non-empty and non-negative");
      }
    }
  }

  /** The policy asks a person to act or answer (UI-TARS call_user); the run pauses for them. */
  record CallUser(String message) implements Action {
    public CallUser {
      message = message == null ? "" : message;
    }
  }

  /** Type text exactly as given (newlines press Enter, tabs press Tab). */
  record TypeText(String text) implements Action {
    public TypeText {
      if (text == null || text.isEmpty()) {
        throw new IllegalArgumentException("type needs non-empty text");
      }
      text = text.replace("\r\n", "\n");
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
        if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
            || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
          throw new IllegalArgumentException(
              String.format("type text has an unpaired surrogate U+%04X at index %d", (int) c, i));
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

    /**
     * Parses a chord: keys joined by {@code +} ({@code "ctrl+shift+t"}, xdotool and Anthropic
     * style) or by spaces ({@code "ctrl c"}, UI-TARS style). A {@code +} standing alone or after
     * another {@code +} is the plus key ({@code "ctrl++"}).
     *
     * @throws IllegalArgumentException for an empty chord or an unknown key, naming it
     */
    public static KeyChord parse(String chord) {
      if (chord == null || chord.isBlank()) {
        throw new IllegalArgumentException("empty key chord");
      }
      List<String> keys = new java.util.ArrayList<>();
      for (String part : chord.strip().split("\\s+")) {
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < part.length(); i++) {
          char c = part.charAt(i);
          if (c == '+' && !cur.isEmpty()) {
            keys.add(cur.toString());
            cur.setLength(0);
          } else {
            cur.append(c);
          }
        }
        if (!cur.isEmpty()) {
          keys.add(cur.toString());
        }
      }
      return new KeyChord(keys);
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

  /** A copy of a list of key names, each checked; null is empty. */
  private static List<String> keyList(List<String> keys, String what) {
    if (keys == null) {
      return List.of();
    }
    for (String k : keys) {
      if (k == null) {
        throw new IllegalArgumentException(what + " contain a null key name");
      }
      Keys.require(k);
    }
    return List.copyOf(keys);
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
