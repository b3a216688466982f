package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * OSWorld's {@code _match_value_to_rule(value, {"method", "ref"})} ({@code metrics/utils.py}):
 * {@code re[.FLAG...]} (search), {@code eq ne lt le gt ge} (Python operators), {@code approx:T},
 * {@code spreadsheet_range}, {@code range.XY} and {@code str_list_eq}/{@code str_set_eq}.
 * Values are Java shapes of Python ones: null, Boolean, Long, Double, String, or a list of
 * {@link CellRanges.Range} for a cell range value.
 */
public final class ValueRules {
  private ValueRules() {}

  /** Python raised (TypeError on an ordering of unlike types, a malformed rule). */
  public static final class PythonError extends RuntimeException {
    PythonError(String message) {
      super(message);
    }
  }

  public static boolean match(Object value, JsonNode rule) {
    String method = rule.path("method").asText(null);
    if (method == null) {
      throw new PythonError("rule " + rule + " has no method (KeyError 'method')");
    }
    JsonNode ref = rule.get("ref");
    if (method.startsWith("re")) {
      int flags = 0;
      String[] parts = method.split("\\.");
      for (int i = 1; i < parts.length; i++) {
        flags |= switch (parts[i]) {
          case "I", "IGNORECASE" -> Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
          case "M", "MULTILINE" -> Pattern.MULTILINE;
          case "S", "DOTALL" -> Pattern.DOTALL;
          case "X", "VERBOSE" -> Pattern.COMMENTS;
          default -> throw new PythonError("unknown regex flag re." + parts[i]);
        };
      }
      if (!(value instanceof String s)) {
        throw new PythonError("re.search on " + PyFormat.str(value) + " (TypeError: expected string)");
      }
      return Pattern.compile(ref.asText(), flags).matcher(s).find();
    }
    switch (method) {
      case "eq" -> { return equal(value, ref); }
      case "ne" -> { return !equal(value, ref); }
      case "lt" -> { return compare(value, ref) < 0; }
      case "le" -> { return compare(value, ref) <= 0; }
      case "gt" -> { return compare(value, ref) > 0; }
      case "ge" -> { return compare(value, ref) >= 0; }
      default -> {}
    }
    if (method.startsWith("approx")) {
      double threshold = Double.parseDouble(method.substring(method.indexOf(':') + 1));
      Double v = toFloat(value);
      return v != null && Math.abs(v - ref.asDouble()) <= threshold;
    }
    if (method.equals("spreadsheet_range")) {
      @SuppressWarnings("unchecked")
      List<CellRanges.Range> ranges = (List<CellRanges.Range>) value;
      List<CellRanges.Range> subset = CellRanges.multi(ref.get(0).asText());
      List<CellRanges.Range> superset = CellRanges.multi(ref.get(1).asText());
      return CellRanges.containedBy(subset, ranges) && CellRanges.containedBy(ranges, superset);
    }
    if (method.startsWith("range.") && method.length() == 8) {
      // range.te [0, 2] -> 0 < x <= 2: operator.l<left>(ref0, value) and operator.l<right>(value, ref1)
      boolean left = method.charAt(6) == 't' ? compareRef(ref.get(0), value) < 0 : compareRef(ref.get(0), value) <= 0;
      boolean right = method.charAt(7) == 't' ? compare(value, ref.get(1)) < 0 : compare(value, ref.get(1)) <= 0;
      return left && right;
    }
    if (method.equals("str_list_eq") || method.equals("str_set_eq")) {
      if (!(value instanceof String s)) {
        throw new PythonError(method + " on " + PyFormat.str(value) + " (AttributeError: no strip)");
      }
      List<String> items = List.of(stripQuotes(s).split(",", -1));
      List<String> refs = new ArrayList<>();
      ref.forEach(r -> refs.add(r.asText()));
      return method.equals("str_list_eq") ? items.equals(refs) : new HashSet<>(items).equals(new HashSet<>(refs));
    }
    throw new PythonError("unknown rule method '" + method + "' (NotImplementedError)");
  }

  private static String stripQuotes(String s) {
    int a = 0;
    int b = s.length();
    while (a < b && (s.charAt(a) == '"' || s.charAt(a) == '\'')) {
      a++;
    }
    while (b > a && (s.charAt(b - 1) == '"' || s.charAt(b - 1) == '\'')) {
      b--;
    }
    return s.substring(a, b);
  }

  /** Python {@code float(value)}, or null where it raises. */
  static Double toFloat(Object value) {
    return switch (value) {
      case Long l -> l.doubleValue();
      case Double d -> d;
      case Boolean b -> b ? 1.0 : 0.0;
      case String s -> {
        try {
          yield Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
          yield null;
        }
      }
      case null, default -> null;
    };
  }

  /** Python {@code value == ref}. */
  public static boolean equal(Object value, JsonNode ref) {
    if (ref == null || ref.isNull()) {
      return value == null;
    }
    return switch (value) {
      case null -> false;
      case String s -> ref.isTextual() && ref.asText().equals(s);
      case Boolean b -> ref.isBoolean() ? ref.booleanValue() == b : ref.isNumber() && ref.asDouble() == (b ? 1 : 0);
      case Long l -> ref.isNumber() ? ref.asDouble() == l : ref.isBoolean() && (ref.booleanValue() ? 1 : 0) == l;
      case Double d -> ref.isNumber() ? ref.asDouble() == d : ref.isBoolean() && (ref.booleanValue() ? 1 : 0) == d;
      default -> false;
    };
  }

  /** Python ordering of {@code value} against {@code ref}; unlike types raise TypeError. */
  static int compare(Object value, JsonNode ref) {
    Double v = value instanceof String ? null : toFloat(value);
    if (v != null && (ref.isNumber() || ref.isBoolean())) {
      return Double.compare(v, ref.isBoolean() ? (ref.booleanValue() ? 1 : 0) : ref.asDouble());
    }
    if (value instanceof String s && ref.isTextual()) {
      return s.compareTo(ref.asText());
    }
    throw new PythonError("cannot order " + PyFormat.str(value) + " against " + ref + " (TypeError)");
  }

  private static int compareRef(JsonNode ref, Object value) {
    return -compare(value, ref);
  }
}
