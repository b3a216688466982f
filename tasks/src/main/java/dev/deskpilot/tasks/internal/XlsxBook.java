package dev.deskpilot.tasks.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.poi.ooxml.POIXMLDocumentPart;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFCell;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFPivotCacheDefinition;
import org.apache.poi.xssf.usermodel.XSSFPivotTable;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTCell;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.CTDxf;
import org.openxmlformats.schemas.spreadsheetml.x2006.main.STCellType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An xlsx workbook read with Apache POI, answering what OSWorld's table metrics ask openpyxl and
 * pandas: sheet names, the pandas view of a sheet, raw cell values ({@code read_cell_value}), cell
 * styles ({@code _read_cell_style}), charts, pivot tables, row properties, freeze panes, zoom and
 * data validations ({@code metrics/utils.py}).
 */
public final class XlsxBook implements Closeable {
  private final Path path;
  private final OPCPackage pkg;
  private final XSSFWorkbook wb;

  private XlsxBook(Path path, OPCPackage pkg, XSSFWorkbook wb) {
    this.path = path;
    this.pkg = pkg;
    this.wb = wb;
  }

  /** Opens read-only; anything POI cannot read as xlsx is an IOException. */
  public static XlsxBook open(Path path) throws IOException {
    OPCPackage pkg = null;
    try {
      pkg = OPCPackage.open(path.toFile(), PackageAccess.READ);
      return new XlsxBook(path, pkg, new XSSFWorkbook(pkg));
    } catch (IOException e) {
      revert(pkg);
      throw e;
    } catch (RuntimeException | org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
      revert(pkg);
      throw new IOException("not an xlsx workbook: " + path + " (" + e.getMessage() + ")", e);
    }
  }

  private static void revert(OPCPackage pkg) {
    if (pkg != null) {
      pkg.revert();
    }
  }

  @Override
  public void close() {
    pkg.revert();
  }

  public Path path() {
    return path;
  }

  public List<String> sheetNames() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < wb.getNumberOfSheets(); i++) {
      out.add(wb.getSheetName(i));
    }
    return out;
  }

  /** The sheet, or empty (openpyxl's KeyError). */
  public Optional<XSSFSheet> sheet(String name) {
    return Optional.ofNullable(wb.getSheet(name)).filter(s -> s.getSheetName().equals(name));
  }

  private Document sheetXml(XSSFSheet s) throws IOException {
    try (InputStream in = s.getPackagePart().getInputStream()) {
      return Xml.parse(in);
    }
  }

  // ---- values ----

  /** The value pandas' openpyxl reader hands on for a cell (see {@link SheetFrame}). */
  private Object pandasValue(XSSFCell c) {
    if (c == null) {
      return "";
    }
    CellType t = c.getCellType() == CellType.FORMULA ? c.getCachedFormulaResultType() : c.getCellType();
    return switch (t) {
      case NUMERIC -> {
        if (DateUtil.isCellDateFormatted(c)) {
          yield c.getLocalDateTimeCellValue();
        }
        double d = c.getNumericCellValue();
        yield d == Math.rint(d) && Math.abs(d) < 9.0e18 ? (Object) (long) d : (Object) d;
      }
      case STRING -> c.getStringCellValue();
      case BOOLEAN -> c.getBooleanCellValue();
      case ERROR -> Double.NaN;
      default -> "";
    };
  }

  /** {@code pd.read_excel(book, name)}, or empty when the sheet is missing. */
  public Optional<SheetFrame> frame(String name) {
    Optional<XSSFSheet> s = sheet(name);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    List<List<Object>> rows = new ArrayList<>();
    for (int r = 0; r <= s.get().getLastRowNum(); r++) {
      XSSFRow row = s.get().getRow(r);
      List<Object> cells = new ArrayList<>();
      if (row != null) {
        for (int c = 0; c < row.getLastCellNum(); c++) {
          cells.add(pandasValue(row.getCell(c)));
        }
      }
      rows.add(cells);
    }
    return Optional.of(SheetFrame.of(rows));
  }

  private Optional<XSSFCell> cell(XSSFSheet s, String coordinate) {
    int[] rc = CellRanges.cell(coordinate);
    XSSFRow row = s.getRow(rc[0] - 1);
    return row == null ? Optional.empty() : Optional.ofNullable(row.getCell(rc[1] - 1));
  }

  /**
   * OSWorld's {@code read_cell_value}: the cell's raw stored value, by its {@code t} type: a
   * number (Double), a shared or inline string, a formula's cached string, an error code; None
   * (null) for a missing cell or sheet, a boolean ({@code t="b"} falls through in OSWorld) or a
   * value that does not parse.
   */
  public Object rawValue(String sheetName, String coordinate) {
    Optional<XSSFSheet> s = sheet(sheetName);
    if (s.isEmpty()) {
      return null;
    }
    Optional<XSSFCell> c = cell(s.get(), coordinate);
    if (c.isEmpty()) {
      return null;
    }
    CTCell ct = c.get().getCTCell();
    STCellType.Enum t = ct.isSetT() ? ct.getT() : STCellType.N;
    String v = ct.isSetV() ? ct.getV() : null;
    if (t == STCellType.N) {
      if (v == null) {
        return null;
      }
      try {
        return Double.parseDouble(v.strip());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (t == STCellType.S) {
      if (v == null) {
        return null;
      }
      try {
        return wb.getSharedStringSource().getItemAt(Integer.parseInt(v.strip())).getString();
      } catch (RuntimeException e) {
        return null;
      }
    }
    if (t == STCellType.STR || t == STCellType.E) {
      return v;
    }
    if (t == STCellType.INLINE_STR) {
      return ct.isSetIs() && ct.getIs().isSetT() ? ct.getIs().getT() : null;
    }
    return null;
  }

  // ---- styles ----

  private static String argb(XSSFColor c) {
    if (c == null) {
      return null;
    }
    String hex = c.getARGBHex();
    return hex == null ? null : hex.toUpperCase(java.util.Locale.ROOT);
  }

  /** openpyxl's {@code cell.value is not None} (formulas count: openpyxl reads the formula). */
  private static boolean hasValue(XSSFCell c) {
    return c != null && c.getCellType() != CellType.BLANK;
  }

  /**
   * OSWorld's {@code _read_cell_style(style_name, cell)} for a cell (which may not exist: openpyxl
   * then has an empty cell with default styles).
   *
   * @throws ValueRules.PythonError for a style name OSWorld does not know
   */
  public Object cellStyle(String sheetName, String coordinate, String style) {
    XSSFSheet s = sheet(sheetName).orElse(null);
    XSSFCell c = s == null ? null : cell(s, coordinate).orElse(null);
    boolean value = hasValue(c);
    XSSFCellStyle st = c == null ? null : c.getCellStyle();
    XSSFFont font = st == null ? wb.getFontAt(0) : st.getFont();
    return switch (style) {
      case "number_format" -> value && c.getCellType() == CellType.NUMERIC && !DateUtil.isCellDateFormatted(c)
          ? st.getDataFormatString() : null;
      case "font_name" -> value ? font.getFontName() : null;
      case "font_family" -> value ? (Object) (double) font.getFamily() : null;
      case "font_color" -> value ? argb(font.getXSSFColor()) : null;
      case "font_bold" -> value ? font.getBold() : null;
      case "font_italic" -> value ? font.getItalic() : null;
      case "font_underline" -> value ? underline(font.getUnderline()) : null;
      case "font_size" -> value ? (Object) (double) font.getFontHeightInPoints() : null;
      case "fill_type" -> {
        if (st == null) {
          yield "patternFill";
        }
        var fill = wb.getStylesSource().getFillAt((int) st.getCoreXf().getFillId()).getCTFill();
        yield fill.isSetGradientFill() ? "gradientFill" : "patternFill";
      }
      case "bgcolor", "fgcolor" -> {
        String rgb = st == null ? null : argb(st.getFillForegroundColorColor());
        yield rgb == null ? "00000000" : rgb;
      }
      case "hyperlink" -> value ? (c.getHyperlink() == null ? "" : c.getHyperlink().getAddress()) : null;
      case "merge" -> isMergedCell(s, coordinate);
      default -> throw new ValueRules.PythonError("Unsupported Style: " + style + " (NotImplementedError)");
    };
  }

  private static String underline(byte u) {
    return switch (u) {
      case 1 -> "single";
      case 2 -> "double";
      case 0x21 -> "singleAccounting";
      case 0x22 -> "doubleAccounting";
      default -> null;
    };
  }

  /** openpyxl's MergedCell: inside a merged range but not its top-left cell. */
  private static boolean isMergedCell(XSSFSheet s, String coordinate) {
    if (s == null) {
      return false;
    }
    int[] rc = CellRanges.cell(coordinate);
    for (CellRangeAddress a : s.getMergedRegions()) {
      if (a.isInRange(rc[0] - 1, rc[1] - 1) && !(a.getFirstRow() == rc[0] - 1 && a.getFirstColumn() == rc[1] - 1)) {
        return true;
      }
    }
    return false;
  }

  /** A conditional format's differential style property ({@code _read_cell_style(st, c, dxf)}). */
  Object dxfStyle(int dxfId, String style) {
    CTDxf dxf = wb.getStylesSource()._getDXfsSize() > dxfId && dxfId >= 0 ? wb.getStylesSource().getDxfAt(dxfId) : null;
    return switch (style) {
      case "bgcolor", "fgcolor" -> dxf != null && dxf.isSetFill() && dxf.getFill().isSetPatternFill()
          && dxf.getFill().getPatternFill().isSetBgColor() && dxf.getFill().getPatternFill().getBgColor().isSetRgb()
          ? hex(dxf.getFill().getPatternFill().getBgColor().getRgb()) : null;
      case "font_color" -> dxf != null && dxf.isSetFont() && dxf.getFont().sizeOfColorArray() > 0
          && dxf.getFont().getColorArray(0).isSetRgb() ? hex(dxf.getFont().getColorArray(0).getRgb()) : null;
      case "font_bold" -> dxf != null && dxf.isSetFont() && dxf.getFont().sizeOfBArray() > 0 ? dxf.getFont().getBArray(0).getVal() : null;
      case "font_italic" -> dxf != null && dxf.isSetFont() && dxf.getFont().sizeOfIArray() > 0 ? dxf.getFont().getIArray(0).getVal() : null;
      default -> throw new ValueRules.PythonError("style '" + style + "' of a conditional format is not supported");
    };
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02X", x & 0xff));
    }
    return sb.toString();
  }

  /** Every coordinate openpyxl's {@code iter_cols()} visits: A1 to the last used row and column. */
  public List<String> allCoordinates(String sheetName) {
    List<String> out = new ArrayList<>();
    XSSFSheet s = sheet(sheetName).orElse(null);
    if (s == null || s.getPhysicalNumberOfRows() == 0) {
      return out;
    }
    int maxCol = 0;
    for (int r = 0; r <= s.getLastRowNum(); r++) {
      XSSFRow row = s.getRow(r);
      if (row != null) {
        maxCol = Math.max(maxCol, row.getLastCellNum());
      }
    }
    for (int c = 1; c <= maxCol; c++) {
      for (int r = 1; r <= s.getLastRowNum() + 1; r++) {
        out.add(CellRanges.letters(c) + r);
      }
    }
    return out;
  }

  /** A conditional formatting rule: its cells, type, operator, formulas and differential style. */
  public record ConditionalRule(List<CellRanges.Range> cells, String type, String operator, List<String> formulas, int dxfId) {}

  public List<ConditionalRule> conditionalRules(String sheetName) throws IOException {
    List<ConditionalRule> out = new ArrayList<>();
    XSSFSheet s = sheet(sheetName).orElse(null);
    if (s == null) {
      return out;
    }
    Element root = sheetXml(s).getDocumentElement();
    for (Element cf : Xml.children(root, "conditionalFormatting")) {
      List<CellRanges.Range> cells = CellRanges.multi(cf.getAttribute("sqref"));
      for (Element rule : Xml.children(cf, "cfRule")) {
        List<String> formulas = Xml.children(rule, "formula").stream().map(Element::getTextContent).toList();
        out.add(new ConditionalRule(cells, rule.getAttribute("type"), rule.getAttribute("operator"), formulas,
            Xml.attr(rule, "dxfId").map(Integer::parseInt).orElse(-1)));
      }
    }
    return out;
  }

  // ---- sheet properties ----

  private Element sheetView(XSSFSheet s) throws IOException {
    return Xml.path(sheetXml(s).getDocumentElement(), "sheetViews", "sheetView");
  }

  /** {@code _freeze_compare_key}: ("none"), ("frozen", x, y) or ("other", x, y, topLeftCell). */
  public Optional<List<Object>> freezeKey(String sheetName) throws IOException {
    XSSFSheet s = sheet(sheetName).orElse(null);
    if (s == null) {
      return Optional.empty();
    }
    Element pane = Xml.child(sheetView(s), "pane");
    if (pane == null) {
      return Optional.of(List.of("none"));
    }
    String state = Xml.attr(pane, "state").orElse("").toLowerCase(java.util.Locale.ROOT);
    long xs = Xml.attr(pane, "xSplit").map(v -> (long) Double.parseDouble(v)).orElse(0L);
    long ys = Xml.attr(pane, "ySplit").map(v -> (long) Double.parseDouble(v)).orElse(0L);
    if (state.equals("frozen") || state.equals("frozensplit")) {
      return Optional.of(List.of("frozen", xs, ys));
    }
    return Optional.of(Arrays.asList("other", xs, ys, Xml.attr(pane, "topLeftCell").orElse(null)));
  }

  /** {@code sheet.sheet_view.zoomScale or 100.0}. */
  public Optional<Double> zoom(String sheetName) throws IOException {
    XSSFSheet s = sheet(sheetName).orElse(null);
    if (s == null) {
      return Optional.empty();
    }
    double z = Xml.attr(sheetView(s), "zoomScale").map(Double::parseDouble).orElse(0.0);
    return Optional.of(z == 0 ? 100.0 : z);
  }

  /** A data validation's attributes as openpyxl names them (ranges as cell ranges). */
  public Optional<List<Map<String, Object>>> dataValidations(String sheetName) throws IOException {
    XSSFSheet s = sheet(sheetName).orElse(null);
    if (s == null) {
      return Optional.empty();
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Element dv : Xml.children(Xml.child(sheetXml(s).getDocumentElement(), "dataValidations"), "dataValidation")) {
      Map<String, Object> m = new HashMap<>();
      m.put("ranges", CellRanges.multi(dv.getAttribute("sqref")));
      for (String a : List.of("type", "operator", "error", "errorTitle", "errorStyle", "prompt", "promptTitle", "imeMode")) {
        m.put(a, Xml.attr(dv, a).orElse(null));
      }
      for (String a : List.of("allowBlank", "showDropDown", "showInputMessage", "showErrorMessage")) {
        m.put(a, Xml.attr(dv, a).map(XlsxBook::bool).orElse(false));
      }
      for (String f : List.of("formula1", "formula2")) {
        Element e = Xml.child(dv, f);
        m.put(f, e == null ? null : e.getTextContent());
      }
      out.add(m);
    }
    return Optional.of(out);
  }

  static boolean bool(String v) {
    return v.equals("1") || v.equalsIgnoreCase("true");
  }

  /**
   * openpyxl's {@code row_dimensions}: rows whose {@code <row>} has attributes beyond r and spans,
   * with the asked properties ({@code hidden}, {@code height}, {@code collapsed}, {@code outline_level}).
   */
  public Map<Long, Map<String, Object>> rowProperties(String sheetName, List<String> props) throws IOException {
    Map<Long, Map<String, Object>> out = new LinkedHashMap<>();
    XSSFSheet s = sheet(sheetName).orElse(null);
    if (s == null) {
      return out;
    }
    long counter = 0;
    for (Element row : Xml.children(Xml.child(sheetXml(s).getDocumentElement(), "sheetData"), "row")) {
      counter = Xml.attr(row, "r").map(Long::parseLong).orElse(counter + 1);
      Set<String> keys = new HashSet<>();
      var attrs = row.getAttributes();
      for (int i = 0; i < attrs.getLength(); i++) {
        var a = attrs.item(i);
        if (a.getNamespaceURI() == null || a.getNamespaceURI().isEmpty()) {
          keys.add(a.getLocalName() == null ? a.getNodeName() : a.getLocalName());
        }
      }
      keys.removeAll(Set.of("r", "spans"));
      if (keys.isEmpty()) {
        continue;
      }
      Map<String, Object> info = new HashMap<>();
      for (String p : props) {
        info.put(p, switch (p) {
          case "hidden" -> Xml.attr(row, "hidden").map(XlsxBook::bool).orElse(false);
          case "collapsed" -> Xml.attr(row, "collapsed").map(XlsxBook::bool).orElse(false);
          case "height" -> Xml.attr(row, "ht").map(Double::parseDouble).orElse(null);
          case "outline_level" -> Xml.attr(row, "outlineLevel").map(Long::parseLong).orElse(0L);
          default -> throw new ValueRules.PythonError("row property '" + p + "' is not supported");
        });
      }
      out.put(counter, info);
    }
    return out;
  }

  // ---- charts ----

  /** OSWorld's {@code load_charts}: series key ("val,cat;...") to the asked properties. */
  public Map<String, Map<String, Object>> charts(String sheetName, List<String> props) throws IOException {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    XSSFSheet s = sheet(sheetName).orElse(null);
    if (s == null) {
      return out;
    }
    XSSFDrawing drawing = s.getDrawingPatriarch();
    if (drawing == null) {
      return out;
    }
    for (XSSFChart chart : drawing.getCharts()) {
      Document d;
      try (InputStream in = chart.getPackagePart().getInputStream()) {
        d = Xml.parse(in);
      }
      Element ch = Xml.child(d.getDocumentElement(), "chart");
      Element plot = Xml.child(ch, "plotArea");
      Element first = plot == null ? null
          : Xml.children(plot).stream().filter(e -> e.getLocalName().endsWith("Chart")).findFirst().orElse(null);
      if (first == null) {
        continue;
      }
      List<String> series = new ArrayList<>();
      for (Element ser : Xml.children(first, "ser")) {
        series.add(ref(Xml.child(ser, "val")) + "," + ref(Xml.child(ser, "cat")));
      }
      Map<String, Object> info = new HashMap<>();
      for (String p : props) {
        switch (p) {
          case "title" -> info.put(p, richTitle(Xml.child(ch, "title")));
          case "type" -> info.put(p, first.getLocalName());
          case "direction" -> info.put(p, Xml.attr(Xml.child(first, "barDir"), "val").orElse(null));
          case "legend" -> {
            Element legend = Xml.child(ch, "legend");
            info.put(p, legend == null ? null : Xml.attr(Xml.child(legend, "legendPos"), "val").orElse("r"));
          }
          case "width" -> info.put(p, 15.0);
          case "height" -> info.put(p, 7.5);
          case "xtitle" -> info.put(p, axisTitle(plot, true));
          case "ytitle" -> info.put(p, axisTitle(plot, false));
          default -> throw new ValueRules.PythonError("chart property '" + p + "' is not supported");
        }
      }
      out.put(String.join(";", series), info);
    }
    return out;
  }

  private static String ref(Element dataSource) {
    if (dataSource == null) {
      return "";
    }
    for (String kind : List.of("numRef", "strRef")) {
      Element f = Xml.path(dataSource, kind, "f");
      if (f != null) {
        return f.getTextContent();
      }
    }
    return "";
  }

  /** {@code title.tx.rich.p[0].r[0].t}, or None. */
  private static String richTitle(Element title) {
    Element rich = Xml.path(title, "tx", "rich");
    Element p = Xml.child(rich, "p");
    Element t = Xml.path(p, "r", "t");
    return t == null ? null : t.getTextContent();
  }

  private static String axisTitle(Element plot, boolean x) {
    List<Element> axes = new ArrayList<>();
    for (String kind : x ? List.of("catAx", "dateAx", "valAx") : List.of("valAx")) {
      axes.addAll(Xml.children(plot, kind));
    }
    if (!x && Xml.children(plot, "catAx").isEmpty() && Xml.children(plot, "dateAx").isEmpty() && axes.size() > 1) {
      axes.removeFirst();
    }
    return axes.isEmpty() ? null : richTitle(Xml.child(axes.getFirst(), "title"));
  }

  // ---- pivot tables ----

  /** OSWorld's {@code load_pivot_tables}: data source to the asked properties. */
  public Map<String, Map<String, Object>> pivots(String sheetName, List<String> props) throws IOException {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    XSSFSheet s = sheet(sheetName).orElse(null);
    if (s == null) {
      return out;
    }
    for (POIXMLDocumentPart part : s.getRelations()) {
      if (!(part instanceof XSSFPivotTable pt)) {
        continue;
      }
      Element def = parse(pt.getPackagePart());
      PackagePart cachePart = null;
      for (POIXMLDocumentPart rel : pt.getRelations()) {
        if (rel instanceof XSSFPivotCacheDefinition cd) {
          cachePart = cd.getPackagePart();
        }
      }
      if (cachePart == null) {
        throw new IOException("pivot table " + pt.getPackagePart().getPartName() + " has no cache definition");
      }
      Element cache = parse(cachePart);
      List<List<List<Object>>> raw = new ArrayList<>();
      for (Element f : Xml.children(Xml.child(def, "pivotFields"), "pivotField")) {
        List<List<Object>> items = new ArrayList<>();
        for (Element it : Xml.children(Xml.child(f, "items"), "item")) {
          Optional<String> xv = Xml.attr(it, "x");
          if (xv.isPresent()) {
            items.add(Arrays.asList(Xml.attr(it, "h").map(XlsxBook::bool).orElse(null), Long.parseLong(xv.get())));
          }
        }
        raw.add(items);
      }
      int left = 0;
      while (left < raw.size() && raw.get(left).isEmpty()) {
        left++;
      }
      int end = raw.size();
      while (end > left && raw.get(end - 1).isEmpty()) {
        end--;
      }
      int right = raw.size() - end;
      List<List<List<Object>>> selection = raw.subList(left, end);
      Element source = Xml.child(cache, "cacheSource");
      Element ws = Xml.child(source, "worksheetSource");
      String ref = Xml.attr(ws, "ref").orElseThrow(() -> new IOException("pivot cache source has no ref (a named source)"));
      String[] ends = ref.split(":");
      int[] a = CellRanges.cell(ends[0]);
      int[] b = CellRanges.cell(ends[1]);
      String key = Xml.attr(source, "type").orElse("worksheet") + ";(" + a[0] + ", " + (a[1] + left) + "):("
          + b[0] + ", " + (b[1] - right) + ");" + Xml.attr(ws, "sheet").orElse("None");
      Map<String, Object> info = new HashMap<>();
      Set<String> p = new HashSet<>(props);
      if (p.contains("name")) {
        info.put("name", Xml.attr(def, "name").orElse(null));
      }
      if (p.contains("location")) {
        info.put("location", Xml.attr(Xml.child(def, "location"), "ref").orElse(null));
      }
      if (p.contains("filter") || p.contains("selection")) {
        info.put("selection", p.contains("ordered")
            ? List.copyOf(selection)
            : selection.stream().map(r -> (Object) new HashSet<>(r)).toList());
      }
      if (p.contains("filter")) {
        Set<Long> fields = new HashSet<>();
        for (Element f : Xml.children(Xml.child(def, "pageFields"), "pageField")) {
          fields.add(Long.parseLong(f.getAttribute("fld")));
        }
        info.put("filter_fields", fields);
      }
      int bias = left;
      if (p.contains("col_fields")) {
        info.put("col_fields", Xml.children(Xml.child(def, "colFields"), "field").stream()
            .map(f -> Long.parseLong(f.getAttribute("x")) - bias).toList());
      }
      if (p.contains("row_fields")) {
        info.put("row_fields", Xml.children(Xml.child(def, "rowFields"), "field").stream()
            .map(f -> Long.parseLong(f.getAttribute("x")) - bias).toList());
      }
      if (p.contains("data_fields")) {
        info.put("data_fields", Xml.children(Xml.child(def, "dataFields"), "dataField").stream()
            .map(f -> (Long.parseLong(f.getAttribute("fld")) - bias) + ";"
                + (p.contains("data_fields_name") ? Xml.attr(f, "name").orElse("None") : "") + ";"
                + Xml.attr(f, "subtotal").orElse("sum") + ";" + Xml.attr(f, "showDataAs").orElse("None"))
            .toList());
      }
      for (String flag : List.of("show_total:visualTotals", "show_empty_row:showEmptyRow", "show_empty_col:showEmptyCol", "show_headers:showHeaders")) {
        String[] kv = flag.split(":");
        if (p.contains(kv[0])) {
          info.put(kv[0], Xml.attr(def, kv[1]).map(XlsxBook::bool).orElse(null));
        }
      }
      out.put(key, info);
    }
    return out;
  }

  private static Element parse(PackagePart part) throws IOException {
    try (InputStream in = part.getInputStream()) {
      return Xml.parse(in).getDocumentElement();
    }
  }
}
