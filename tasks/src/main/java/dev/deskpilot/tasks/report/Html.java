package dev.deskpilot.tasks.report;

import java.util.regex.Pattern;

/**
 * Escaping for text from results files, which is untrusted (model output, typed text, task ids):
 * everything that reaches the page goes through {@link #text} or {@link #attr}. Strings shaped
 * like API keys are masked on the way, in case a model echoed one it saw on a screen.
 */
final class Html {
  private static final Pattern KEY_LIKE = Pattern.compile(
      "\\b(sk-(?:ant-|proj-|or-)?)[A-Za-z0-9_\\-]{16,}|\\bAIza[0-9A-Za-z_\\-]{30,}|(?i:\\bbearer\\s+)[A-Za-z0-9._\\-]{20,}");

  private Html() {}

  /** Text content: escapes {@code & < > " '}, masks key-shaped strings. */
  static String text(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    String masked = mask(s);
    StringBuilder b = new StringBuilder(masked.length() + 16);
    for (int i = 0; i < masked.length(); i++) {
      char c = masked.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        case '\0' -> b.append('\uFFFD');
        default -> {
          // Other C0 controls are not allowed in HTML text; show them as the replacement char.
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            b.append('\uFFFD');
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** An attribute value (always written in double quotes): same escaping as {@link #text}. */
  static String attr(String s) {
    return text(s).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;");
  }

  /** Masks strings shaped like API keys, keeping their first characters so a reader sees what it was. */
  static String mask(String s) {
    return KEY_LIKE.matcher(s).replaceAll(m -> {
      String whole = m.group();
      return java.util.regex.Matcher.quoteReplacement(whole.substring(0, Math.min(6, whole.length())) + "\u2026[masked]");
    });
  }
}
