package dev.deskpilot.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.perception.Point;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Actions in the JSON form trajectories use ({@code {"type":"click","at":{"x":1,"y":2},
 * "button":"LEFT","count":1}}, waits as seconds), both ways. Reading fails with an {@link
 * IllegalArgumentException} naming the JSON path.
 */
final class ActionJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ActionJson() {}

  static ObjectNode write(Action action) {
    ObjectNode o = F.objectNode();
    switch (action) {
      case Action.Click c -> {
        o.put("type", "click");
        o.set("at", point(c.at()));
        o.put("button", c.button().name());
        o.put("count", c.count());
      }
      case Action.MoveTo m -> {
        o.put("type", "move");
        o.set("to", point(m.to()));
      }
      case Action.Drag d -> {
        o.put("type", "drag");
        o.set("from", point(d.from()));
        o.set("to", point(d.to()));
      }
      case Action.Scroll s -> {
        o.put("type", "scroll");
        o.set("at", point(s.at()));
        o.put("dx", s.dx());
        o.put("dy", s.dy());
      }
      case Action.TypeText t -> {
        o.put("type", "type");
        o.put("text", t.text());
      }
      case Action.KeyChord k -> {
        o.put("type", "key");
        k.keys().forEach(o.putArray("keys")::add);
      }
      case Action.Wait w -> {
        o.put("type", "wait");
        o.put("duration", BigDecimal.valueOf(w.duration().toMillis()).movePointLeft(3));
      }
      case Action.Done d -> o.put("type", "done");
      case Action.Fail f -> {
        o.put("type", "fail");
        o.put("reason", f.reason());
      }
    }
    return o;
  }

  private static ObjectNode point(Point p) {
    return F.objectNode().put("x", p.x()).put("y", p.y());
  }

  /**
   * Reads one action.
   *
   * @param path where it is, for messages (e.g. {@code actions[2]})
   * @throws IllegalArgumentException naming the path and what is wrong
   */
  static Action read(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(path + ": expected an action object");
    }
    String type = text(n, "type", path);
    try {
      return switch (type) {
        case "click" -> new Action.Click(
            point(n.get("at"), path + ".at"),
            button(n.get("button"), path + ".button"),
            n.has("count") ? integer(n.get("count"), path + ".count") : 1);
        case "move" -> new Action.MoveTo(point(n.get("to"), path + ".to"));
        case "drag" -> new Action.Drag(point(n.get("from"), path + ".from"), point(n.get("to"), path + ".to"));
        case "scroll" -> new Action.Scroll(
            point(n.get("at"), path + ".at"),
            n.has("dx") ? integer(n.get("dx"), path + ".dx") : 0,
            n.has("dy") ? integer(n.get("dy"), path + ".dy") : 0);
        case "type" -> new Action.TypeText(text(n, "text", path));
        case "key" -> {
          JsonNode keys = n.get("keys");
          if (keys == null || !keys.isArray()) {
            throw new IllegalArgumentException(path + ".keys: expected an array of key names");
          }
          List<String> names = new ArrayList<>();
          for (int i = 0; i < keys.size(); i++) {
            if (!keys.get(i).isTextual()) {
              throw new IllegalArgumentException(path + ".keys[" + i + "]: expected a key name");
            }
            names.add(keys.get(i).textValue());
          }
          yield new Action.KeyChord(names);
        }
        case "wait" -> new Action.Wait(duration(n.get("duration"), path + ".duration"));
        case "done" -> new Action.Done();
        case "fail" -> new Action.Fail(n.hasNonNull("reason") ? n.get("reason").asText() : "");
        default -> throw new IllegalArgumentException(path + ".type: unknown action type '" + type
            + "' (valid: click, move, drag, scroll, type, key, wait, done, fail)");
      };
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith(path)) {
        throw e;
      }
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field, String path) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(path + "." + field + ": expected a string");
    }
    return v.textValue();
  }

  private static Point point(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(path + ": expected {\"x\":..,\"y\":..}");
    }
    return new Point(integer(n.get("x"), path + ".x"), integer(n.get("y"), path + ".y"));
  }

  private static int integer(JsonNode n, String path) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new IllegalArgumentException(path + ": expected a whole number");
    }
    return n.intValue();
  }

  private static Action.MouseButton button(JsonNode n, String path) {
    if (n == null) {
      return Action.MouseButton.LEFT;
    }
    try {
      return Action.MouseButton.valueOf(n.asText().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(path + ": expected LEFT, MIDDLE or RIGHT, got '" + n.asText() + "'");
    }
  }

  /** Seconds as a number, an ISO-8601 duration ({@code PT1.5S}) or {@code {"seconds","nano"}}. */
  private static Duration duration(JsonNode n, String path) {
    if (n != null && n.isNumber()) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    if (n != null && n.isTextual()) {
      try {
        return Duration.parse(n.textValue());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(path + ": '" + n.textValue() + "' is not seconds or an ISO-8601 duration");
      }
    }
    if (n != null && n.isObject() && n.has("seconds")) {
      return Duration.ofSeconds(n.get("seconds").asLong(), n.path("nano").asLong());
    }
    throw new IllegalArgumentException(path + ": expected seconds");
  }
}
