package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.tasks.MetricInput;
import dev.deskpilot.tasks.Value;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * OSWorld's spreadsheet metrics ({@code metrics/table.py}): {@code compare_table} with the rule
 * types the OSWorld tasks use (sheet_name, sheet_data, sheet_print, sheet_fuzzy, check_cell,
 * style, chart, pivot_table, freeze, zoom, data_validation, row_props) and {@code compare_csv}.
 * Left out, with a clear error when a task asks: sparkline, col_props, filter, and conditional
 * formats other than {@code cellIs} with constant operands inside {@code style}.
 */
public final class TableMetrics {
  private TableMetrics() {}

  /** A book and a sheet name, as {@code _parse_sheet_idx} returns them ("" for an unknown index). */
  private record SheetRef(boolean expected, String name) {}

  private static SheetRef parseIdx(MetricInput in, JsonNode idx, List<String> resultNames, List<String> expectedNames) {
    if (idx == null) {
      throw in.fail("a rule needs a sheet index (KeyError)");
    }
    if (idx.isIntegralNumber()) {
      int i = idx.asInt();
      return new SheetRef(false, i >= 0 && i < resultNames.size() ? resultNames.get(i) : "");
    }
    String s = idx.asText();
    if (s.startsWith("RI") || s.startsWith("EI")) {
      List<String> names = s.startsWith("RI") ? resultNames : expectedNames;
      try {
        int i = Integer.parseInt(s.substring(2));
        return new SheetRef(s.startsWith("EI"), names != null && i >= 0 && i < names.size() ? names.get(i) : "");
      } catch (NumberFormatException e) {
        return new SheetRef(s.startsWith("EI"), "");
      }
    }
    if (s.startsWith("RN") || s.startsWith("EN")) {
      return new SheetRef(s.startsWith("EN"), s.substring(2));
    }
    throw in.fail("has an unrecognized sheet index " + idx + " (ValueError); use 0, \"RI0\", \"RNSheet1\", \"EI0\" or \"ENSheet1\"");
  }

  private static Path file(MetricInput in, Value v, String which) {
    return switch (v) {
      case Value.LocalFile f -> f.path();
      case Value.Text t -> Path.of(t.text());
      case Value.LocalFiles fs when !fs.paths().isEmpty() && fs.paths().getFirst().isPresent() -> fs.paths().getFirst().get();
      default -> throw in.fail("needs a file as its " + which + " value, got " + v.summary());
    };
  }

  /**
   * {@code compare_table(result, expected=None, rules=[...])}: 0 when the result is None, missing
   * or not a readable workbook; else every rule in order must hold (the first failing one ends it
   * with 0), giving 1.
   */
  public static double compareTable(MetricInput in) throws IOException {
    if (in.result() instanceof Value.Nothing) {
      return 0;
    }
    Path resultPath = file(in, in.result(), "result");
    if (!Files.exists(resultPath)) {
      return 0;
    }
    XlsxBook result;
    try {
      result = XlsxBook.open(resultPath);
    } catch (IOException e) {
      return 0; // OSWorld: "Failed to load result file" -> 0
    }
    Optional<Value> expectedValue = in.expected().filter(v -> !(v instanceof Value.Nothing));
    XlsxBook expected = null;
    try {
      if (expectedValue.isPresent()) {
        Path ep = file(in, expectedValue.get(), "expected");
        try {
          expected = XlsxBook.open(ep);
        } catch (IOException e) {
          throw in.fail("cannot read the expected workbook " + ep + ": " + e.getMessage());
        }
      }
      JsonNode rules = in.options().get("rules");
      if (rules == null || !rules.isArray()) {
        throw in.badOption("rules", "expected a list of rule objects like {\"type\": \"sheet_data\", ...}");
      }
      for (int i = 0; i < rules.size(); i++) {
        if (!rule(in, rules.get(i), i, result, expected)) {
          return 0;
        }
      }
      return 1;
    } finally {
      result.close();
      if (expected != null) {
        expected.close();
      }
    }
  }

  private static XlsxBook book(MetricInput in, SheetRef ref, XlsxBook result, XlsxBook expected) {
    if (ref.expected() && expected == null) {
      throw in.fail("refers to the expected workbook, but there is none");
    }
    return ref.expected() ? expected : result;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n != null) {
      n.forEach(x -> out.add(x.asText()));
    }
    return out;
  }

  private static boolean rule(MetricInput in, JsonNode r, int index, XlsxBook result, XlsxBook expected) throws IOException {
    String type = r.path("type").asText();
    List<String> rNames = result.sheetNames();
    List<String> eNames = expected == null ? null : expected.sheetNames();
    String where = "rules[" + index + "] (" + type + ")";
    try {
      switch (type) {
        case "sheet_name" -> {
          return Objects.equals(rNames, eNames);
        }
        case "sheet_data" -> {
          int precision = r.path("precision").asInt(4);
          SheetRef a = parseIdx(in, r.get("sheet_idx0"), rNames, eNames);
          SheetRef b = parseIdx(in, r.get("sheet_idx1"), rNames, eNames);
          Optional<SheetFrame> f1 = book(in, a, result, expected).frame(a.name());
          if (f1.isEmpty()) {
            return false; // OSWorld: sheet1 is None -> return 0.0
          }
          Optional<SheetFrame> f2 = book(in, b, result, expected).frame(b.name());
          if (f2.isEmpty()) {
            throw in.fail(where + ": sheet '" + b.name() + "' is not in its workbook (OSWorld: AttributeError)");
          }
          return f1.get().round(precision).sameAs(f2.get().round(precision));
        }
        case "sheet_print" -> {
          SheetRef a = parseIdx(in, r.get("sheet_idx0"), rNames, eNames);
          SheetRef b = parseIdx(in, r.get("sheet_idx1"), rNames, eNames);
          Optional<List<String>> s1 = printed(book(in, a, result, expected).path(), a.name());
          if (s1.isEmpty()) {
            return false;
          }
          Optional<List<String>> s2 = printed(book(in, b, result, expected).path(), b.name());
          if (s2.isEmpty()) {
            return false;
          }
          if (r.path("ignore_case").asBoolean(false)) {
            return lower(s1.get()).equals(lower(s2.get()));
          }
          return s1.get().equals(s2.get());
        }
        case "sheet_fuzzy" -> {
          SheetRef a = parseIdx(in, r.get("sheet_idx0"), rNames, eNames);
          SheetRef b = parseIdx(in, r.get("sheet_idx1"), rNames, eNames);
          XlsxBook ba = book(in, a, result, expected);
          XlsxBook bb = book(in, b, result, expected);
          boolean total = true;
          for (JsonNode rl : r.path("rules")) {
            List<CellRanges.Range> ranges = new ArrayList<>();
            for (String rg : strings(rl.get("range"))) {
              ranges.addAll(CellRanges.multi(rg));
            }
            for (String coord : CellRanges.cells(ranges)) {
              String v1 = PyFormat.str(ba.rawValue(a.name(), coord));
              String v2 = PyFormat.str(bb.rawValue(b.name(), coord));
              for (JsonNode pair : rl.path("normalization")) {
                v1 = v1.replace(pair.get(0).asText(), pair.get(1).asText());
                v2 = v2.replace(pair.get(0).asText(), pair.get(1).asText());
              }
              if (rl.has("trim_leadings")) {
                v1 = lstrip(v1, rl.get("trim_leadings").asText());
                v2 = lstrip(v2, rl.get("trim_leadings").asText());
              }
              if (rl.has("trim_trailings")) {
                v1 = rstrip(v1, rl.get("trim_trailings").asText());
                v2 = rstrip(v2, rl.get("trim_trailings").asText());
              }
              if (rl.has("ignore_chars")) {
                String chars = rl.get("ignore_chars").asText();
                v1 = v1.codePoints().filter(c -> chars.indexOf(c) < 0).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
                v2 = v2.codePoints().filter(c -> chars.indexOf(c) < 0).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
              }
              if (rl.path("ignore_case").asBoolean(false)) {
                v1 = v1.toLowerCase(Locale.ROOT);
                v2 = v2.toLowerCase(Locale.ROOT);
              }
              boolean metric = switch (rl.path("type").asText()) {
                case "includes" -> v1.contains(v2);
                case "included_by" -> v2.contains(v1);
                case "fuzzy_match" -> Fuzz.ratio(v1, v2) >= rl.path("threshold").asDouble(85.0);
                case "exact_match" -> v1.equals(v2);
                default -> throw in.fail(where + ": unknown fuzzy rule type '" + rl.path("type").asText() + "'");
              };
              total = total && metric;
            }
          }
          return total;
        }
        case "check_cell" -> {
          SheetRef s = parseIdx(in, r.get("sheet_idx"), rNames, eNames);
          XlsxBook b = book(in, s, result, expected);
          if (b.sheet(s.name()).isEmpty()) {
            return false;
          }
          String coordinate = r.path("coordinate").asText();
          boolean metric = true;
          for (Map.Entry<String, JsonNode> p : r.path("props").properties()) {
            Object val;
            try {
              val = p.getKey().equals("value") ? b.rawValue(s.name(), coordinate) : b.cellStyle(s.name(), coordinate, p.getKey());
            } catch (RuntimeException e) {
              val = null; // OSWorld logs the failed read and matches None
            }
            try {
              metric = metric && ValueRules.match(val, p.getValue());
            } catch (ValueRules.PythonError e) {
              return false; // OSWorld: any error in check_cell -> 0.0
            }
          }
          return metric;
        }
        case "style" -> {
          SheetRef a = parseIdx(in, r.get("sheet_idx0"), rNames, eNames);
          SheetRef b = parseIdx(in, r.get("sheet_idx1"), rNames, eNames);
          List<String> props = strings(r.get("props"));
          return styles(in, book(in, a, result, expected), a.name(), props).equals(styles(in, book(in, b, result, expected), b.name(), props));
        }
        case "chart" -> {
          SheetRef a = parseIdx(in, r.get("sheet_idx0"), rNames, eNames);
          SheetRef b = parseIdx(in, r.get("sheet_idx1"), rNames, eNames);
          List<String> props = strings(r.get("chart_props"));
          return book(in, a, result, expected).charts(a.name(), props).equals(book(in, b, result, expected).charts(b.name(), props));
        }
        case "pivot_table" -> {
          SheetRef a = parseIdx(in, r.get("sheet_idx0"), rNames, eNames);
          SheetRef b = parseIdx(in, r.get("sheet_idx1"), rNames, eNames);
          List<String> props = strings(r.get("pivot_props"));
          return book(in, a, result, expected).pivots(a.name(), props).equals(book(in, b, result, expected).pivots(b.name(), props));
        }
        case "freeze" -> {
          SheetRef a = parseIdx(in, r.get("sheet_idx0"), rNames, eNames);
          SheetRef b = parseIdx(in, r.get("sheet_idx1"), rNames, eNames);
          Optional<List<Object>> k1 = book(in, a, result, expected).freezeKey(a.name());
          if (k1.isEmpty()) {
            return false;
          }
          Optional<List<Object>> k2 = book(in, b, result, expected).freezeKey(b.name());
          if (k2.isEmpty()) {
            throw in.fail(where + ": sheet '" + b.name() + "' is not in its workbook (OSWorld: AttributeError)");
          }
          return k1.get().equals(k2.get());
        }
        case "zoom" -> {
          SheetRef s = parseIdx(in, r.get("sheet_idx"), rNames, eNames);
          Optional<Double> z = book(in, s, result, expected).zoom(s.name());
          return z.isPresent() && ValueRules.match(z.get(), r);
        }
        case "data_validation" -> {
          SheetRef s = parseIdx(in, r.get("sheet_idx"), rNames, eNames);
          Optional<List<Map<String, Object>>> dvs = book(in, s, result, expected).dataValidations(s.name());
          if (dvs.isEmpty()) {
            return false;
          }
          JsonNode props = r.path("dv_props");
          boolean total = dvs.get().size() >= props.size();
          for (Map<String, Object> dv : dvs.get()) {
            boolean metric = false;
            for (JsonNode prpt : props) {
              boolean all = true;
              for (Map.Entry<String, JsonNode> e : prpt.properties()) {
                if (!dv.containsKey(e.getKey())) {
                  throw in.fail(where + ": unknown data validation attribute '" + e.getKey() + "' (AttributeError)");
                }
                all = all && ValueRules.match(dv.get(e.getKey()), e.getValue());
              }
              metric = all;
              if (metric) {
                break;
              }
            }
            total = total && metric;
            if (!total) {
              break;
            }
          }
          return total;
        }
        case "row_props" -> {
          SheetRef a = parseIdx(in, r.get("sheet_idx0"), rNames, eNames);
          SheetRef b = parseIdx(in, r.get("sheet_idx1"), rNames, eNames);
          List<String> props = strings(r.get("props"));
          return book(in, a, result, expected).rowProperties(a.name(), props).equals(book(in, b, result, expected).rowProperties(b.name(), props));
        }
        default -> throw in.fail(where + ": the rule type '" + type + "' is not implemented"
            + " (Deskpilot implements sheet_name, sheet_data, sheet_print, sheet_fuzzy, check_cell, style, chart,"
            + " pivot_table, freeze, zoom, data_validation, row_props)");
      }
    } catch (ValueRules.PythonError e) {
      throw in.fail(where + ": " + e.getMessage());
    }
  }

  /** {@code load_xlsx_styles}: every cell's styles, then cells a conditional format applies to. */
  private static Map<String, List<Object>> styles(MetricInput in, XlsxBook book, String sheet, List<String> props) throws IOException {
    Map<String, List<Object>> out = new java.util.HashMap<>();
    if (book.sheet(sheet).isEmpty()) {
      return out;
    }
    for (String coord : book.allCoordinates(sheet)) {
      List<Object> values = new ArrayList<>();
      for (String p : props) {
        values.add(book.cellStyle(sheet, coord, p));
      }
      out.put(coord, values);
    }
    for (XlsxBook.ConditionalRule rule : book.conditionalRules(sheet)) {
      if (!rule.type().equals("cellIs")) {
        throw in.fail("style: conditional format type '" + rule.type() + "' needs OSWorld's formula evaluation, which Deskpilot does not have");
      }
      List<Object> refs = new ArrayList<>();
      for (String f : rule.formulas()) {
        Object v = constant(f);
        if (v == null) {
          throw in.fail("style: conditional format formula '" + f + "' is not a constant; Deskpilot evaluates constants only");
        }
        refs.add(v);
      }
      int nothings = 0;
      outer:
      for (CellRanges.Range range : rule.cells()) {
        for (String coord : CellRanges.cells(List.of(range))) {
          Object v = book.rawValue(sheet, coord);
          if (v == null) {
            if (++nothings > 50) {
              break outer;
            }
            continue;
          }
          if (cellIs(rule.operator(), v, refs)) {
            List<Object> values = new ArrayList<>();
            for (String p : props) {
              values.add(book.dxfStyle(rule.dxfId(), p));
            }
            out.put(coord, values);
          }
        }
      }
    }
    return out;
  }

  private static Object constant(String formula) {
    String f = formula.strip();
    if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
      return f.substring(1, f.length() - 1).replace("\"\"", "\"");
    }
    try {
      return Double.parseDouble(f);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code _process_xlsx_cf_operator}; unlike types compare False. */
  private static boolean cellIs(String op, Object v, List<Object> refs) {
    try {
      return switch (op) {
        case "lessThanOrEqual" -> cmp(v, refs.getFirst()) <= 0;
        case "lessThan" -> cmp(v, refs.getFirst()) < 0;
        case "equal" -> SheetFrame.pyEqual(v, refs.getFirst());
        case "greaterThanOrEqual" -> cmp(v, refs.getFirst()) >= 0;
        case "notEqual" -> !SheetFrame.pyEqual(v, refs.getFirst());
        case "greaterThan" -> cmp(v, refs.getFirst()) > 0;
        case "between" -> cmp(v, min(refs)) >= 0 && cmp(v, max(refs)) <= 0;
        case "notBetween" -> cmp(v, min(refs)) < 0 || cmp(v, max(refs)) > 0;
        default -> false;
      };
    } catch (ClassCastException | IndexOutOfBoundsException e) {
      return false;
    }
  }

  private static Object min(List<Object> refs) {
    return cmp(refs.get(0), refs.get(1)) <= 0 ? refs.get(0) : refs.get(1);
  }

  private static Object max(List<Object> refs) {
    return cmp(refs.get(0), refs.get(1)) >= 0 ? refs.get(0) : refs.get(1);
  }

  private static int cmp(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    throw new ClassCastException("cannot order " + a + " and " + b);
  }

  private static List<String> lower(List<String> lines) {
    return lines.stream().map(l -> l.toLowerCase(Locale.ROOT)).toList();
  }

  /** Python {@code str.lstrip(chars)}. */
  static String lstrip(String s, String chars) {
    int i = 0;
    while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return s.substring(i);
  }

  /** Python {@code str.rstrip(chars)}. */
  static String rstrip(String s, String chars) {
    int i = s.length();
    while (i > 0 && chars.indexOf(s.charAt(i - 1)) >= 0) {
      i--;
    }
    return s.substring(0, i);
  }

  /**
   * {@code _load_sheet} of a path: the CSV export {@code <book without extension>-<sheet>.csv}
   * beside it, its lines stripped with trailing empty lines dropped; empty when it cannot be read.
   */
  static Optional<List<String>> printed(Path book, String sheet) {
    String name = book.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    Path csv = book.resolveSibling(stem + "-" + sheet + ".csv");
    try {
      List<String> lines = new ArrayList<>(splitLines(readText(csv)).stream().map(PyValues::strip).toList());
      while (!lines.isEmpty() && lines.getLast().isEmpty()) {
        lines.removeLast();
      }
      return Optional.of(lines);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code _safe_read_file}: utf-8-sig, utf-8, then latin-1 (which reads anything), as text.
   */
  static String readText(Path p) throws IOException {
    byte[] bytes = Files.readAllBytes(p);
    int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, Charset.forName("ISO-8859-1"));
    }
  }

  /** Python {@code str.splitlines()}. */
  static List<String> splitLines(String s) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d' || c == '\u001e'
          || c == '\u0085' || c == '\u2028' || c == '\u2029') {
        out.add(s.substring(start, i));
        if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
          i++;
        }
        start = i + 1;
      }
      i++;
    }
    if (start < s.length()) {
      out.add(s.substring(start));
    }
    return out;
  }

  /**
   * {@code compare_csv(result, expected, strict=True, ignore_case=False)}: 0 for a None or
   * unreadable result; 1 when its lines equal those of the expected file (or of any expected file
   * of a list); {@code strict: false} strips each line first, {@code ignore_case} lower-cases.
   */
  public static double compareCsv(MetricInput in) throws IOException {
    if (in.result() instanceof Value.Nothing) {
      return 0;
    }
    List<String> result;
    try {
      result = splitLines(readText(file(in, in.result(), "result")));
    } catch (NoSuchFileException e) {
      return 0;
    }
    List<Path> expectedFiles = new ArrayList<>();
    switch (in.requireExpected()) {
      case Value.LocalFiles fs -> fs.paths().forEach(p -> p.ifPresent(expectedFiles::add));
      case Value.Nothing n -> {}
      default -> expectedFiles.add(file(in, in.requireExpected(), "expected"));
    }
    boolean strict = in.booleanOption("strict", true);
    boolean ignoreCase = in.booleanOption("ignore_case", false);
    for (Path e : expectedFiles) {
      List<String> expected;
      try {
        expected = splitLines(readText(e));
      } catch (IOException missing) {
        continue;
      }
      List<String> a = result;
      List<String> b = expected;
      if (!strict) {
        a = a.stream().map(PyValues::strip).toList();
        b = b.stream().map(PyValues::strip).toList();
      }
      if (ignoreCase) {
        a = lower(a);
        b = lower(b);
      }
      if (a.equals(b)) {
        return 1;
      }
    }
    return 0;
  }
}
