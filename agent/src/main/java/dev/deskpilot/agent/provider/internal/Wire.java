package dev.deskpilot.agent.provider.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.agent.PolicyException;

/**
 * Reads untrusted wire JSON. Every accessor either returns a value of the promised type or throws a
 * {@link PolicyException} whose message names the JSON path and what was there instead.
 */
public final class Wire {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private final String source;

  /** @param source what is read, for messages, e.g. {@code "anthropic reply"} */
  public Wire(String source) {
    this.source = source;
  }

  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Serialises a request body. */
  public static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /** Parses a whole body, which must be one JSON object. */
  public ObjectNode parseObject(String body) {
    if (body == null || body.isBlank()) {
      throw fail("empty body");
    }
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new PolicyException(
          source + ": not valid JSON (" + e.getOriginalMessage() + locationOf(e) + ")", e);
    }
    if (n == null || !n.isObject()) {
      throw fail("expected a JSON object, got " + kind(n));
    }
    return (ObjectNode) n;
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
  }

  public PolicyException fail(String message) {
    return new PolicyException(source + ": " + message);
  }

  public PolicyException fail(String path, String message) {
    return new PolicyException(source + ": " + path + ": " + message);
  }

  /** A required member that is present and not null. */
  public JsonNode field(JsonNode obj, String name, String path) {
    JsonNode n = obj.get(name);
    if (n == null || n.isNull() || n.isMissingNode()) {
      throw fail(path + "." + name, "missing");
    }
    return n;
  }

  /** An optional member: null when absent or JSON null. */
  public static JsonNode optional(JsonNode obj, String name) {
    JsonNode n = obj == null ? null : obj.get(name);
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  public ObjectNode object(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw fail(path, "expected an object, got " + kind(n));
    }
    return (ObjectNode) n;
  }

  public ArrayNode array(JsonNode n, String path) {
    if (n == null || !n.isArray()) {
      throw fail(path, "expected an array, got " + kind(n));
    }
    return (ArrayNode) n;
  }

  public String text(JsonNode n, String path) {
    if (n == null || !n.isTextual()) {
      throw fail(path, "expected a string, got " + kind(n));
    }
    return n.textValue();
  }

  public String textField(JsonNode obj, String name, String path) {
    return text(field(obj, name, path), path + "." + name);
  }

  /** An optional string member; throws when present with another type. */
  public String optionalText(JsonNode obj, String name, String path) {
    JsonNode n = optional(obj, name);
    return n == null ? null : text(n, path + "." + name);
  }

  /** A finite number (integer or decimal) within +-1e9. */
  public double number(JsonNode n, String path) {
    if (n == null || !n.isNumber()) {
      throw fail(path, "expected a number, got " + kind(n));
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d) || Math.abs(d) > 1e9) {
      throw fail(path, "number " + abbreviate(n.asText(), 40) + " is out of range");
    }
    return d;
  }

  /** A whole number within {@code [min, max]}; decimals with a fraction are refused. */
  public int integer(JsonNode n, String path, int min, int max) {
    double d = number(n, path);
    if (d != Math.rint(d)) {
      throw fail(path, "expected a whole number, got " + abbreviate(n.asText(), 40));
    }
    if (d < min || d > max) {
      throw fail(path, "expected " + min + ".." + max + ", got " + (long) d);
    }
    return (int) d;
  }

  /** Tokens are counted leniently: anything that is not a non-negative whole number is 0. */
  public static long count(JsonNode obj, String name) {
    JsonNode n = optional(obj, name);
    if (n == null || !n.isNumber()) {
      return 0;
    }
    double d = n.doubleValue();
    return Double.isFinite(d) && d >= 0 && d < 1e15 ? (long) d : 0;
  }

  /** Short description of a node's type for messages. */
  public static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    if (n.isNull()) {
      return "null";
    }
    if (n.isTextual()) {
      return "string \"" + abbreviate(n.textValue(), 40) + "\"";
    }
    if (n.isNumber()) {
      return "number " + abbreviate(n.asText(), 40);
    }
    if (n.isBoolean()) {
      return "boolean " + n.booleanValue();
    }
    if (n.isArray()) {
      return "an array of " + n.size();
    }
    return n.isObject() ? "an object" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  public static String abbreviate(String s, int max) {
    if (s == null) {
      return "";
    }
    String one = s.replaceAll("[\\r\\n\\t]+", " ");
    return one.length() <= max ? one : one.substring(0, max) + "...";
  }
}
