package dev.deskpilot.agent.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Action.MouseButton;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.ProviderConfig.AnthropicTool;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.Actions;
import dev.deskpilot.agent.provider.internal.Prompts;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import dev.deskpilot.agent.provider.internal.Wire;
import dev.deskpilot.perception.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Anthropic Messages API computer use, wire JSON both ways: the {@code computer} tool declaration,
 * tool results with screenshots, and {@code tool_use} blocks decoded into actions in screen pixels.
 *
 * <p>Actions Deskpilot cannot perform yet ({@code left_mouse_down}, {@code left_mouse_up}, {@code
 * hold_key}, {@code cursor_position}, {@code zoom}, clicks or scrolls holding keys via {@code text},
 * clicks/scrolls without a coordinate, drags without a start) are not errors of the reply: they are
 * answered with an {@code is_error} tool result saying so, and so is every later {@code tool_use}
 * of the same reply (it may have depended on the unsupported one).
 */
final class AnthropicCodec {
  private static final String SOURCE = "anthropic reply";
  /** Placeholder for screenshots dropped from a resent conversation. */
  static final String OMITTED = "[older screenshot omitted]";

  private final Wire wire = new Wire(SOURCE);

  /**
   * One {@code tool_use} block: its actions are {@code [first, first+count)}; {@code unsupported}
   * is the reason it was not turned into actions, or null.
   */
  record ToolCall(String id, int first, int count, String unsupported) {}

  /** A decoded reply; {@code content} is the assistant content to keep in the conversation. */
  record Turn(ArrayNode content, String thought, List<Action> actions, List<ToolCall> calls) {
    Turn {
      actions = List.copyOf(actions);
      calls = List.copyOf(calls);
    }
  }

  // ---------------------------------------------------------------- requests

  static ObjectNode tool(AnthropicTool version, int width, int height, int display, boolean zoom) {
    ObjectNode t = Wire.object();
    t.put("type", version.type());
    t.put("name", "computer");
    t.put("display_width_px", width);
    t.put("display_height_px", height);
    t.put("display_number", display);
    if (zoom && version == AnthropicTool.COMPUTER_20251124) {
      t.put("enable_zoom", true);
    }
    return t;
  }

  /**
   * A Messages request with prompt caching: the system block carries a cache breakpoint (caching
   * the tools and the system prompt), and so does the last block of the last message (caching the
   * conversation up to now for the next call). The stored messages are not modified.
   */
  static ObjectNode request(
      String model, int maxTokens, String system, ObjectNode tool, List<ObjectNode> messages) {
    ObjectNode r = Wire.object();
    r.put("model", model);
    r.put("max_tokens", maxTokens);
    ObjectNode sys = r.putArray("system").addObject().put("type", "text").put("text", system);
    sys.set("cache_control", ephemeral());
    r.putArray("tools").add(tool);
    ArrayNode m = r.putArray("messages");
    for (int i = 0; i < messages.size(); i++) {
      ObjectNode msg = messages.get(i);
      if (i == messages.size() - 1 && msg.get("content") instanceof ArrayNode blocks && !blocks.isEmpty()) {
        msg = msg.deepCopy();
        ArrayNode copy = (ArrayNode) msg.get("content");
        ((ObjectNode) copy.get(copy.size() - 1)).set("cache_control", ephemeral());
      }
      m.add(msg);
    }
    return r;
  }

  static ObjectNode ephemeral() {
    return Wire.object().put("type", "ephemeral");
  }

  static ObjectNode text(String text) {
    return Wire.object().put("type", "text").put("text", text);
  }

  static ObjectNode image(String pngBase64) {
    ObjectNode i = Wire.object().put("type", "image");
    i.putObject("source").put("type", "base64").put("media_type", "image/png").put("data", pngBase64);
    return i;
  }

  static ObjectNode message(String role, ArrayNode content) {
    ObjectNode m = Wire.object().put("role", role);
    m.set("content", content);
    return m;
  }

  /** A tool result: an error text, or success with an optional screenshot. */
  static ObjectNode toolResult(String toolUseId, String error, String pngBase64) {
    return toolResult(toolUseId, error, pngBase64, "done");
  }

  /** A tool result: an error text, or success with a screenshot, else with {@code note}. */
  static ObjectNode toolResult(String toolUseId, String error, String pngBase64, String note) {
    ObjectNode r = Wire.object().put("type", "tool_result").put("tool_use_id", toolUseId);
    ArrayNode content = r.putArray("content");
    if (error != null) {
      r.put("is_error", true);
      content.add(text(error));
    } else if (pngBase64 != null) {
      content.add(image(pngBase64));
    } else {
      content.add(text(note));
    }
    return r;
  }

  /**
   * Replaces all but the newest {@code keep} image blocks (also inside tool results) of a
   * conversation with a short text, in place.
   */
  static void keepNewestImages(List<ObjectNode> messages, int keep) {
    int[] seen = {0};
    for (int i = messages.size() - 1; i >= 0; i--) {
      JsonNode content = messages.get(i).get("content");
      if (content instanceof ArrayNode blocks) {
        prune(blocks, keep, seen);
      }
    }
  }

  private static void prune(ArrayNode blocks, int keep, int[] seen) {
    for (int j = blocks.size() - 1; j >= 0; j--) {
      JsonNode b = blocks.get(j);
      if ("image".equals(b.path("type").asText())) {
        if (++seen[0] > keep) {
          blocks.set(j, text(OMITTED));
        }
      } else if ("tool_result".equals(b.path("type").asText()) && b.get("content") instanceof ArrayNode inner) {
        prune(inner, keep, seen);
      }
    }
  }

  // ---------------------------------------------------------------- replies

  /**
   * Decodes a Messages API reply.
   *
   * @throws PolicyException when it is not a usable reply (malformed, an error, truncated at
   *     max_tokens, a point outside the screenshot, a bad key name or text)
   */
  Turn decode(String body, ScreenFrame frame) {
    ObjectNode root = wire.parseObject(body);
    String type = wire.optionalText(root, "type", "$");
    if ("error".equals(type)) {
      JsonNode err = Wire.optional(root, "error");
      String msg = err != null && err.isObject() ? wire.optionalText(err, "message", "error") : null;
      throw wire.fail("error", msg == null ? "(no message)" : Wire.abbreviate(msg, 300));
    }
    if (type != null && !type.equals("message")) {
      throw wire.fail("type", "expected message, got " + Wire.abbreviate(type, 30));
    }
    String role = wire.optionalText(root, "role", "$");
    if (role != null && !role.equals("assistant")) {
      throw wire.fail("role", "expected assistant, got " + Wire.abbreviate(role, 30));
    }
    String stop = wire.optionalText(root, "stop_reason", "$");
    if ("max_tokens".equals(stop)) {
      throw wire.fail("reply truncated (stop_reason max_tokens)");
    }
    ArrayNode content = wire.array(wire.field(root, "content", "$"), "content");

    List<String> thought = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    List<ToolCall> calls = new ArrayList<>();
    String blocked = null;
    for (int i = 0; i < content.size(); i++) {
      String p = "content[" + i + "]";
      ObjectNode block = wire.object(content.get(i), p);
      switch (wire.textField(block, "type", p)) {
        case "text" -> addText(thought, wire.textField(block, "text", p));
        case "thinking" -> addText(thought, wire.textField(block, "thinking", p));
        case "tool_use" -> {
          String id = wire.textField(block, "id", p);
          if (id.isEmpty()) {
            throw wire.fail(p + ".id", "empty");
          }
          String name = wire.textField(block, "name", p);
          ObjectNode input = wire.object(wire.field(block, "input", p), p + ".input");
          int first = actions.size();
          String label = name;
          String unsupported;
          if (blocked != null) {
            unsupported = "not performed: an earlier action of the same reply (" + blocked
                + ") is not supported, so this one was skipped too";
          } else if (!name.equals("computer")) {
            unsupported = "unknown tool '" + Wire.abbreviate(name, 30) + "'; only 'computer' exists";
          } else {
            label = wire.textField(input, "action", p + ".input");
            unsupported = readAction(input, p + ".input", frame, actions);
          }
          if (unsupported != null && blocked == null) {
            blocked = Wire.abbreviate(label, 30);
          }
          calls.add(new ToolCall(id, first, actions.size() - first, unsupported));
        }
        default -> {
          // redacted_thinking and other blocks carry nothing for the desktop
        }
      }
    }
    String text = String.join("\n", thought).strip();
    if ("refusal".equals(stop)) {
      actions.clear();
      calls.clear();
      actions.add(new Action.Fail("the model refused" + (text.isEmpty() ? "" : ": " + text)));
    } else if (calls.isEmpty()) {
      if (text.regionMatches(true, 0, Prompts.INFEASIBLE, 0, Prompts.INFEASIBLE.length())) {
        actions.add(new Action.Fail(text.substring(Prompts.INFEASIBLE.length()).strip()));
      } else {
        actions.add(new Action.Done());
      }
    }
    return new Turn(content, text, actions, calls);
  }

  private static void addText(List<String> thought, String t) {
    if (!t.isBlank()) {
      thought.add(t.strip());
    }
  }

  /** Adds the actions of one computer tool_use; returns why it is unsupported, or null. */
  private String readAction(ObjectNode in, String p, ScreenFrame frame, List<Action> out) {
    String action = wire.textField(in, "action", p);
    String where = SOURCE + ": " + p;
    switch (action) {
      case "screenshot" -> {
        return null;
      }
      case "left_click", "right_click", "middle_click", "double_click", "triple_click" -> {
        String held = wire.optionalText(in, "text", p);
        if (held != null && !held.isBlank()) {
          return "clicking while holding keys (text '" + Wire.abbreviate(held, 30)
              + "') is not supported yet; click without text";
        }
        JsonNode c = Wire.optional(in, "coordinate");
        if (c == null) {
          return action + " without a coordinate is not supported; give the coordinate";
        }
        Point at = point(c, p + ".coordinate", frame);
        MouseButton b = switch (action) {
          case "right_click" -> MouseButton.RIGHT;
          case "middle_click" -> MouseButton.MIDDLE;
          default -> MouseButton.LEFT;
        };
        int count = switch (action) {
          case "double_click" -> 2;
          case "triple_click" -> 3;
          default -> 1;
        };
        out.add(Actions.make(where, () -> new Action.Click(at, b, count)));
        return null;
      }
      case "mouse_move" -> {
        Point to = point(wire.field(in, "coordinate", p), p + ".coordinate", frame);
        out.add(Actions.make(where, () -> new Action.MoveTo(to)));
        return null;
      }
      case "left_click_drag" -> {
        JsonNode start = Wire.optional(in, "start_coordinate");
        if (start == null) {
          return "left_click_drag without start_coordinate is not supported; give start_coordinate";
        }
        Point from = point(start, p + ".start_coordinate", frame);
        Point to = point(wire.field(in, "coordinate", p), p + ".coordinate", frame);
        out.add(Actions.make(where, () -> new Action.Drag(from, to)));
        return null;
      }
      case "key" -> {
        out.addAll(Actions.chords(wire.textField(in, "text", p), where + ".text"));
        return null;
      }
      case "type" -> {
        String text = wire.textField(in, "text", p);
        out.add(Actions.make(where + ".text", () -> new Action.TypeText(text)));
        return null;
      }
      case "scroll" -> {
        String held = wire.optionalText(in, "text", p);
        if (held != null && !held.isBlank()) {
          return "scrolling while holding keys (text '" + Wire.abbreviate(held, 30)
              + "') is not supported yet; scroll without text";
        }
        JsonNode c = Wire.optional(in, "coordinate");
        if (c == null) {
          return "scroll without a coordinate is not supported; give the coordinate";
        }
        Point at = point(c, p + ".coordinate", frame);
        String dir = wire.textField(in, "scroll_direction", p).toLowerCase(Locale.ROOT);
        int amount = wire.integer(wire.field(in, "scroll_amount", p), p + ".scroll_amount", 1, 1000);
        int dx = switch (dir) {
          case "left" -> -amount;
          case "right" -> amount;
          case "up", "down" -> 0;
          default -> throw wire.fail(p + ".scroll_direction",
              "expected up, down, left or right, got '" + Wire.abbreviate(dir, 20) + "'");
        };
        int dy = dir.equals("up") ? -amount : dir.equals("down") ? amount : 0;
        out.add(Actions.make(where, () -> new Action.Scroll(at, dx, dy)));
        return null;
      }
      case "wait" -> {
        double seconds = wire.number(wire.field(in, "duration", p), p + ".duration");
        if (seconds < 0 || seconds > 300) {
          throw wire.fail(p + ".duration", "expected 0..300 seconds, got " + seconds);
        }
        out.add(new Action.Wait(Duration.ofMillis(Math.round(seconds * 1000))));
        return null;
      }
      case "left_mouse_down", "left_mouse_up" -> {
        return action + " is not supported yet; use left_click_drag with start_coordinate and coordinate";
      }
      case "hold_key" -> {
        return "hold_key is not supported yet; use key with a chord such as ctrl+s";
      }
      case "cursor_position" -> {
        return "cursor_position is not supported yet; take a screenshot instead";
      }
      case "zoom" -> {
        return "zoom is not supported yet; take a screenshot instead";
      }
      default -> {
        return "unknown action '" + Wire.abbreviate(action, 30) + "'";
      }
    }
  }

  private Point point(JsonNode c, String p, ScreenFrame frame) {
    ArrayNode xy = wire.array(c, p);
    if (xy.size() != 2) {
      throw wire.fail(p, "expected [x, y], got an array of " + xy.size());
    }
    double x = wire.number(xy.get(0), p + "[0]");
    double y = wire.number(xy.get(1), p + "[1]");
    return frame.toScreen(x, y, SOURCE + ": " + p);
  }

  /** Tokens of a reply, leniently. */
  static Usage usage(String body) {
    try {
      JsonNode u = Wire.optional(new Wire(SOURCE).parseObject(body), "usage");
      if (u == null || !u.isObject()) {
        return new Usage(0, 0, 0, 0, 1);
      }
      return new Usage(
          Wire.count(u, "input_tokens"),
          Wire.count(u, "output_tokens"),
          Wire.count(u, "cache_read_input_tokens"),
          Wire.count(u, "cache_creation_input_tokens"),
          1);
    } catch (PolicyException e) {
      return new Usage(0, 0, 0, 0, 1);
    }
  }
}
