package dev.deskpilot.tasks.internal;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A sheet as {@code pandas.read_excel(book, sheet)} sees it (openpyxl engine, header row 0): the
 * shape, column labels, one dtype per column and the values, so that two sheets compare as
 * {@code df1.round(n).equals(df2.round(n))} does in OSWorld's {@code sheet_data} rule.
 *
 * <p>Cell values are Java shapes of what pandas' openpyxl reader hands on: "" for an empty cell,
 * NaN for an error, Long for an integral number (pandas turns 2.0 into 2), Double, Boolean, String,
 * LocalDateTime. Rows lose trailing empty cells, trailing empty rows are dropped and the rest is
 * padded to the widest row; the first row gives the labels ("Unnamed: i" for empty ones,
 * duplicates get ".1", ".2"). Per column, pandas' NA strings become NaN, then the column is
 * numeric if every value parses as a number (strings such as "12" included; int64 without NaN,
 * else float64), bool if every value is a boolean or "True"/"False", datetime if every non-NaN
 * value is a date, else object.
 */
public final class SheetFrame {
  /** pandas' column dtypes that matter for equality. */
  public enum Kind { INT, FLOAT, BOOL, DATETIME, OBJECT }

  /** pandas' default {@code na_values}. */
  static final Set<String> NA = Set.of("", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan",
      "1.#IND", "1.#QNAN", "<NA>", "N/A", "NA", "NULL", "NaN", "None", "n/a", "nan", "null");
  private static final Pattern INT = Pattern.compile("[+-]?\\d+");
  private static final Pattern FLOAT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*([eE][+-]?\\d+)?|\\.\\d+([eE][+-]?\\d+)?|inf|infinity|nan)", Pattern.CASE_INSENSITIVE);
  private static final Double NAN = Double.NaN;

  private final List<Object> labels;
  private final List<Kind> kinds;
  private final List<List<Object>> columns;

  private SheetFrame(List<Object> labels, List<Kind> kinds, List<List<Object>> columns) {
    this.labels = labels;
    this.kinds = kinds;
    this.columns = columns;
  }

  public List<Object> labels() {
    return labels;
  }

  public List<Kind> kinds() {
    return kinds;
  }

  public int rows() {
    return columns.isEmpty() ? 0 : columns.getFirst().size();
  }

  /** The value at a 0-based data row and column (NaN for a missing one). */
  public Object value(int row, int column) {
    return columns.get(column).get(row);
  }

  /**
   * Builds the frame from the rows pandas' openpyxl reader produces.
   *
   * @param cells each sheet row from column A, values as documented above ("" for empty)
   */
  public static SheetFrame of(List<List<Object>> cells) {
    List<List<Object>> data = new ArrayList<>();
    int last = -1;
    for (List<Object> row : cells) {
      List<Object> r = new ArrayList<>(row);
      while (!r.isEmpty() && "".equals(r.getLast())) {
        r.removeLast();
      }
      if (!r.isEmpty()) {
        last = data.size();
      }
      data.add(r);
    }
    data = new ArrayList<>(data.subList(0, last + 1));
    int width = data.stream().mapToInt(List::size).max().orElse(0);
    for (List<Object> r : data) {
      while (r.size() < width) {
        r.add("");
      }
    }
    if (width == 1) {
      // the parser's skip_blank_lines drops one-cell lines holding an empty or blank string
      data.removeIf(r -> r.getFirst() instanceof String s && s.isBlank());
    }
    if (data.isEmpty()) {
      return new SheetFrame(List.of(), List.of(), List.of());
    }
    List<Object> header = data.getFirst();
    List<Object> labels = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < width; i++) {
      Object h = header.get(i);
      Object label = "".equals(h) ? "Unnamed: " + i : h;
      if (label instanceof String s) {
        int n = seen.merge(s, 1, Integer::sum) - 1;
        if (n > 0) {
          label = s + "." + n;
        }
      }
      labels.add(label);
    }
    List<Kind> kinds = new ArrayList<>();
    List<List<Object>> columns = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      List<Object> raw = new ArrayList<>();
      for (int r = 1; r < data.size(); r++) {
        Object v = data.get(r).get(c);
        raw.add(v instanceof String s && NA.contains(s) ? NAN : v);
      }
      infer(raw, kinds, columns);
    }
    return new SheetFrame(labels, kinds, columns);
  }

  private static boolean isNan(Object v) {
    return v instanceof Double d && d.isNaN();
  }

  private static void infer(List<Object> raw, List<Kind> kinds, List<List<Object>> columns) {
    // lib.maybe_convert_numeric
    List<Object> numbers = new ArrayList<>();
    boolean numeric = true;
    boolean anyFloat = false;
    boolean anyBool = false;
    for (Object v : raw) {
      Object n = switch (v) {
        case Long l -> l;
        case Double d -> d;
        case Boolean b -> b;
        case String s -> parseNumber(s);
        default -> null;
      };
      if (n == null) {
        numeric = false;
        break;
      }
      anyFloat |= n instanceof Double;
      anyBool |= n instanceof Boolean;
      numbers.add(n);
    }
    if (numeric && !anyBool) {
      if (anyFloat) {
        kinds.add(Kind.FLOAT);
        columns.add(numbers.stream().map(n -> (Object) ((Number) n).doubleValue()).toList());
      } else {
        kinds.add(Kind.INT);
        columns.add(numbers);
      }
      return;
    }
    // libops.maybe_convert_bool
    List<Object> bools = new ArrayList<>();
    for (Object v : raw) {
      Boolean b = switch (v) {
        case Boolean x -> x;
        case String s when s.equals("True") || s.equals("TRUE") || s.equals("true") -> true;
        case String s when s.equals("False") || s.equals("FALSE") || s.equals("false") -> false;
        default -> null;
      };
      if (b == null) {
        bools = null;
        break;
      }
      bools.add(b);
    }
    if (bools != null && !bools.isEmpty()) {
      kinds.add(Kind.BOOL);
      columns.add(bools);
      return;
    }
    // DataFrame construction infers datetime64 for all-datetime object columns
    boolean dates = raw.stream().anyMatch(v -> v instanceof LocalDateTime)
        && raw.stream().allMatch(v -> v instanceof LocalDateTime || isNan(v));
    kinds.add(dates ? Kind.DATETIME : Kind.OBJECT);
    columns.add(raw);
  }

  /** A string as pandas' numeric conversion reads it, or null when it is not a number. */
  static Object parseNumber(String s) {
    String t = s.strip();
    if (INT.matcher(t).matches()) {
      try {
        return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
      } catch (NumberFormatException tooBig) {
        return Double.parseDouble(t);
      }
    }
    if (FLOAT.matcher(t).matches()) {
      String u = t.toLowerCase(java.util.Locale.ROOT);
      if (u.endsWith("inf") || u.endsWith("infinity")) {
        return u.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      if (u.endsWith("nan")) {
        return NAN;
      }
      return Double.parseDouble(t);
    }
    return null;
  }

  /** {@code df.round(decimals)}: float64 columns rounded half to even (numpy), others kept. */
  public SheetFrame round(int decimals) {
    List<List<Object>> out = new ArrayList<>();
    double scale = Math.pow(10, decimals);
    for (int c = 0; c < columns.size(); c++) {
      if (kinds.get(c) == Kind.FLOAT) {
        out.add(columns.get(c).stream().map(v -> {
          double d = (Double) v;
          return (Object) (Double.isFinite(d) ? Math.rint(d * scale) / scale : d);
        }).toList());
      } else {
        out.add(columns.get(c));
      }
    }
    return new SheetFrame(labels, kinds, out);
  }

  /** {@code DataFrame.equals}: same labels, shape and dtypes, equal values with NaN equal to NaN. */
  public boolean sameAs(SheetFrame o) {
    if (labels.size() != o.labels.size() || rows() != o.rows()) {
      return false;
    }
    for (int c = 0; c < labels.size(); c++) {
      if (!pyEqual(labels.get(c), o.labels.get(c)) || kinds.get(c) != o.kinds.get(c)) {
        return false;
      }
      List<Object> a = columns.get(c);
      List<Object> b = o.columns.get(c);
      for (int r = 0; r < a.size(); r++) {
        if (!(isNan(a.get(r)) && isNan(b.get(r))) && !pyEqual(a.get(r), b.get(r))) {
          return false;
        }
      }
    }
    return true;
  }

  /** Python {@code a == b} for cell values. */
  public static boolean pyEqual(Object a, Object b) {
    if (a instanceof Boolean x) {
      a = x ? 1L : 0L;
    }
    if (b instanceof Boolean x) {
      b = x ? 1L : 0L;
    }
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Long l && y instanceof Long m) {
        return l.longValue() == m.longValue();
      }
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }

  @Override
  public String toString() {
    return "SheetFrame" + labels + kinds + columns;
  }
}
