package dev.deskpilot.vm.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The small subset of Python that OSWorld's harness and {@code pyautogui} action-space agents send
 * through {@code /execute} as {@code python -c SCRIPT}: statements separated by {@code ;} or new
 * lines, each an {@code import}, an assignment of a literal to a dotted name ({@code
 * pyautogui.FAILSAFE = False}) or a call of a dotted name with literal arguments ({@code
 * pyautogui.click(x=10, y=20, button='left')}, {@code time.sleep(0.5)}).
 *
 * <p>Literals: strings ({@code '...'}, {@code "..."}, with Python escapes, {@code r}/{@code u}
 * prefixes), integers, floats, {@code True}, {@code False}, {@code None}, lists and tuples of
 * literals, and dotted names (e.g. a tween function {@code pyautogui.easeInQuad}) kept as {@link
 * Name}. Anything else makes {@link #parse} answer empty: the script is then not this subset.
 */
public final class PyScript {
  private PyScript() {}

  /** A statement of the subset. */
  public sealed interface Statement permits Import, Assign, Call {}

  /** {@code import a, b}. */
  public record Import(List<String> modules) implements Statement {}

  /** {@code a.b = literal}. */
  public record Assign(String target, Object value) implements Statement {}

  /**
   * {@code f(args, name=value)}; argument values are String, Long, Double, Boolean, {@link #NONE},
   * {@link Name} or List of those.
   */
  public record Call(String function, List<Object> args, Map<String, Object> kwargs) implements Statement {
    public Call {
      args = List.copyOf(args);
      kwargs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
    }

    /** The text of this call as a person would read it, for messages. */
    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      args.forEach(a -> parts.add(literal(a)));
      kwargs.forEach((k, v) -> parts.add(k + "=" + literal(v)));
      return function + "(" + String.join(", ", parts) + ")";
    }
  }

  /** A dotted name used as a value ({@code pyautogui.easeInQuad}). */
  public record Name(String dotted) {}

  /** Python's {@code None}. */
  public static final Object NONE = new Object() {
    @Override
    public String toString() {
      return "None";
    }
  };

  /** The statements of {@code script}, or empty when it is not of this subset. */
  public static Optional<List<Statement>> parse(String script) {
    Objects.requireNonNull(script, "script");
    try {
      return Optional.of(new Parser(script).statements());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A value as Python source ({@code repr} for strings, {@code True}, lists in brackets). */
  public static String literal(Object v) {
    if (v == NONE) {
      return "None";
    }
    if (v instanceof String s) {
      return repr(s);
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof Name n) {
      return n.dotted();
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(x -> parts.add(literal(x)));
      return "[" + String.join(", ", parts) + "]";
    }
    return String.valueOf(v);
  }

  /** A string as Python's {@code repr} writes it (single quotes unless the text holds one). */
  public static String repr(String s) {
    char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder sb = new StringBuilder().append(quote);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == quote) {
            sb.append('\\').append(c);
          } else if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\x%02x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append(quote).toString();
  }

  /** A recursive-descent reader of the subset; throws IllegalArgumentException on anything else. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    List<Statement> statements() {
      List<Statement> out = new ArrayList<>();
      while (true) {
        skipSeparators();
        if (i >= s.length()) {
          return out;
        }
        out.add(statement());
        skipBlanks();
        if (i < s.length() && s.charAt(i) != ';' && s.charAt(i) != '\n' && s.charAt(i) != '\r' && s.charAt(i) != '#') {
          throw fail("expected ; or a new line");
        }
      }
    }

    private Statement statement() {
      String name = dotted();
      if (name.equals("import")) {
        List<String> modules = new ArrayList<>();
        do {
          skipBlanks();
          modules.add(dotted());
          skipBlanks();
        } while (eat(','));
        return new Import(modules);
      }
      skipBlanks();
      if (eat('=')) {
        skipBlanks();
        return new Assign(name, value());
      }
      if (eat('(')) {
        List<Object> args = new ArrayList<>();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        skipSpace();
        while (!eat(')')) {
          int mark = i;
          Object v = null;
          if (isNameStart(peek())) {
            String id = dotted();
            skipSpace();
            if (peek() == '=' && (i + 1 >= s.length() || s.charAt(i + 1) != '=')) {
              i++;
              skipSpace();
              if (kwargs.put(id, value()) != null) {
                throw fail("keyword argument " + id + " repeated");
              }
            } else {
              i = mark;
              v = value();
            }
          } else {
            v = value();
          }
          if (v != null) {
            if (!kwargs.isEmpty()) {
              throw fail("positional argument after keyword argument");
            }
            args.add(v);
          }
          skipSpace();
          if (!eat(',')) {
            skipSpace();
            if (!eat(')')) {
              throw fail("expected , or )");
            }
            break;
          }
          skipSpace();
        }
        return new Call(name, args, kwargs);
      }
      throw fail("expected = or ( after " + name);
    }

    private Object value() {
      char c = peek();
      if (c == '\'' || c == '"' || (c == 'r' || c == 'R' || c == 'u' || c == 'U') && i + 1 < s.length()
          && (s.charAt(i + 1) == '\'' || s.charAt(i + 1) == '"')) {
        return string();
      }
      if (c == '[' || c == '(') {
        char close = c == '[' ? ']' : ')';
        i++;
        List<Object> items = new ArrayList<>();
        skipSpace();
        while (!eat(close)) {
          items.add(value());
          skipSpace();
          if (!eat(',')) {
            skipSpace();
            if (!eat(close)) {
              throw fail("expected , or " + close);
            }
            break;
          }
          skipSpace();
        }
        return java.util.Collections.unmodifiableList(items);
      }
      if (c == '-' || c == '+' || Character.isDigit(c) || c == '.') {
        return number();
      }
      if (isNameStart(c)) {
        String name = dotted();
        return switch (name) {
          case "True" -> Boolean.TRUE;
          case "False" -> Boolean.FALSE;
          case "None" -> NONE;
          default -> new Name(name);
        };
      }
      throw fail("expected a value");
    }

    private Object number() {
      int start = i;
      if (peek() == '-' || peek() == '+') {
        i++;
      }
      boolean real = false;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (Character.isDigit(c) || c == '_') {
          i++;
        } else if (c == '.' || c == 'e' || c == 'E') {
          real = true;
          i++;
          if ((c == 'e' || c == 'E') && i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
          }
        } else {
          break;
        }
      }
      String text = s.substring(start, i).replace("_", "");
      try {
        return real ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
      } catch (NumberFormatException e) {
        throw fail("bad number " + text);
      }
    }

    private String string() {
      boolean raw = false;
      while (Character.isLetter(peek())) {
        raw |= peek() == 'r' || peek() == 'R';
        i++;
      }
      char quote = s.charAt(i++);
      if (i + 1 < s.length() && s.charAt(i) == quote && s.charAt(i + 1) == quote) {
        throw fail("triple-quoted strings are not read");
      }
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= s.length()) {
          throw fail("unterminated string");
        }
        char c = s.charAt(i++);
        if (c == quote) {
          return sb.toString();
        }
        if (c == '\n') {
          throw fail("new line inside a string");
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (i >= s.length()) {
          throw fail("unterminated string");
        }
        char e = s.charAt(i++);
        if (raw) {
          sb.append('\\').append(e);
          continue;
        }
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case '0' -> sb.append('\0');
          case 'a' -> sb.append('\u0007');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'v' -> sb.append('\u000b');
          case '\\', '\'', '"' -> sb.append(e);
          case '\n' -> { }
          case 'x' -> sb.append((char) hex(2));
          case 'u' -> sb.append((char) hex(4));
          case 'U' -> sb.appendCodePoint(hex(8));
          default -> sb.append('\\').append(e);
        }
      }
    }

    private int hex(int digits) {
      if (i + digits > s.length()) {
        throw fail("short escape");
      }
      try {
        int v = Integer.parseInt(s.substring(i, i + digits), 16);
        i += digits;
        return v;
      } catch (NumberFormatException e) {
        throw fail("bad escape");
      }
    }

    private String dotted() {
      StringBuilder sb = new StringBuilder(identifier());
      while (peek() == '.' && i + 1 < s.length() && isNameStart(s.charAt(i + 1))) {
        i++;
        sb.append('.').append(identifier());
      }
      return sb.toString();
    }

    private String identifier() {
      if (!isNameStart(peek())) {
        throw fail("expected a name");
      }
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
      return s.substring(start, i);
    }

    private static boolean isNameStart(char c) {
      return Character.isLetter(c) || c == '_';
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : '\0';
    }

    private boolean eat(char c) {
      if (peek() == c) {
        i++;
        return true;
      }
      return false;
    }

    /** Spaces and tabs. */
    private void skipBlanks() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    /** Inside brackets new lines are spaces too. */
    private void skipSpace() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private void skipSeparators() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == ';' || Character.isWhitespace(c)) {
          i++;
        } else if (c == '#') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else {
          return;
        }
      }
    }

    private IllegalArgumentException fail(String what) {
      return new IllegalArgumentException(what + " at offset " + i);
    }
  }
}
