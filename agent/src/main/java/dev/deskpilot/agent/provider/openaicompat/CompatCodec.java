package dev.deskpilot.agent.provider.openaicompat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Action.MouseButton;
import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.ProviderConfig.Coordinates;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.Actions;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import dev.deskpilot.agent.provider.internal.Wire;
import dev.deskpilot.perception.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * OpenAI-compatible chat completions with vision, UI-TARS action syntax: the request messages and
 * the reply's {@code choices[0].message.content} decoded into actions in screen pixels.
 *
 * <p>{@code scroll} scrolls {@value #SCROLL_NOTCHES} wheel notches; {@code wait()} waits 5 s (as
 * UI-TARS's prompt promises); {@code finished(content)} is {@link Action.Done} with the content
 * added to the thought; {@code call_user()} is {@link Action.Fail} with the reason {@link
 * #CALL_USER}, which {@link CompatPolicy} turns into a question for the person.
 */
final class CompatCodec {
  static final int SCROLL_NOTCHES = 5;
  static final Duration WAIT = Duration.ofSeconds(5);
  static final String OMITTED = "[older screenshot omitted]";
  /** The reason of the Fail a {@code call_user()} decodes to. */
  static final String CALL_USER = "the model asked for a person's help (call_user)";
  private static final String SOURCE = "openai-compat reply";

  private final Wire wire = new Wire(SOURCE);
  private final UiTarsParser parser = new UiTarsParser(SOURCE);
  private final Coordinates coordinates;

  CompatCodec(Coordinates coordinates) {
    if (coordinates == Coordinates.SET_OF_MARKS) {
      throw new IllegalArgumentException(
          "set-of-marks coordinates need UI elements from perception, which Deskpilot does not"
              + " detect yet; use UI_TARS_RELATIVE_1000 or UI_TARS_ABSOLUTE_SMART_RESIZE");
    }
    this.coordinates = coordinates;
  }

  /** A decoded reply; {@code text} is the assistant text to keep in the conversation. */
  record Turn(String text, String thought, List<Action> actions) {
    Turn {
      actions = List.copyOf(actions);
    }
  }

  // ---------------------------------------------------------------- requests

  static String prompt(String instruction, Coordinates coordinates) {
    String where = coordinates == Coordinates.UI_TARS_RELATIVE_1000
        ? "Points are (x,y) on a 0..1000 scale of the screenshot's width and height."
        : "Points are (x,y) in pixels of the screenshot as you see it.";
    return """
        You control a Linux desktop through screenshots, the mouse and the keyboard. After each \
        screenshot answer in exactly this format:

        Thought: what you see and what you will do next, briefly
        Action: one action from the list below

        ## Actions
        click(start_box='<|box_start|>(x1,y1)<|box_end|>')
        left_double(start_box='<|box_start|>(x1,y1)<|box_end|>')
        right_single(start_box='<|box_start|>(x1,y1)<|box_end|>')
        drag(start_box='<|box_start|>(x1,y1)<|box_end|>', end_box='<|box_start|>(x3,y3)<|box_end|>')
        hotkey(key='ctrl c') # keys pressed together, separated by spaces
        type(content='text') # end the content with \\n to press Enter
        scroll(start_box='<|box_start|>(x1,y1)<|box_end|>', direction='down') # up, down, left or right
        wait() # pause 5 seconds, then look again
        finished(content='what was achieved') # the task is complete
        call_user() # the task cannot be completed without a person

        %s

        ## Task
        %s""".formatted(where, instruction);
  }

  static ObjectNode request(String model, int maxTokens, List<ObjectNode> messages) {
    ObjectNode r = Wire.object();
    r.put("model", model);
    ArrayNode m = r.putArray("messages");
    messages.forEach(m::add);
    r.put("max_tokens", maxTokens);
    r.put("temperature", 0);
    return r;
  }

  static ObjectNode userText(String text) {
    ObjectNode m = Wire.object().put("role", "user");
    m.putArray("content").addObject().put("type", "text").put("text", text);
    return m;
  }

  static ObjectNode userImage(String note, String dataUrl) {
    ObjectNode m = Wire.object().put("role", "user");
    ArrayNode content = m.putArray("content");
    if (note != null) {
      content.addObject().put("type", "text").put("text", note);
    }
    content.addObject().put("type", "image_url").putObject("image_url").put("url", dataUrl);
    return m;
  }

  static ObjectNode assistant(String text) {
    return Wire.object().put("role", "assistant").put("content", text);
  }

  /** Replaces all but the newest {@code keep} images of the conversation with a text, in place. */
  static void keepNewestImages(List<ObjectNode> messages, int keep) {
    int seen = 0;
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).get("content") instanceof ArrayNode parts) {
        for (int j = parts.size() - 1; j >= 0; j--) {
          if ("image_url".equals(parts.get(j).path("type").asText()) && ++seen > keep) {
            parts.set(j, Wire.object().put("type", "text").put("text", OMITTED));
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- replies

  Turn decode(String body, ScreenFrame frame) {
    ObjectNode root = wire.parseObject(body);
    JsonNode error = Wire.optional(root, "error");
    if (error != null) {
      String msg = error.isObject() ? wire.optionalText(error, "message", "error")
          : error.isTextual() ? error.textValue() : null;
      throw wire.fail("error", msg == null ? Wire.kind(error) : Wire.abbreviate(msg, 300));
    }
    ArrayNode choices = wire.array(wire.field(root, "choices", "$"), "choices");
    if (choices.isEmpty()) {
      throw wire.fail("choices", "empty");
    }
    ObjectNode choice = wire.object(choices.get(0), "choices[0]");
    String finish = wire.optionalText(choice, "finish_reason", "choices[0]");
    if ("length".equals(finish)) {
      throw wire.fail("reply truncated (finish_reason length)");
    }
    ObjectNode message = wire.object(wire.field(choice, "message", "choices[0]"), "choices[0].message");
    String text = content(message);
    if (text == null) {
      String refusal = wire.optionalText(message, "refusal", "choices[0].message");
      if (refusal != null && !refusal.isBlank()) {
        return new Turn("", "", List.of(new Action.Fail("the model refused: " + refusal.strip())));
      }
      throw wire.fail("choices[0].message.content", "missing");
    }
    UiTarsParser.Parsed parsed = parser.parse(text);
    List<String> thought = new ArrayList<>();
    if (!parsed.thought().isEmpty()) {
      thought.add(parsed.thought());
    }
    List<Action> actions = new ArrayList<>();
    for (int i = 0; i < parsed.calls().size(); i++) {
      toActions(parsed.calls().get(i), "action " + (i + 1), frame, actions, thought);
    }
    return new Turn(text, String.join("\n", thought), actions);
  }

  private String content(ObjectNode message) {
    JsonNode c = Wire.optional(message, "content");
    if (c == null) {
      return null;
    }
    if (c.isTextual()) {
      return c.textValue();
    }
    ArrayNode parts = wire.array(c, "choices[0].message.content");
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String p = "choices[0].message.content[" + i + "]";
      ObjectNode part = wire.object(parts.get(i), p);
      if ("text".equals(wire.optionalText(part, "type", p))) {
        b.append(wire.textField(part, "text", p));
      }
    }
    return b.toString();
  }

  private void toActions(
      UiTarsParser.Call call, String p, ScreenFrame frame, List<Action> out, List<String> thought) {
    String name = call.name().toLowerCase(Locale.ROOT);
    String where = SOURCE + ": " + p + " " + call.name();
    switch (name) {
      case "click", "left_single" -> out.add(click(call, where, frame, MouseButton.LEFT, 1));
      case "left_double", "double_click" -> out.add(click(call, where, frame, MouseButton.LEFT, 2));
      case "right_single", "right_click" -> out.add(click(call, where, frame, MouseButton.RIGHT, 1));
      case "hover", "move_to", "mouse_move" -> {
        Point to = point(call, where, frame, "start_box", "point", "start_point", "_0");
        out.add(Actions.make(where, () -> new Action.MoveTo(to)));
      }
      case "drag", "select" -> {
        Point from = point(call, where, frame, "start_box", "start_point", "point", "_0");
        Point to = point(call, where, frame, "end_box", "end_point", "_1");
        out.add(Actions.make(where, () -> new Action.Drag(from, to)));
      }
      case "hotkey", "press", "keypress", "key" -> {
        String keys = arg(call, where, "key", "hotkey", "keys", "_0");
        List<String> names = new ArrayList<>();
        for (String part : keys.strip().split("[\\s+]+")) {
          if (!part.isEmpty()) {
            names.add(part);
          }
        }
        out.add(Actions.make(where, () -> new Action.KeyChord(names)));
      }
      case "type" -> {
        String content = arg(call, where, "content", "text", "_0");
        out.add(Actions.make(where, () -> new Action.TypeText(content)));
      }
      case "scroll" -> {
        Point at = point(call, where, frame, "start_box", "point", "start_point", "_0");
        String dir = arg(call, where, "direction", "_1").strip().toLowerCase(Locale.ROOT);
        int dx = switch (dir) {
          case "left" -> -SCROLL_NOTCHES;
          case "right" -> SCROLL_NOTCHES;
          case "up", "down" -> 0;
          default -> throw new PolicyException(
              where + ": direction '" + Wire.abbreviate(dir, 20) + "' is not up, down, left or right");
        };
        int dy = dir.equals("up") ? -SCROLL_NOTCHES : dir.equals("down") ? SCROLL_NOTCHES : 0;
        out.add(Actions.make(where, () -> new Action.Scroll(at, dx, dy)));
      }
      case "wait" -> out.add(new Action.Wait(WAIT));
      case "finished" -> {
        String content = call.arg("content", "_0");
        if (content != null && !content.isBlank()) {
          thought.add(content.strip());
        }
        out.add(new Action.Done());
      }
      case "call_user" -> out.add(new Action.Fail(CALL_USER));
      default -> throw new PolicyException(where + ": unknown action; expected click, left_double,"
          + " right_single, drag, hotkey, type, scroll, wait, finished or call_user");
    }
  }

  private Action click(UiTarsParser.Call call, String where, ScreenFrame frame, MouseButton b, int n) {
    Point at = point(call, where, frame, "start_box", "point", "start_point", "_0");
    return Actions.make(where, () -> new Action.Click(at, b, n));
  }

  private static String arg(UiTarsParser.Call call, String where, String... keys) {
    String v = call.arg(keys);
    if (v == null) {
      throw new PolicyException(where + ": missing argument " + keys[0]);
    }
    return v;
  }

  private Point point(UiTarsParser.Call call, String where, ScreenFrame frame, String... keys) {
    double[] xy = parser.point(arg(call, where, keys), where + " " + keys[0]);
    return coordinates == Coordinates.UI_TARS_RELATIVE_1000
        ? frame.toScreenRelative(xy[0], xy[1], 1000, where + " " + keys[0])
        : frame.toScreen(xy[0], xy[1], where + " " + keys[0]);
  }

  /** Tokens of a reply, leniently. */
  static Usage usage(String body) {
    try {
      JsonNode u = Wire.optional(new Wire(SOURCE).parseObject(body), "usage");
      if (u == null || !u.isObject()) {
        return new Usage(0, 0, 0, 0, 1);
      }
      JsonNode details = Wire.optional(u, "prompt_tokens_details");
      return new Usage(
          Wire.count(u, "prompt_tokens"),
          Wire.count(u, "completion_tokens"),
          details == null ? 0 : Wire.count(details, "cached_tokens"),
          0,
          1);
    } catch (PolicyException e) {
      return new Usage(0, 0, 0, 0, 1);
    }
  }
}
