package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.tasks.TaskFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads typed fields out of JSON and reports a wrong one as a {@link TaskFormatException} naming
 * the file and the JSON pointer.
 */
public final class JsonFields {
  private final Path file;

  public JsonFields(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  public Path file() {
    return file;
  }

  public TaskFormatException error(String pointer, String problem) {
    return new TaskFormatException(file, pointer, problem);
  }

  /** The pointer of an object member, escaped per RFC 6901. */
  public static String child(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  public static String child(String pointer, int index) {
    return pointer + "/" + index;
  }

  /** "a string", "an array", ... for messages. */
  public static String describe(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    JsonNodeType t = n.getNodeType();
    return switch (t) {
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case NULL -> "null";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }

  public ObjectNode object(JsonNode n, String pointer) {
    if (n == null || !n.isObject()) {
      throw error(pointer, "expected an object, found " + describe(n));
    }
    return (ObjectNode) n;
  }

  public ArrayNode array(JsonNode n, String pointer) {
    if (n == null || !n.isArray()) {
      throw error(pointer, "expected an array, found " + describe(n));
    }
    return (ArrayNode) n;
  }

  /** A required string member (may be empty unless {@code nonEmpty}). */
  public String string(ObjectNode o, String field, String pointer, boolean nonEmpty) {
    String p = child(pointer, field);
    JsonNode n = o.get(field);
    if (n == null) {
      throw error(p, "missing; expected a string");
    }
    return string(n, p, nonEmpty);
  }

  public String string(JsonNode n, String pointer, boolean nonEmpty) {
    if (!n.isTextual()) {
      throw error(pointer, "expected a string, found " + describe(n));
    }
    if (nonEmpty && n.asText().isBlank()) {
      throw error(pointer, "expected a non-empty string");
    }
    return n.asText();
  }

  public Optional<String> optString(ObjectNode o, String field, String pointer) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    return Optional.of(string(n, child(pointer, field), false));
  }

  /**
   * A boolean member. OSWorld task files also write {@code "shell": "true"}, which Python treats
   * as true; the strings "true" and "false" are accepted for that reason.
   */
  public boolean flag(ObjectNode o, String field, String pointer, boolean absent) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return absent;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()) {
      String s = n.asText().trim().toLowerCase(Locale.ROOT);
      if (s.equals("true")) {
        return true;
      }
      if (s.equals("false")) {
        return false;
      }
    }
    throw error(child(pointer, field), "expected a boolean (true or false), found " + describe(n));
  }

  /** A list of strings: an array whose items are all strings. */
  public List<String> strings(JsonNode n, String pointer) {
    ArrayNode a = array(n, pointer);
    List<String> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      out.add(string(a.get(i), child(pointer, i), false));
    }
    return out;
  }

  /** A finite number. */
  public double number(JsonNode n, String pointer) {
    if (n == null || !n.isNumber()) {
      throw error(pointer, "expected a number, found " + describe(n));
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      throw error(pointer, "expected a finite number, found " + n);
    }
    return d;
  }

  /** An integer (a number without a fraction). */
  public long integer(JsonNode n, String pointer) {
    if (n == null || !n.isNumber() || !(n.isIntegralNumber() || n.doubleValue() == Math.rint(n.doubleValue()))) {
      throw error(pointer, "expected an integer, found " + (n != null && n.isNumber() ? n.toString() : describe(n)));
    }
    return n.longValue();
  }

  /** Rejects members other than {@code allowed}, naming the valid ones. */
  public void onlyFields(ObjectNode o, String pointer, Set<String> allowed) {
    var names = o.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw error(
            child(pointer, name), "unknown field; valid fields are " + String.join(", ", allowed.stream().sorted().toList()));
      }
    }
  }
}
