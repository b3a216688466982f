package dev.deskpilot.agent.provider.openaicompat;

import dev.deskpilot.agent.PolicyException;
import dev.deskpilot.agent.provider.internal.Wire;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text UI-TARS style models write:
 *
 * <pre>
 * Thought: I should open the File menu.
 * Action: click(start_box='&lt;|box_start|&gt;(120,36)&lt;|box_end|&gt;')
 * </pre>
 *
 * <p>Arguments are {@code key='value'} (or {@code "value"}, or positional), with Python escapes
 * ({@code \n}, {@code \'}, ...). Several calls may follow one {@code Action:}. Points are {@code
 * (x,y)} with or without the box tokens, {@code <point>x y</point>}, {@code [x, y]}, or a box of
 * four numbers (its centre).
 */
final class UiTarsParser {
  static final int MAX_CALLS = 20;
  static final int MAX_TEXT = 50_000;

  private static final String NUM = "(-?\\d+(?:\\.\\d+)?)";
  private static final String SEP = "(?:\\s*+,\\s*+|\\s++)";
  private static final Pattern POINT =
      Pattern.compile(
          "\\s*+[(\\[]?+\\s*+" + NUM + SEP + NUM + "(?:" + SEP + NUM + SEP + NUM + ")?+\\s*+[)\\]]?+\\s*+");

  private final String source;

  UiTarsParser(String source) {
    this.source = source;
  }

  /** One call such as {@code click(start_box='...')}; positional arguments are keyed {@code _0, _1}. */
  record Call(String name, Map<String, String> args) {
    Call {
      args = Map.copyOf(args);
    }

    String arg(String... keys) {
      for (String k : keys) {
        String v = args.get(k);
        if (v != null) {
          return v;
        }
      }
      return null;
    }
  }

  record Parsed(String thought, List<Call> calls) {
    Parsed {
      calls = List.copyOf(calls);
    }
  }

  Parsed parse(String text) {
    if (text == null || text.isBlank()) {
      throw fail("empty reply text");
    }
    if (text.length() > MAX_TEXT) {
      throw fail("reply text is " + text.length() + " characters, more than " + MAX_TEXT);
    }
    int at = text.lastIndexOf("Action:");
    if (at < 0) {
      throw fail("no 'Action:' line; answer with 'Thought: ...' then 'Action: ...'");
    }
    String thought = text.substring(0, at).strip();
    for (String label : new String[] {"Thought:", "Reflection:", "Action_Summary:"}) {
      if (thought.startsWith(label)) {
        thought = thought.substring(label.length()).strip();
      }
    }
    List<Call> calls = calls(text.substring(at + "Action:".length()));
    if (calls.isEmpty()) {
      throw fail("'Action:' is followed by no action");
    }
    return new Parsed(thought, calls);
  }

  private List<Call> calls(String s) {
    List<Call> out = new ArrayList<>();
    int[] pos = {0};
    while (true) {
      skipSpace(s, pos);
      if (pos[0] >= s.length()) {
        return out;
      }
      if (out.size() >= MAX_CALLS) {
        throw fail("more than " + MAX_CALLS + " actions in one reply");
      }
      out.add(call(s, pos));
    }
  }

  private Call call(String s, int[] pos) {
    int start = pos[0];
    String name = identifier(s, pos);
    if (name.isEmpty()) {
      throw fail("expected an action name at '" + Wire.abbreviate(s.substring(start), 30) + "'");
    }
    skipSpace(s, pos);
    expect(s, pos, '(', name);
    Map<String, String> args = new LinkedHashMap<>();
    int positional = 0;
    while (true) {
      skipSpace(s, pos);
      if (pos[0] >= s.length()) {
        throw fail(name + "(...) is not closed");
      }
      if (s.charAt(pos[0]) == ')') {
        pos[0]++;
        return new Call(name, args);
      }
      String key;
      String value;
      int mark = pos[0];
      String id = identifier(s, pos);
      skipSpace(s, pos);
      if (!id.isEmpty() && pos[0] < s.length() && s.charAt(pos[0]) == '=') {
        pos[0]++;
        skipSpace(s, pos);
        key = id;
      } else {
        pos[0] = mark;
        key = "_" + positional++;
      }
      value = value(s, pos, name);
      if (args.put(key, value) != null) {
        throw fail(name + "(...) gives '" + key + "' twice");
      }
      skipSpace(s, pos);
      if (pos[0] < s.length() && s.charAt(pos[0]) == ',') {
        pos[0]++;
      } else if (pos[0] >= s.length() || s.charAt(pos[0]) != ')') {
        throw fail(name + "(...): expected ',' or ')' at '"
            + Wire.abbreviate(s.substring(Math.min(pos[0], s.length())), 20) + "'");
      }
    }
  }

  private String value(String s, int[] pos, String name) {
    if (pos[0] >= s.length()) {
      throw fail(name + "(...) is not closed");
    }
    char q = s.charAt(pos[0]);
    if (q == '\'' || q == '"') {
      StringBuilder b = new StringBuilder();
      int i = pos[0] + 1;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == q) {
          pos[0] = i + 1;
          return b.toString();
        }
        if (c == '\\' && i + 1 < s.length()) {
          char e = s.charAt(i + 1);
          switch (e) {
            case 'n' -> b.append('\n');
            case 't' -> b.append('\t');
            case '\\', '\'', '"' -> b.append(e);
            default -> b.append(c).append(e);
          }
          i += 2;
        } else {
          b.append(c);
          i++;
        }
      }
      throw fail(name + "(...): a quoted argument is not closed");
    }
    int i = pos[0];
    int depth = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if ((c == ')' || c == ']') && depth > 0) {
        depth--;
      } else if ((c == ',' || c == ')') && depth == 0) {
        break;
      }
      i++;
    }
    String v = s.substring(pos[0], i).strip();
    pos[0] = i;
    if (v.isEmpty()) {
      throw fail(name + "(...) has an empty argument");
    }
    return v;
  }

  private static String identifier(String s, int[] pos) {
    int i = pos[0];
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')
        && (i > pos[0] || !Character.isDigit(s.charAt(i)))) {
      i++;
    }
    String id = s.substring(pos[0], i);
    pos[0] = i;
    return id;
  }

  private void expect(String s, int[] pos, char c, String name) {
    if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
      throw fail("expected '" + c + "' after " + Wire.abbreviate(name, 30));
    }
    pos[0]++;
  }

  private static void skipSpace(String s, int[] pos) {
    while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) {
      pos[0]++;
    }
  }

  /**
   * The point of a box argument: {@code [x, y]}; a box of four numbers gives its centre.
   *
   * @throws PolicyException naming the argument when it holds no point
   */
  double[] point(String value, String what) {
    String v = value
        .replace("<|box_start|>", " ").replace("<|box_end|>", " ")
        .replace("<point>", " ").replace("</point>", " ")
        .replace("<bbox>", " ").replace("</bbox>", " ");
    Matcher m = POINT.matcher(v);
    if (!m.matches()) {
      throw fail(what + ": '" + Wire.abbreviate(value, 40) + "' is not a point such as (x,y)");
    }
    double x1 = Double.parseDouble(m.group(1));
    double y1 = Double.parseDouble(m.group(2));
    if (m.group(3) == null) {
      return new double[] {x1, y1};
    }
    double x2 = Double.parseDouble(m.group(3));
    double y2 = Double.parseDouble(m.group(4));
    return new double[] {(x1 + x2) / 2, (y1 + y2) / 2};
  }

  PolicyException fail(String message) {
    return new PolicyException(source + ": " + message);
  }
}
