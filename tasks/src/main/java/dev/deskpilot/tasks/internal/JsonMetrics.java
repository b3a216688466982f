package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.tasks.MetricInput;
import dev.deskpilot.tasks.Value;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * OSWorld's rule-based metrics on structured values: {@code check_direct_json_object},
 * {@code check_list} ({@code metrics/general.py}), {@code check_config_status} ({@code gimp.py}),
 * {@code check_json_settings} and {@code is_extension_installed} ({@code vscode.py}).
 */
public final class JsonMetrics {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonMetrics() {}

  static JsonNode rules(MetricInput in) {
    Value e = in.requireExpected();
    if (e instanceof Value.Json j && j.node().isObject()) {
      return j.node();
    }
    throw in.fail("needs rules (an object from a \"rule\" getter) as its expected value, got " + e.summary());
  }

  /** A getter value as a Python object: JSON, text as a string, a path as a string, None as null. */
  static JsonNode python(Value v) {
    return switch (v) {
      case Value.Nothing n -> null;
      case Value.Json j -> j.node();
      case Value.Text t -> JSON.getNodeFactory().textNode(t.text());
      case Value.LocalFile f -> JSON.getNodeFactory().textNode(f.path().toString());
      case Value.LocalFiles fs -> {
        var a = JSON.createArrayNode();
        fs.paths().forEach(p -> a.add(p.map(Path::toString).orElse(null)));
        yield a;
      }
    };
  }

  /** Python truthiness of a JSON value. */
  static boolean truthy(JsonNode n) {
    if (n == null || n.isNull()) {
      return false;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isNumber()) {
      return n.doubleValue() != 0;
    }
    if (n.isTextual()) {
      return !n.asText().isEmpty();
    }
    return n.size() > 0;
  }

  /**
   * {@code check_direct_json_object(result, rules)}: a string result is parsed as JSON (quotes
   * swapped to double first); None scores 0; an expected value "__EVALUATION_FAILED__" scores 0.
   * Without {@code expect_in_result}, every {@code expected} key must equal (Python ==) the
   * result's; with it, a list expected value needs one item in (or equal to) the result's value
   * and a string must be a substring. Any Python error inside scores 0, as OSWorld catches it.
   */
  public static double checkDirectJsonObject(MetricInput in) {
    JsonNode result = python(in.result());
    if (result != null && result.isTextual()) {
      String s = PyValues.strip(result.asText()).replace('\'', '"');
      try {
        result = JSON.readTree(s);
      } catch (JsonProcessingException e) {
        throw in.fail("cannot parse the result as JSON (OSWorld: JSONDecodeError): " + SetupFailures.firstLine(s));
      }
    }
    if (result == null || result.isNull()) {
      return 0;
    }
    JsonNode rules = rules(in);
    JsonNode expected = rules.get("expected");
    if (truthy(expected)) {
      if (!expected.isObject()) {
        return 0;
      }
      for (Map.Entry<String, JsonNode> e : expected.properties()) {
        if (e.getValue().isTextual() && e.getValue().asText().equals("__EVALUATION_FAILED__")) {
          return 0;
        }
      }
    }
    if (expected == null || !expected.isObject() || !result.isObject()) {
      return 0; // KeyError / AttributeError inside OSWorld's try -> 0
    }
    boolean inResult = truthy(rules.get("expect_in_result"));
    try {
      if (!inResult) {
        boolean ignoreOrder = truthy(expected.get("ignore_list_order"));
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
          JsonNode actual = result.get(e.getKey());
          if (ignoreOrder) {
            if (!sorted(e.getValue()).equals(sorted(actual))) {
              return 0;
            }
          } else if (!PyValues.equal(e.getValue(), actual == null ? JSON.nullNode() : actual)) {
            return 0;
          }
        }
        return 1;
      }
      for (Map.Entry<String, JsonNode> e : expected.properties()) {
        JsonNode want = e.getValue();
        JsonNode actual = result.get(e.getKey());
        if (want.isArray()) {
          boolean found = false;
          for (JsonNode each : want) {
            if (actual != null && actual.isArray()) {
              for (JsonNode a : actual) {
                if (PyValues.equal(a, each)) {
                  found = true;
                }
              }
            } else if (actual != null && actual.isTextual() && PyValues.equal(each, actual)) {
              found = true;
            }
            if (found) {
              break;
            }
          }
          if (!found) {
            return 0;
          }
        } else if (want.isTextual()) {
          if (actual == null || !actual.isTextual()) {
            return 0; // TypeError: 'in <non-str>' -> caught -> 0
          }
          if (!actual.asText().contains(want.asText())) {
            return 0;
          }
        } else {
          return 0;
        }
      }
      return 1;
    } catch (ValueRules.PythonError e) {
      return 0;
    }
  }

  /** Python {@code sorted()} of a list of strings or of numbers; anything else raises. */
  private static List<Object> sorted(JsonNode n) {
    if (n == null || !(n.isArray() || n.isTextual() || n.isObject())) {
      throw new ValueRules.PythonError("sorted() of a non-iterable");
    }
    List<Object> out = new ArrayList<>();
    if (n.isTextual()) {
      n.asText().codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
    } else if (n.isObject()) {
      n.fieldNames().forEachRemaining(out::add);
    } else {
      for (JsonNode x : n) {
        if (x.isTextual()) {
          out.add(x.asText());
        } else if (x.isNumber() || x.isBoolean()) {
          out.add(x.isBoolean() ? (x.booleanValue() ? 1.0 : 0.0) : x.doubleValue());
        } else {
          throw new ValueRules.PythonError("unorderable item");
        }
      }
    }
    boolean strings = out.stream().allMatch(o -> o instanceof String);
    boolean numbers = out.stream().allMatch(o -> o instanceof Double);
    if (!strings && !numbers) {
      throw new ValueRules.PythonError("sorted() of mixed types");
    }
    out.sort((a, b) -> strings ? ((String) a).compareTo((String) b) : Double.compare((Double) a, (Double) b));
    return out;
  }

  private static Path file(MetricInput in, Value v) {
    return switch (v) {
      case Value.LocalFile f -> f.path();
      case Value.Text t -> Path.of(t.text());
      default -> throw in.fail("needs a file, got " + v.summary());
    };
  }

  /**
   * {@code check_list(result, rules)}: every {@code expect} regex matches some line and no
   * {@code unexpect} regex matches any line; 0 for None.
   */
  public static double checkList(MetricInput in) throws IOException {
    if (in.result() instanceof Value.Nothing) {
      return 0;
    }
    JsonNode rules = rules(in);
    List<Pattern> expect = patterns(in, rules.get("expect"));
    List<Pattern> unexpect = patterns(in, rules.get("unexpect"));
    boolean[] seen = new boolean[expect.size()];
    boolean clean = true;
    String text = PyValues.universalNewlines(Files.readString(file(in, in.result()), StandardCharsets.UTF_8));
    for (String line : lines(text)) {
      for (int i = 0; i < expect.size(); i++) {
        seen[i] = seen[i] || expect.get(i).matcher(line).find();
      }
      for (Pattern p : unexpect) {
        if (p.matcher(line).find()) {
          clean = false;
        }
      }
    }
    for (boolean s : seen) {
      if (!s) {
        return 0;
      }
    }
    return clean ? 1 : 0;
  }

  /** Python's iteration over a text file: lines with their "\n". */
  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        out.add(text.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  private static List<Pattern> patterns(MetricInput in, JsonNode list) {
    List<Pattern> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    for (JsonNode p : list) {
      out.add(PyRegex.compile(p.asText(), 0));
    }
    return out;
  }

  /**
   * {@code check_config_status(config, rule)}: 1 when a non-comment line of the GIMP config,
   * stripped of its parentheses, starts with {@code key} (or the two words of a two-item key) and
   * ends with {@code value}.
   */
  public static double checkConfigStatus(MetricInput in) throws IOException {
    if (in.result() instanceof Value.Nothing) {
      return 0;
    }
    JsonNode rule = rules(in);
    JsonNode key = rule.get("key");
    String value = rule.path("value").asText();
    String text = PyValues.universalNewlines(Files.readString(file(in, in.result()), StandardCharsets.UTF_8));
    for (String line : lines(text)) {
      if (line.startsWith("#") || line.equals("\n")) {
        continue;
      }
      String s = TableMetrics.rstrip(TableMetrics.lstrip(PyValues.strip(line), "("), ")\n");
      String[] items = PyValues.strip(s).isEmpty() ? new String[0] : PyValues.strip(s).split("\\s+");
      if (items.length == 0) {
        throw in.fail("found an empty config line (OSWorld: IndexError)");
      }
      if (key != null && key.isTextual()) {
        if (items[0].equals(key.asText()) && items[items.length - 1].equals(value)) {
          return 1;
        }
      } else if (key != null && key.isArray() && key.size() == 2) {
        if (items.length > 1 && items[0].equals(key.get(0).asText()) && items[1].equals(key.get(1).asText())
            && items[items.length - 1].equals(value)) {
          return 1;
        }
      }
    }
    return 0;
  }

  /**
   * {@code check_json_settings(actual, expected)}: the file parses as JSON and holds every
   * {@code expected["expected"]} key with an equal value; 0 for None or an unreadable file.
   */
  public static double checkJsonSettings(MetricInput in) {
    if (in.result() instanceof Value.Nothing) {
      return 0;
    }
    JsonNode data;
    try {
      data = JSON.readTree(Files.readString(file(in, in.result()), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return 0;
    }
    JsonNode expect = rules(in).get("expected");
    if (expect == null || !expect.isObject()) {
      throw in.fail("needs rules.expected to be an object (OSWorld: KeyError/AttributeError)");
    }
    for (Map.Entry<String, JsonNode> e : expect.properties()) {
      JsonNode actual = data == null ? null : data.get(e.getKey());
      if (actual == null || !PyValues.equal(actual, e.getValue())) {
        return 0;
      }
    }
    return 1;
  }

  /** {@code is_extension_installed(actual, rules)}: {@code expected in actual} for "contain", not for "not_contain". */
  public static double isExtensionInstalled(MetricInput in) {
    JsonNode rules = rules(in);
    String expected = rules.path("expected").asText();
    String actual = switch (in.result()) {
      case Value.Text t -> t.text();
      case Value.Nothing n -> throw in.fail("got None (OSWorld: TypeError)");
      default -> in.result().summary();
    };
    return switch (rules.path("type").asText()) {
      case "contain" -> actual.contains(expected) ? 1 : 0;
      case "not_contain" -> actual.contains(expected) ? 0 : 1;
      default -> throw in.fail("rules.type must be contain or not_contain (OSWorld: NotImplementedError)");
    };
  }
}
