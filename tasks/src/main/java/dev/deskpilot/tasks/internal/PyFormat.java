package dev.deskpilot.tasks.internal;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Python's {@code str()} of the values metrics compare as text. */
public final class PyFormat {
  private PyFormat() {}

  /** Python {@code repr(float)}/{@code str(float)}: shortest round-trip digits, Python's layout. */
  public static String repr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    // Java's Double.toString gives the shortest round-trip digits (JDK 19+); only the layout differs
    BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = b.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - b.scale(); // decimal exponent of the first digit
    String sign = d < 0 ? "-" : "";
    if (exp < -4 || exp >= 16) {
      String mant = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    String plain = b.abs().toPlainString();
    if (!plain.contains(".")) {
      plain += ".0";
    }
    return sign + plain;
  }

  /** Python {@code str(v)} for None, bool, int, float, str and datetime values. */
  public static String str(Object v) {
    return switch (v) {
      case null -> "None";
      case Boolean b -> b ? "True" : "False";
      case Double d -> repr(d);
      case Float f -> repr(f);
      case LocalDateTime t -> t.format(t.getNano() == 0
          ? DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
          : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS"));
      default -> v.toString();
    };
  }
}
