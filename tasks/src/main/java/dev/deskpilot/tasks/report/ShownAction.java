package dev.deskpilot.tasks.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One recorded action as the report draws it: a mark on the screenshot (click, move, drag,
 * scroll) or a caption (typed text, keys, wait, done, fail, anything else). Read leniently from
 * Deskpilot's action JSON, OSWorld's {@code computer_13} dictionaries and the simplest
 * {@code pyautogui} calls, so results of other agents render too; what is not understood is shown
 * verbatim as {@link Other}.
 */
sealed interface ShownAction {
  /** A mouse click; {@code count} 2 is a double click. */
  record Click(double x, double y, String button, int count) implements ShownAction {}

  record Move(double x, double y) implements ShownAction {}

  /** A drag; {@code fromKnown} is false for OSWorld's DRAG_TO (starts wherever the pointer was). */
  record Drag(double fromX, double fromY, double toX, double toY, boolean fromKnown) implements ShownAction {}

  /** Wheel notches at a point: positive dy scrolls down, positive dx right. */
  record Scroll(double x, double y, int dx, int dy) implements ShownAction {}

  record TypeText(String text) implements ShownAction {}

  record Keys(List<String> keys) implements ShownAction {}

  record Wait(String seconds) implements ShownAction {}

  record Done() implements ShownAction {}

  record Fail(String reason) implements ShownAction {}

  /** An action the report does not draw, shown as its text. */
  record Other(String text) implements ShownAction {}

  /** Whether this action is drawn on the screenshot (rather than only captioned). */
  default boolean isMark() {
    return this instanceof Click || this instanceof Move || this instanceof Drag || this instanceof Scroll;
  }

  /** One line saying what the action did, for captions and tooltips. */
  default String describe() {
    return switch (this) {
      case Click c -> (c.count() == 2 ? "double " : c.count() == 3 ? "triple " : "")
          + (c.button().equals("LEFT") ? "" : c.button().toLowerCase(Locale.ROOT) + " ")
          + "click at (" + num(c.x()) + ", " + num(c.y()) + ")";
      case Move m -> "move to (" + num(m.x()) + ", " + num(m.y()) + ")";
      case Drag d -> d.fromKnown()
          ? "drag (" + num(d.fromX()) + ", " + num(d.fromY()) + ") \u2192 (" + num(d.toX()) + ", " + num(d.toY()) + ")"
          : "drag to (" + num(d.toX()) + ", " + num(d.toY()) + ")";
      case Scroll s -> "scroll " + scrollWords(s.dx(), s.dy()) + " at (" + num(s.x()) + ", " + num(s.y()) + ")";
      case TypeText t -> "type";
      case Keys k -> "press";
      case Wait w -> "wait " + w.seconds() + " s";
      case Done d -> "done";
      case Fail f -> "fail";
      case Other o -> "action";
    };
  }

  private static String scrollWords(int dx, int dy) {
    List<String> parts = new ArrayList<>();
    if (dy != 0) {
      parts.add((dy > 0 ? "down " : "up ") + Math.abs(dy));
    }
    if (dx != 0) {
      parts.add((dx > 0 ? "right " : "left ") + Math.abs(dx));
    }
    return String.join(", ", parts);
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }

  /** Reads one recorded action (a JSON object or a string); never throws. */
  static ShownAction read(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return new Other("(no action recorded)");
    }
    if (n.isTextual()) {
      return fromText(n.asText());
    }
    if (n.isObject() && n.hasNonNull("type")) {
      return fromDeskpilot(n);
    }
    if (n.isObject() && n.hasNonNull("action_type")) {
      return fromComputer13(n);
    }
    return new Other(n.toString());
  }

  private static ShownAction fromDeskpilot(JsonNode n) {
    String type = n.path("type").asText("");
    return switch (type) {
      case "click" -> hasPoint(n.path("at"))
          ? new Click(x(n.path("at")), y(n.path("at")), n.path("button").asText("LEFT").toUpperCase(Locale.ROOT),
              Math.max(1, n.path("count").asInt(1)))
          : new Other(n.toString());
      case "move" -> hasPoint(n.path("to")) ? new Move(x(n.path("to")), y(n.path("to"))) : new Other(n.toString());
      case "drag" -> hasPoint(n.path("from")) && hasPoint(n.path("to"))
          ? new Drag(x(n.path("from")), y(n.path("from")), x(n.path("to")), y(n.path("to")), true)
          : new Other(n.toString());
      case "scroll" -> hasPoint(n.path("at"))
          ? new Scroll(x(n.path("at")), y(n.path("at")), n.path("dx").asInt(0), n.path("dy").asInt(0))
          : new Other(n.toString());
      case "type" -> new TypeText(n.path("text").asText(""));
      case "key" -> new Keys(strings(n.path("keys")));
      case "wait" -> new Wait(n.path("duration").isNumber() ? n.path("duration").asText() : n.path("duration").asText("?"));
      case "done" -> new Done();
      case "fail" -> new Fail(n.path("reason").asText(""));
      default -> new Other(n.toString());
    };
  }

  /** OSWorld's {@code computer_13} action space: {@code {"action_type":"CLICK","parameters":{...}}}. */
  private static ShownAction fromComputer13(JsonNode n) {
    JsonNode p = n.path("parameters");
    String type = n.path("action_type").asText("").toUpperCase(Locale.ROOT);
    boolean point = p.path("x").isNumber() && p.path("y").isNumber();
    return switch (type) {
      case "CLICK", "DOUBLE_CLICK", "RIGHT_CLICK", "MOUSE_DOWN", "MOUSE_UP" -> point
          ? new Click(p.path("x").asDouble(), p.path("y").asDouble(),
              type.equals("RIGHT_CLICK") ? "RIGHT" : p.path("button").asText("left").toUpperCase(Locale.ROOT),
              type.equals("DOUBLE_CLICK") ? 2 : Math.max(1, p.path("num_clicks").asInt(1)))
          : new Other(n.toString());
      case "MOVE_TO" -> point ? new Move(p.path("x").asDouble(), p.path("y").asDouble()) : new Other(n.toString());
      case "DRAG_TO" -> point
          ? new Drag(0, 0, p.path("x").asDouble(), p.path("y").asDouble(), false)
          : new Other(n.toString());
      case "TYPING" -> new TypeText(p.path("text").asText(""));
      case "PRESS", "KEY_DOWN", "KEY_UP" -> new Keys(List.of(p.path("key").asText("?")));
      case "HOTKEY" -> new Keys(strings(p.path("keys")));
      case "WAIT" -> new Wait("?");
      case "DONE" -> new Done();
      case "FAIL" -> new Fail("");
      default -> new Other(n.toString());
    };
  }

  Pattern PYAUTOGUI_POINT = Pattern.compile(
      "pyautogui\\.(click|doubleClick|rightClick|tripleClick|moveTo)\\(\\s*(?:x\\s*=\\s*)?(-?\\d+(?:\\.\\d+)?)\\s*,\\s*(?:y\\s*=\\s*)?(-?\\d+(?:\\.\\d+)?)");

  private static ShownAction fromText(String s) {
    String t = s.strip();
    switch (t.toUpperCase(Locale.ROOT)) {
      case "DONE" -> {
        return new Done();
      }
      case "FAIL" -> {
        return new Fail("");
      }
      case "WAIT" -> {
        return new Wait("?");
      }
      default -> {
        // below
      }
    }
    Matcher m = PYAUTOGUI_POINT.matcher(t);
    // Only a single call is drawn: code doing several things is shown as code.
    if (m.find() && t.indexOf("pyautogui.", m.end()) < 0) {
      double x = Double.parseDouble(m.group(2));
      double y = Double.parseDouble(m.group(3));
      return switch (m.group(1)) {
        case "click" -> new Click(x, y, "LEFT", 1);
        case "doubleClick" -> new Click(x, y, "LEFT", 2);
        case "tripleClick" -> new Click(x, y, "LEFT", 3);
        case "rightClick" -> new Click(x, y, "RIGHT", 1);
        default -> new Move(x, y);
      };
    }
    return new Other(t);
  }

  private static boolean hasPoint(JsonNode p) {
    return p.path("x").isNumber() && p.path("y").isNumber();
  }

  private static double x(JsonNode p) {
    return p.path("x").asDouble();
  }

  private static double y(JsonNode p) {
    return p.path("y").asDouble();
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    if (arr.isArray()) {
      arr.forEach(k -> out.add(k.asText()));
    } else if (!arr.isMissingNode() && !arr.isNull()) {
      out.add(arr.asText());
    }
    return out;
  }
}
