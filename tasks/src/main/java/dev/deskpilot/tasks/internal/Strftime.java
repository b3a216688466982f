package dev.deskpilot.tasks.internal;

import java.time.temporal.TemporalAccessor;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The subset of Python's {@code strftime} OSWorld task files use for file-name time suffixes. */
public final class Strftime {
  private Strftime() {}

  /**
   * Formats a time like Python's {@code datetime.strftime(format)}.
   *
   * @throws IllegalArgumentException naming a directive outside %Y %y %m %d %H %M %S %j %b %B %a %A %p %%
   */
  public static String format(String format, TemporalAccessor t) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 1 >= format.length()) {
        throw new IllegalArgumentException("format ends with a lone '%'");
      }
      char d = format.charAt(++i);
      String pattern =
          switch (d) {
            case 'Y' -> "yyyy";
            case 'y' -> "yy";
            case 'm' -> "MM";
            case 'd' -> "dd";
            case 'H' -> "HH";
            case 'M' -> "mm";
            case 'S' -> "ss";
            case 'j' -> "DDD";
            case 'b' -> "MMM";
            case 'B' -> "MMMM";
            case 'a' -> "EEE";
            case 'A' -> "EEEE";
            case 'p' -> "a";
            case '%' -> null;
            default -> throw new IllegalArgumentException("strftime directive %" + d + " is not supported");
          };
      out.append(pattern == null ? "%" : DateTimeFormatter.ofPattern(pattern, Locale.US).format(t));
    }
    return out.toString();
  }
}
