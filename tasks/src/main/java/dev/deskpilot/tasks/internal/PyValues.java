package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.tasks.Value;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Python value semantics metrics need: {@code ==}, {@code in}, {@code str.isspace()}. */
public final class PyValues {
  private PyValues() {}

  /** Python {@code result == expected} for a getter value against a JSON value from the task. */
  public static boolean equal(Value result, JsonNode expected) {
    return switch (result) {
      case Value.Nothing n -> expected.isNull();
      case Value.Text t -> expected.isTextual() && t.text().equals(expected.asText());
      case Value.LocalFile f -> expected.isTextual() && f.path().toString().equals(expected.asText());
      case Value.LocalFiles fs -> {
        if (!expected.isArray() || expected.size() != fs.paths().size()) {
          yield false;
        }
        for (int i = 0; i < fs.paths().size(); i++) {
          Optional<Path> p = fs.paths().get(i);
          JsonNode e = expected.get(i);
          boolean same = p.isEmpty() ? e.isNull() : e.isTextual() && p.get().toString().equals(e.asText());
          if (!same) {
            yield false;
          }
        }
        yield true;
      }
      case Value.Json j -> equal(j.node(), expected);
    };
  }

  /**
   * Python {@code ==} on JSON-shaped values: numbers compare by value ({@code 1 == 1.0}), booleans
   * equal 1 and 0 ({@code True == 1}), lists by items, dicts by keys and values.
   */
  public static boolean equal(JsonNode a, JsonNode b) {
    if (isNumberish(a) && isNumberish(b)) {
      return number(a).compareTo(number(b)) == 0;
    }
    if (a.getNodeType() != b.getNodeType()) {
      return false;
    }
    if (a.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!equal(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode other = b.get(e.getKey());
        if (other == null || !equal(e.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static boolean isNumberish(JsonNode n) {
    return n.isNumber() || n.isBoolean();
  }

  private static BigDecimal number(JsonNode n) {
    if (n.isBoolean()) {
      return n.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    return n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : new BigDecimal(n.asText());
  }

  /** Python {@code str.isspace()} for one character. */
  public static boolean isSpace(int c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85;
  }

  /** Python {@code str.strip()} with no arguments. */
  public static String strip(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  /** Python {@code re.sub(r'\s+', ' ', s)} on a str. */
  public static String collapseSpaces(String s) {
    StringBuilder out = new StringBuilder(s.length());
    boolean inRun = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isSpace(c)) {
        if (!inRun) {
          out.append(' ');
          inRun = true;
        }
      } else {
        out.append(c);
        inRun = false;
      }
    }
    return out.toString();
  }

  /** Python's universal newlines when reading text: {@code \r\n} and {@code \r} become {@code \n}. */
  public static String universalNewlines(String s) {
    return s.replace("\r\n", "\n").replace('\r', '\n');
  }
}
