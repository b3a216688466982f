package dev.deskpilot.agent.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Action.MouseButton;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.SafetyCheck;
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
 * OpenAI Responses API computer use, wire JSON both ways: requests for the preview tool ({@code
 * computer_use_preview}, one {@code action} per {@code computer_call}) and the GA tool ({@code
 * computer}, a batch in {@code actions}); replies decoded into actions in screen pixels.
 *
 * <p>Scrolling: the API gives pixels; Deskpilot scrolls in wheel notches, {@value #PIXELS_PER_NOTCH}
 * pixels a notch (about three text lines in GTK and browsers), rounded, at least one notch.
 */
final class OpenAiCodec {
  static final int PIXELS_PER_NOTCH = 100;
  /** How long a {@code wait} action waits. */
  static final Duration WAIT = Duration.ofSeconds(2);

  private static final String SOURCE = "openai reply";
  private final Wire wire = new Wire(SOURCE);

  /** One {@code computer_call} of a reply: the actions it stands for are {@code [first, first+count)}. */
  record Call(String callId, List<SafetyCheck> checks, int first, int count) {
    Call {
      checks = List.copyOf(checks);
    }
  }

  /** A decoded reply; {@code output} is the reply's output items, to resend in a managed history. */
  record Turn(String responseId, String thought, List<Action> actions, List<Call> calls, ArrayNode output) {
    Turn {
      actions = List.copyOf(actions);
      calls = List.copyOf(calls);
    }
  }

  // ---------------------------------------------------------------- requests

  static ObjectNode request(
      String model, boolean ga, int displayWidth, int displayHeight, String instructions,
      String previousResponseId, ArrayNode input) {
    ObjectNode r = Wire.object();
    r.put("model", model);
    ArrayNode tools = r.putArray("tools");
    ObjectNode tool = tools.addObject();
    if (ga) {
      tool.put("type", "computer");
    } else {
      tool.put("type", "computer_use_preview");
      tool.put("display_width", displayWidth);
      tool.put("display_height", displayHeight);
      tool.put("environment", "linux");
      r.putObject("reasoning").put("summary", "concise");
    }
    r.put("truncation", "auto");
    r.put("instructions", instructions);
    if (previousResponseId != null) {
      r.put("previous_response_id", previousResponseId);
    }
    r.set("input", input);
    return r;
  }

  /**
   * A user message, with a screenshot when {@code imageDataUrl} is not null. For the GA tool images
   * carry {@code "detail":"original"} so that the API does not resize them behind our back (the
   * model's points must refer to the image we scaled ourselves).
   */
  static ObjectNode userMessage(String text, String imageDataUrl, boolean ga) {
    ObjectNode m = Wire.object();
    m.put("role", "user");
    ArrayNode content = m.putArray("content");
    content.addObject().put("type", "input_text").put("text", text);
    if (imageDataUrl != null) {
      ObjectNode image = content.addObject().put("type", "input_image").put("image_url", imageDataUrl);
      if (ga) {
        image.put("detail", "original");
      }
    }
    return m;
  }

  /** A copy of a user message with its images replaced by a short text. */
  static ObjectNode withoutImages(ObjectNode message) {
    ObjectNode copy = message.deepCopy();
    if (copy.get("content") instanceof ArrayNode parts) {
      for (int i = 0; i < parts.size(); i++) {
        if ("input_image".equals(parts.get(i).path("type").asText())) {
          parts.set(i, Wire.object().put("type", "input_text").put("text", "[older screenshot omitted]"));
        }
      }
    }
    return copy;
  }

  static ObjectNode callOutput(
      String callId, List<SafetyCheck> acknowledged, String imageDataUrl, boolean ga) {
    ObjectNode o = Wire.object();
    o.put("type", "computer_call_output");
    o.put("call_id", callId);
    if (!acknowledged.isEmpty()) {
      ArrayNode acks = o.putArray("acknowledged_safety_checks");
      for (SafetyCheck c : acknowledged) {
        acks.addObject().put("id", c.id()).put("code", c.code()).put("message", c.message());
      }
    }
    ObjectNode output = o.putObject("output").put("type", "computer_screenshot").put("image_url", imageDataUrl);
    if (ga) {
      output.put("detail", "original");
    }
    return o;
  }

  // ---------------------------------------------------------------- replies

  /**
   * Decodes a Responses API reply.
   *
   * @throws PolicyException when it is not a usable reply (malformed, truncated, failed, a point
   *     outside the screenshot, an action Deskpilot cannot perform)
   */
  Turn decode(String body, ScreenFrame frame) {
    ObjectNode root = wire.parseObject(body);
    JsonNode error = Wire.optional(root, "error");
    if (error != null) {
      String msg = error.isObject() ? wire.optionalText(error, "message", "error") : null;
      throw wire.fail("error", msg == null ? Wire.kind(error) : Wire.abbreviate(msg, 300));
    }
    String status = wire.optionalText(root, "status", "$");
    if ("incomplete".equals(status)) {
      JsonNode details = Wire.optional(root, "incomplete_details");
      String reason = details != null && details.isObject()
          ? wire.optionalText(details, "reason", "incomplete_details") : null;
      throw wire.fail("reply incomplete (" + (reason == null ? "no reason given" : reason) + ")");
    }
    if (status != null && !status.equals("completed")) {
      throw wire.fail("status", "expected completed, got " + Wire.abbreviate(status, 40));
    }
    String id = wire.textField(root, "id", "$");
    ArrayNode output = wire.array(wire.field(root, "output", "$"), "output");

    List<String> thought = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    List<Action> actions = new ArrayList<>();
    List<Call> calls = new ArrayList<>();
    for (int i = 0; i < output.size(); i++) {
      String p = "output[" + i + "]";
      ObjectNode item = wire.object(output.get(i), p);
      String type = wire.textField(item, "type", p);
      switch (type) {
        case "reasoning" -> readReasoning(item, p, thought);
        case "message" -> readMessage(item, p, thought, refusals);
        case "computer_call" -> calls.add(readCall(item, p, frame, actions, thought));
        default -> {
          // other item kinds (e.g. web_search_call) carry nothing for the desktop
        }
      }
    }
    String text = String.join("\n", thought).strip();
    if (calls.isEmpty()) {
      if (!refusals.isEmpty()) {
        actions.add(new Action.Fail("the model refused: " + String.join(" ", refusals).strip()));
      } else if (text.regionMatches(true, 0, Prompts.INFEASIBLE, 0, Prompts.INFEASIBLE.length())) {
        actions.add(new Action.Fail(text.substring(Prompts.INFEASIBLE.length()).strip()));
      } else {
        actions.add(new Action.Done());
      }
    }
    return new Turn(id, text, actions, calls, output);
  }

  private void readReasoning(ObjectNode item, String p, List<String> thought) {
    JsonNode summary = Wire.optional(item, "summary");
    if (summary == null) {
      return;
    }
    ArrayNode parts = wire.array(summary, p + ".summary");
    for (int j = 0; j < parts.size(); j++) {
      String pp = p + ".summary[" + j + "]";
      ObjectNode part = wire.object(parts.get(j), pp);
      String t = wire.optionalText(part, "text", pp);
      if (t != null && !t.isBlank()) {
        thought.add(t.strip());
      }
    }
  }

  private void readMessage(ObjectNode item, String p, List<String> thought, List<String> refusals) {
    JsonNode content = Wire.optional(item, "content");
    if (content == null) {
      return;
    }
    ArrayNode parts = wire.array(content, p + ".content");
    for (int j = 0; j < parts.size(); j++) {
      String pp = p + ".content[" + j + "]";
      ObjectNode part = wire.object(parts.get(j), pp);
      String type = wire.textField(part, "type", pp);
      if (type.equals("output_text")) {
        thought.add(wire.textField(part, "text", pp).strip());
      } else if (type.equals("refusal")) {
        refusals.add(wire.textField(part, "refusal", pp).strip());
      }
    }
  }

  private Call readCall(
      ObjectNode item, String p, ScreenFrame frame, List<Action> actions, List<String> thought) {
    String callId = wire.textField(item, "call_id", p);
    List<SafetyCheck> checks = new ArrayList<>();
    JsonNode pending = Wire.optional(item, "pending_safety_checks");
    if (pending != null) {
      ArrayNode arr = wire.array(pending, p + ".pending_safety_checks");
      for (int j = 0; j < arr.size(); j++) {
        String pp = p + ".pending_safety_checks[" + j + "]";
        ObjectNode c = wire.object(arr.get(j), pp);
        String cid = wire.textField(c, "id", pp);
        if (cid.isEmpty()) {
          throw wire.fail(pp + ".id", "empty");
        }
        checks.add(
            new SafetyCheck(cid, wire.optionalText(c, "code", pp), wire.optionalText(c, "message", pp)));
      }
    }
    int first = actions.size();
    JsonNode batch = Wire.optional(item, "actions");
    if (batch != null) {
      ArrayNode arr = wire.array(batch, p + ".actions");
      for (int j = 0; j < arr.size(); j++) {
        readAction(wire.object(arr.get(j), p + ".actions[" + j + "]"), p + ".actions[" + j + "]",
            frame, actions, thought);
      }
    } else {
      readAction(wire.object(wire.field(item, "action", p), p + ".action"), p + ".action", frame,
          actions, thought);
    }
    return new Call(callId, checks, first, actions.size() - first);
  }

  private void readAction(
      ObjectNode a, String p, ScreenFrame frame, List<Action> out, List<String> thought) {
    String type = wire.textField(a, "type", p);
    switch (type) {
      case "click" -> {
        noHeldKeys(a, p);
        String button = wire.textField(a, "button", p).toLowerCase(Locale.ROOT);
        MouseButton b = switch (button) {
          case "left" -> MouseButton.LEFT;
          case "right" -> MouseButton.RIGHT;
          case "wheel", "middle" -> MouseButton.MIDDLE;
          default -> throw wire.fail(p + ".button", "button '" + Wire.abbreviate(button, 20)
              + "' is not supported (left, right, wheel); for back/forward press ALT+ARROWLEFT/ALT+ARROWRIGHT");
        };
        Point at = point(a, p, frame);
        out.add(Actions.make(SOURCE + ": " + p, () -> new Action.Click(at, b, 1)));
      }
      case "double_click" -> {
        noHeldKeys(a, p);
        Point at = point(a, p, frame);
        out.add(Actions.make(SOURCE + ": " + p, () -> new Action.Click(at, MouseButton.LEFT, 2)));
      }
      case "drag" -> {
        noHeldKeys(a, p);
        ArrayNode path = wire.array(wire.field(a, "path", p), p + ".path");
        if (path.size() < 2) {
          throw wire.fail(p + ".path", "a drag needs at least 2 points, got " + path.size());
        }
        Point from = point(wire.object(path.get(0), p + ".path[0]"), p + ".path[0]", frame);
        int last = path.size() - 1;
        for (int j = 1; j < last; j++) {
          point(wire.object(path.get(j), p + ".path[" + j + "]"), p + ".path[" + j + "]", frame);
        }
        Point to = point(wire.object(path.get(last), p + ".path[" + last + "]"), p + ".path[" + last + "]", frame);
        if (path.size() > 2) {
          thought.add("(drag path had " + (path.size() - 2)
              + " intermediate points; dragged straight from the first to the last)");
        }
        out.add(Actions.make(SOURCE + ": " + p, () -> new Action.Drag(from, to)));
      }
      case "keypress" -> {
        ArrayNode keys = wire.array(wire.field(a, "keys", p), p + ".keys");
        List<String> names = new ArrayList<>();
        for (int j = 0; j < keys.size(); j++) {
          names.add(wire.text(keys.get(j), p + ".keys[" + j + "]"));
        }
        out.add(Actions.make(SOURCE + ": " + p + ".keys", () -> new Action.KeyChord(names)));
      }
      case "move" -> {
        noHeldKeys(a, p);
        Point to = point(a, p, frame);
        out.add(Actions.make(SOURCE + ": " + p, () -> new Action.MoveTo(to)));
      }
      case "scroll" -> {
        noHeldKeys(a, p);
        Point at = point(a, p, frame);
        int dx = notches(wire.integer(wire.field(a, "scroll_x", p), p + ".scroll_x", -1_000_000, 1_000_000));
        int dy = notches(wire.integer(wire.field(a, "scroll_y", p), p + ".scroll_y", -1_000_000, 1_000_000));
        out.add(Actions.make(SOURCE + ": " + p, () -> new Action.Scroll(at, dx, dy)));
      }
      case "type" -> {
        String text = wire.textField(a, "text", p);
        out.add(Actions.make(SOURCE + ": " + p + ".text", () -> new Action.TypeText(text)));
      }
      case "wait" -> out.add(new Action.Wait(WAIT));
      case "screenshot" -> {
        // nothing to do: the next request carries a fresh screenshot
      }
      default -> throw wire.fail(p + ".type", "unknown action '" + Wire.abbreviate(type, 30) + "'");
    }
  }

  /** Pixels to wheel notches: {@value #PIXELS_PER_NOTCH} px a notch, at least one when non-zero. */
  static int notches(int pixels) {
    if (pixels == 0) {
      return 0;
    }
    int n = Math.max(1, Math.round(Math.abs(pixels) / (float) PIXELS_PER_NOTCH));
    return pixels < 0 ? -n : n;
  }

  private void noHeldKeys(ObjectNode a, String p) {
    JsonNode keys = Wire.optional(a, "keys");
    if (keys != null && !(keys.isArray() && keys.isEmpty())) {
      throw wire.fail(p + ".keys", "holding keys during a mouse action is not supported yet;"
          + " use a keypress action before and after instead");
    }
  }

  private Point point(ObjectNode a, String p, ScreenFrame frame) {
    double x = wire.number(wire.field(a, "x", p), p + ".x");
    double y = wire.number(wire.field(a, "y", p), p + ".y");
    return frame.toScreen(x, y, SOURCE + ": " + p);
  }

  /** Tokens of a reply, leniently (a reply that is not JSON counts one call and no tokens). */
  static Usage usage(String body) {
    try {
      ObjectNode root = new Wire(SOURCE).parseObject(body);
      JsonNode u = Wire.optional(root, "usage");
      if (u == null || !u.isObject()) {
        return new Usage(0, 0, 0, 0, 1);
      }
      JsonNode details = Wire.optional(u, "input_tokens_details");
      return new Usage(
          Wire.count(u, "input_tokens"),
          Wire.count(u, "output_tokens"),
          details == null ? 0 : Wire.count(details, "cached_tokens"),
          0,
          1);
    } catch (PolicyException e) {
      return new Usage(0, 0, 0, 0, 1);
    }
  }
}
