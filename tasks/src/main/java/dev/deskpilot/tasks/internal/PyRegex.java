package dev.deskpilot.tasks.internal;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Python {@code re} patterns in Java: named groups {@code (?P<n>...)} and {@code (?P=n)} rewritten. */
public final class PyRegex {
  private PyRegex() {}

  public static Pattern compile(String python, int flags) {
    String java = python.replace("(?P<", "(?<").replaceAll("\\(\\?P=(\\w+)\\)", "\\\\k<$1>");
    try {
      return Pattern.compile(java, flags);
    } catch (PatternSyntaxException e) {
      throw new ValueRules.PythonError("not a regular expression Java can read: " + python + " (" + e.getDescription() + ")");
    }
  }
}
