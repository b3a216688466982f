package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.tasks.MetricInput;
import dev.deskpilot.tasks.Value;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * OSWorld's general metrics ({@code desktop_env/evaluators/metrics/general.py} and
 * {@code docs.py}), with the same results for the same inputs.
 */
public final class GeneralMetrics {
  private GeneralMetrics() {}

  /**
   * {@code exact_match(result, rules)}: 1 if {@code result == rules["expected"]}, else 0 (Python
   * equality, so a None result matches only a null expected).
   */
  public static double exactMatch(MetricInput in) {
    JsonNode rules = rules(in);
    JsonNode expected = rules.get("expected");
    if (expected == null) {
      throw in.fail("needs rules with an \"expected\" value (OSWorld: KeyError 'expected')");
    }
    return PyValues.equal(in.result(), expected) ? 1 : 0;
  }

  /**
   * {@code check_include_exclude(result, rules)}: 0 for a None result; 1 if every
   * {@code rules["include"]} item is {@code in} the result and no {@code rules["exclude"]} item is,
   * else 0. For text, {@code in} is a substring test; for a list, membership.
   */
  public static double checkIncludeExclude(MetricInput in) {
    if (in.result() instanceof Value.Nothing) {
      return 0;
    }
    JsonNode rules = rules(in);
    List<JsonNode> include = items(in, rules, "include");
    List<JsonNode> exclude = items(in, rules, "exclude");
    for (JsonNode r : include) {
      if (!contains(in, r)) {
        return 0;
      }
    }
    for (JsonNode r : exclude) {
      if (contains(in, r)) {
        return 0;
      }
    }
    return 1;
  }

  /**
   * {@code compare_text_file(actual, expected, ignore_blanks=False, ignore_case=False)}: 0 when the
   * actual file is None; else both files are read as text (UTF-8, universal newlines) and must be
   * equal. {@code ignore_blanks}: tabs and newlines become spaces, the text is stripped, and runs of
   * whitespace become one space. {@code ignore_case}: both are lower-cased.
   */
  public static double compareTextFile(MetricInput in) throws IOException {
    Value actual = in.result();
    // Python: `if not actual: return 0.` (None, "" and [] are falsy)
    if (actual instanceof Value.Nothing
        || (actual instanceof Value.Text t && t.text().isEmpty())
        || (actual instanceof Value.LocalFiles fs && fs.paths().isEmpty())) {
      return 0;
    }
    Path actualPath = file(in, actual, "actual (result)");
    Path expectedPath = file(in, in.requireExpected(), "expected");
    boolean ignoreBlanks = in.booleanOption("ignore_blanks", false);
    boolean ignoreCase = in.booleanOption("ignore_case", false);
    String a = readText(in, actualPath);
    String e = readText(in, expectedPath);
    if (ignoreBlanks) {
      a = blanks(a);
      e = blanks(e);
    }
    if (ignoreCase) {
      a = a.toLowerCase(Locale.ROOT);
      e = e.toLowerCase(Locale.ROOT);
    }
    return a.equals(e) ? 1 : 0;
  }

  /** {@code re.sub(r'[\t\n]', ' ', s).strip()} then {@code re.sub(r'\s+', ' ', s)}. */
  static String blanks(String s) {
    return PyValues.collapseSpaces(PyValues.strip(s.replace('\t', ' ').replace('\n', ' ')));
  }

  private static Path file(MetricInput in, Value v, String which) {
    return switch (v) {
      case Value.LocalFile f -> f.path();
      case Value.Text t -> Path.of(t.text());
      default -> throw in.fail("needs a file as its " + which + " value, got " + v.summary());
    };
  }

  private static String readText(MetricInput in, Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      return PyValues.universalNewlines(s);
    } catch (CharacterCodingException e) {
      throw in.fail("cannot read " + p + " as UTF-8 text (OSWorld: UnicodeDecodeError)");
    }
  }

  private static JsonNode rules(MetricInput in) {
    Value expected = in.requireExpected();
    if (expected instanceof Value.Json j && j.node().isObject()) {
      return j.node();
    }
    throw in.fail("needs rules (an object from a \"rule\" getter) as its expected value, got " + expected.summary());
  }

  private static List<JsonNode> items(MetricInput in, JsonNode rules, String key) {
    JsonNode n = rules.get(key);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw in.fail("needs rules." + key + " to be a list, got " + JsonFields.describe(n));
    }
    return iterable(n);
  }

  private static List<JsonNode> iterable(JsonNode n) {
    java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
    n.elements().forEachRemaining(out::add);
    return out;
  }

  /** Python {@code r in result}. */
  private static boolean contains(MetricInput in, JsonNode r) {
    Value result = in.result();
    String text =
        switch (result) {
          case Value.Text t -> t.text();
          case Value.LocalFile f -> f.path().toString();
          case Value.Json j when j.node().isTextual() -> j.node().asText();
          default -> null;
        };
    if (text != null) {
      if (!r.isTextual()) {
        throw in.fail("cannot test " + r + " in a string (OSWorld: TypeError); rules items must be strings");
      }
      return text.contains(r.asText());
    }
    if (result instanceof Value.Json j && j.node().isArray()) {
      for (JsonNode item : iterable(j.node())) {
        if (PyValues.equal(item, r)) {
          return true;
        }
      }
      return false;
    }
    if (result instanceof Value.Json j && j.node().isObject()) {
      return r.isTextual() && j.node().has(r.asText());
    }
    throw in.fail("cannot test membership in " + result.summary());
  }
}
