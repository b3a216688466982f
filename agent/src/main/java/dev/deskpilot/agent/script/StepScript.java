package dev.deskpilot.agent.script;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.perception.Point;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic step script: the offline policy, the QA format, and the format demonstrations
 * and successful runs are saved in. One step per line; {@code #} starts a comment.
 *
 * <pre>
 * click "File"                 left click on text found on screen (OCR-grounded)
 * click "Save" nth 2           the 2nd match in reading order
 * click "Replace:" offset 200,0  200 px right of the text's centre (the field beside a label)
 * double_click "x"  right_click "x"  middle_click "x"
 * click 640,400                screen coordinates
 * type "hello\n"               text with JSON escapes (\n, \t, \", \\, \\uXXXX)
 * type "Bob" into "Name"       click the text "Name", then type
 * press ctrl+s                 a key chord
 * expect "Saved"               wait (default 10 s) until the text is on screen
 * expect "Saved" within 5      ... at most 5 s
 * expect_gone "Save As"        wait (default 10 s) until the text is no longer on screen
 * expect_gone "Save As" within 5
 * wait 1.5                     seconds
 * done | fail "why"
 * </pre>
 */
public record StepScript(List<ScriptStep> steps) {
  public static final Duration DEFAULT_EXPECT = Duration.ofSeconds(10);

  public StepScript {
    steps = List.copyOf(steps);
  }

  /**
   * Parses script lines.
   *
   * @throws ScriptSyntaxException naming the line number and what would be valid
   */
  public static StepScript parse(List<String> lines) {
    List<ScriptStep> steps = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      if (raw == null) {
        throw new ScriptSyntaxException(i + 1, "empty entry");
      }
      Lexer lx = new Lexer(raw, i + 1);
      if (lx.atEnd()) {
        continue;
      }
      steps.add(parseLine(lx, i + 1));
    }
    return new StepScript(steps);
  }

  /**
   * A string as a script literal, the inverse of how lines are read: quotes, backslashes, newlines
   * and tabs escaped, other control characters as {@code \\uXXXX}. Every writer of script lines uses
   * this, so what is written always reads back the same.
   */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private static ScriptStep parseLine(Lexer lx, int line) {
    String verb = lx.word();
    ScriptStep step =
        switch (verb) {
          case "click" -> click(lx, line, Action.MouseButton.LEFT, 1);
          case "double_click" -> click(lx, line, Action.MouseButton.LEFT, 2);
          case "triple_click" -> click(lx, line, Action.MouseButton.LEFT, 3);
          case "right_click" -> click(lx, line, Action.MouseButton.RIGHT, 1);
          case "middle_click" -> click(lx, line, Action.MouseButton.MIDDLE, 1);
          case "type" -> {
            String text = lx.string();
            String into = null;
            if (!lx.atEnd()) {
              lx.expectWord("into");
              into = lx.string();
            }
            try {
              new Action.TypeText(text);
            } catch (IllegalArgumentException e) {
              throw new ScriptSyntaxException(line, e.getMessage());
            }
            yield new ScriptStep.Type(line, text, into);
          }
          case "press" -> {
            String chord = lx.rest();
            try {
              yield new ScriptStep.Press(line, Action.KeyChord.parse(chord));
            } catch (IllegalArgumentException e) {
              throw new ScriptSyntaxException(line, e.getMessage());
            }
          }
          case "expect", "expect_gone" -> {
            String text = lx.string();
            if (text.isBlank()) {
              throw new ScriptSyntaxException(line, verb + " needs non-empty text");
            }
            Duration within = DEFAULT_EXPECT;
            if (!lx.atEnd()) {
              lx.expectWord("within");
              within = lx.seconds();
            }
            yield verb.equals("expect")
                ? new ScriptStep.Expect(line, text, within)
                : new ScriptStep.ExpectGone(line, text, within);
          }
          case "wait" -> new ScriptStep.Pause(line, lx.seconds());
          case "done" -> new ScriptStep.Done(line);
          case "fail" -> new ScriptStep.Fail(line, lx.atEnd() ? "" : lx.string());
          default ->
              throw new ScriptSyntaxException(
                  line,
                  "unknown step '"
                      + verb
                      + "' (valid: click, double_click, triple_click, right_click, middle_click, type, press, expect, expect_gone, wait, done, fail)");
        };
    if (!lx.atEnd()) {
      throw new ScriptSyntaxException(line, "unexpected '" + lx.rest() + "' after " + verb);
    }
    return step;
  }

  private static ScriptStep click(Lexer lx, int line, Action.MouseButton button, int count) {
    if (lx.peekQuote()) {
      String text = lx.string();
      int nth = 0;
      int dx = 0;
      int dy = 0;
      if (!lx.atEnd() && lx.peekWord("nth")) {
        lx.expectWord("nth");
        nth = lx.positiveInt();
      }
      if (!lx.atEnd()) {
        lx.expectWord("offset");
        String d = lx.word();
        String[] parts = d.split(",");
        try {
          if (parts.length != 2) {
            throw new NumberFormatException(d);
          }
          dx = Integer.parseInt(parts[0].trim());
          dy = Integer.parseInt(parts[1].trim());
        } catch (NumberFormatException e) {
          throw new ScriptSyntaxException(line, "offset needs DX,DY in whole pixels (e.g. 200,0 or -40,12), got '" + d + "'");
        }
      }
      if (text.isBlank()) {
        throw new ScriptSyntaxException(line, "click needs non-empty text");
      }
      return new ScriptStep.ClickText(line, text, nth, button, count, dx, dy);
    }
    String coords = lx.word();
    String[] parts = coords.split(",");
    try {
      if (parts.length == 2) {
        int x = Integer.parseInt(parts[0].trim());
        int y = Integer.parseInt(parts[1].trim());
        if (x >= 0 && y >= 0) {
          return new ScriptStep.ClickAt(line, new Point(x, y), button, count);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ScriptSyntaxException(
        line, "click needs \"text\" or x,y with non-negative integers, got '" + coords + "'");
  }

  /** A tiny tokenizer for one script line. */
  private static final class Lexer {
    private final String s;
    private final int line;
    private int pos;

    Lexer(String s, int line) {
      int hash = commentStart(s);
      this.s = hash < 0 ? s : s.substring(0, hash);
      this.line = line;
      skipSpace();
    }

    private static int commentStart(String s) {
      boolean inString = false;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && inString) {
          i++;
        } else if (c == '"') {
          inString = !inString;
        } else if (c == '#' && !inString) {
          return i;
        }
      }
      return -1;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    boolean peekQuote() {
      return !atEnd() && s.charAt(pos) == '"';
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    String word() {
      if (atEnd()) {
        throw new ScriptSyntaxException(line, "line ends too early: '" + s.strip() + "'");
      }
      int start = pos;
      while (pos < s.length() && !Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      String w = s.substring(start, pos);
      skipSpace();
      return w;
    }

    boolean peekWord(String w) {
      return s.startsWith(w, pos) && (pos + w.length() == s.length() || Character.isWhitespace(s.charAt(pos + w.length())));
    }

    void expectWord(String expected) {
      String w = atEnd() ? "end of line" : word();
      if (!w.equals(expected)) {
        throw new ScriptSyntaxException(line, "expected '" + expected + "', got '" + w + "'");
      }
    }

    String rest() {
      String r = s.substring(pos).strip();
      pos = s.length();
      if (r.isEmpty()) {
        throw new ScriptSyntaxException(line, "line ends too early: '" + s.strip() + "'");
      }
      return r;
    }

    int positiveInt() {
      String w = word();
      try {
        int n = Integer.parseInt(w);
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ScriptSyntaxException(line, "expected a whole number >= 1, got '" + w + "'");
    }

    Duration seconds() {
      String w = word();
      try {
        double sec = Double.parseDouble(w);
        if (sec >= 0 && sec <= 300) {
          return Duration.ofMillis(Math.round(sec * 1000));
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ScriptSyntaxException(line, "expected seconds between 0 and 300, got '" + w + "'");
    }

    String string() {
      if (!peekQuote()) {
        throw new ScriptSyntaxException(
            line, "expected a \"quoted string\" at column " + (pos + 1) + " of '" + s.strip() + "'");
      }
      StringBuilder sb = new StringBuilder();
      pos++;
      while (true) {
        if (atEnd()) {
          throw new ScriptSyntaxException(line, "unterminated string in '" + s.strip() + "'");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          break;
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (atEnd()) {
          throw new ScriptSyntaxException(line, "string ends with a lone backslash");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case '"' -> sb.append('"');
          case '\\' -> sb.append('\\');
          case '/' -> sb.append('/');
          case 'u' -> {
            if (pos + 4 > s.length()) {
              throw new ScriptSyntaxException(line, "short \\u escape");
            }
            try {
              sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            } catch (NumberFormatException ex) {
              throw new ScriptSyntaxException(line, "bad \\u escape '" + s.substring(pos, pos + 4) + "'");
            }
            pos += 4;
          }
          default -> throw new ScriptSyntaxException(line, "unknown escape \\" + e);
        }
      }
      skipSpace();
      return sb.toString();
    }
  }
}
