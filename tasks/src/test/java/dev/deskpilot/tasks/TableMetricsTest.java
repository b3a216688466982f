package dev.deskpilot.tasks;

import static dev.deskpilot.tasks.MetricCalls.call;
import static dev.deskpilot.tasks.MetricCalls.file;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.tasks.internal.Fuzz;
import dev.deskpilot.tasks.internal.PyFormat;
import dev.deskpilot.tasks.internal.TableMetrics;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidationConstraint;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.DataConsolidateFunction;
import org.apache.poi.xddf.usermodel.chart.AxisPosition;
import org.apache.poi.xddf.usermodel.chart.BarDirection;
import org.apache.poi.xddf.usermodel.chart.ChartTypes;
import org.apache.poi.xddf.usermodel.chart.XDDFBarChartData;
import org.apache.poi.xddf.usermodel.chart.XDDFDataSourcesFactory;
import org.apache.poi.xssf.usermodel.XSSFChart;
import org.apache.poi.xssf.usermodel.XSSFColor;
import org.apache.poi.xssf.usermodel.XSSFDrawing;
import org.apache.poi.xssf.usermodel.XSSFFont;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFPivotTable;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare_table and compare_csv on xlsx files written here with POI, against OSWorld's Python
 * (desktop_env/evaluators/metrics/table.py, utils.py; pandas read_excel + DataFrame.equals).
 */
class TableMetricsTest {
  @TempDir Path tmp;

  /** A workbook with one sheet "Sheet1" whose rows are given (String, Number, Boolean or null). */
  private Path book(String name, Object[][] rows) throws IOException {
    return book(name, wb -> {
      XSSFSheet s = wb.createSheet("Sheet1");
      fill(s, rows);
    });
  }

  private static void fill(XSSFSheet s, Object[][] rows) {
    for (int r = 0; r < rows.length; r++) {
      Row row = s.createRow(r);
      for (int c = 0; c < rows[r].length; c++) {
        Object v = rows[r][c];
        if (v instanceof String t) {
          row.createCell(c).setCellValue(t);
        } else if (v instanceof Number n) {
          row.createCell(c).setCellValue(n.doubleValue());
        } else if (v instanceof Boolean b) {
          row.createCell(c).setCellValue(b);
        }
      }
    }
  }

  private Path book(String name, Consumer<XSSFWorkbook> build) throws IOException {
    Path p = tmp.resolve(name);
    try (XSSFWorkbook wb = new XSSFWorkbook(); FileOutputStream os = new FileOutputStream(p.toFile())) {
      build.accept(wb);
      wb.write(os);
    }
    return p;
  }

  private double table(Path result, Path expected, String rules) throws IOException {
    return TableMetrics.compareTable(call(tmp, "compare_table", "{\"rules\":" + rules + "}", file(result),
        expected == null ? Optional.empty() : Optional.of(file(expected))));
  }

  private static final String DATA = "[{\"type\":\"sheet_data\",\"sheet_idx0\":0,\"sheet_idx1\":\"EI0\"}]";

  // sheet_data: pd.read_excel(...).round(4).equals(...): values, labels, shape and dtypes
  @Test
  void sheetDataComparesThePandasView() throws IOException {
    Path gold = book("gold.xlsx", new Object[][] {{"Name", "Score"}, {"a", 1.0}, {"b", 2.5}});
    assertThat(table(book("same.xlsx", new Object[][] {{"Name", "Score"}, {"a", 1}, {"b", 2.5}}), gold, DATA)).isEqualTo(1.0);
    // differences past 4 decimals vanish in round(4)
    assertThat(table(book("close.xlsx", new Object[][] {{"Name", "Score"}, {"a", 1.00001}, {"b", 2.50002}}), gold, DATA)).isEqualTo(1.0);
    assertThat(table(book("off.xlsx", new Object[][] {{"Name", "Score"}, {"a", 1.001}, {"b", 2.5}}), gold, DATA)).isEqualTo(0.0);
    assertThat(table(book("header.xlsx", new Object[][] {{"Name", "score"}, {"a", 1}, {"b", 2.5}}), gold, DATA)).isEqualTo(0.0);
    assertThat(table(book("row.xlsx", new Object[][] {{"Name", "Score"}, {"a", 1}, {"b", 2.5}, {"c", 3}}), gold, DATA)).isEqualTo(0.0);
    // trailing empty rows and cells are not data
    assertThat(table(book("trail.xlsx", new Object[][] {{"Name", "Score", null}, {"a", 1, null}, {"b", 2.5}, {null, null}}), gold, DATA)).isEqualTo(1.0);
  }

  // pandas converts numeric strings ("1") to numbers, and an int64 column is not a float64 one
  @Test
  void sheetDataFollowsPandasTypeInference() throws IOException {
    Path ints = book("ints.xlsx", new Object[][] {{"n"}, {1}, {2}});
    assertThat(table(book("texts.xlsx", new Object[][] {{"n"}, {"1"}, {"2"}}), ints, DATA)).isEqualTo(1.0);
    Path floats = book("floats.xlsx", new Object[][] {{"n", "m"}, {1, 1}, {2, 2.5}});
    Path intsWithNan = book("nan.xlsx", new Object[][] {{"n", "m"}, {1, 1}, {2, null}});
    // int64 [1, 2] vs float64 [1.0, 2.5]: column m differs in dtype and value
    assertThat(table(intsWithNan, floats, DATA)).isEqualTo(0.0);
    // NaN equals NaN in DataFrame.equals, and an empty cell is NaN
    assertThat(table(book("nan2.xlsx", new Object[][] {{"n", "m"}, {1, 1}, {2, "NA"}}), intsWithNan, DATA)).isEqualTo(1.0);
  }

  @Test
  void aMissingOrUnreadableResultScoresZero() throws IOException {
    Path gold = book("gold.xlsx", new Object[][] {{"a"}});
    assertThat(table(tmp.resolve("none.xlsx"), gold, DATA)).isEqualTo(0.0);
    assertThat(table(Files.writeString(tmp.resolve("text.xlsx"), "not a zip"), gold, DATA)).isEqualTo(0.0);
    assertThat(TableMetrics.compareTable(call(tmp, "compare_table", "{\"rules\":" + DATA + "}", Value.NOTHING, file(gold)))).isEqualTo(0.0);
    // a result sheet that is not there: _load_sheet gives None -> 0
    assertThat(table(gold, gold, "[{\"type\":\"sheet_data\",\"sheet_idx0\":\"RNnope\",\"sheet_idx1\":\"EI0\"}]")).isEqualTo(0.0);
  }

  @Test
  void sheetNameComparesTheOrderedNames() throws IOException {
    Path two = book("two.xlsx", wb -> { wb.createSheet("A"); wb.createSheet("B"); });
    assertThat(table(book("two2.xlsx", wb -> { wb.createSheet("A"); wb.createSheet("B"); }), two, "[{\"type\":\"sheet_name\"}]")).isEqualTo(1.0);
    assertThat(table(book("ba.xlsx", wb -> { wb.createSheet("B"); wb.createSheet("A"); }), two, "[{\"type\":\"sheet_name\"}]")).isEqualTo(0.0);
  }

  // check_cell: read_cell_value gives float(v) for numbers; approx:T is abs(float(v) - ref) <= T
  @Test
  void checkCellMatchesValuesAndMerges() throws IOException {
    Path b = book("cells.xlsx", wb -> {
      XSSFSheet s = wb.createSheet("Sheet1");
      fill(s, new Object[][] {{"Total", 10.04}, {"x", "y"}});
      s.addMergedRegion(new CellRangeAddress(1, 1, 0, 1));
    });
    assertThat(table(b, null, "[{\"type\":\"check_cell\",\"sheet_idx\":0,\"coordinate\":\"B1\",\"props\":{\"value\":{\"method\":\"approx:0.1\",\"ref\":10}}}]")).isEqualTo(1.0);
    assertThat(table(b, null, "[{\"type\":\"check_cell\",\"sheet_idx\":0,\"coordinate\":\"B1\",\"props\":{\"value\":{\"method\":\"approx:0.01\",\"ref\":10}}}]")).isEqualTo(0.0);
    assertThat(table(b, null, "[{\"type\":\"check_cell\",\"sheet_idx\":0,\"coordinate\":\"A1\",\"props\":{\"value\":{\"method\":\"eq\",\"ref\":\"Total\"}}}]")).isEqualTo(1.0);
    // B2 is covered by the merge A2:B2 (openpyxl MergedCell); A2 is its anchor
    assertThat(table(b, null, "[{\"type\":\"check_cell\",\"sheet_idx\":0,\"coordinate\":\"B2\",\"props\":{\"merge\":{\"method\":\"eq\",\"ref\":true}}}]")).isEqualTo(1.0);
    assertThat(table(b, null, "[{\"type\":\"check_cell\",\"sheet_idx\":0,\"coordinate\":\"A2\",\"props\":{\"merge\":{\"method\":\"eq\",\"ref\":true}}}]")).isEqualTo(0.0);
    // a missing cell reads None, and None is not within approx of anything
    assertThat(table(b, null, "[{\"type\":\"check_cell\",\"sheet_idx\":0,\"coordinate\":\"Z9\",\"props\":{\"value\":{\"method\":\"approx:1\",\"ref\":0}}}]")).isEqualTo(0.0);
  }

  @Test
  void checkCellReadsStylesAsOpenpyxl() throws IOException {
    Path b = book("style.xlsx", wb -> {
      XSSFSheet s = wb.createSheet("Sheet1");
      fill(s, new Object[][] {{"hot", "plain"}});
      XSSFCellStyle st = wb.createCellStyle();
      st.setFillForegroundColor(new XSSFColor(new byte[] {(byte) 0xFF, 0, 0}));
      st.setFillPattern(FillPatternType.SOLID_FOREGROUND);
      XSSFFont f = wb.createFont();
      f.setBold(true);
      f.setColor(new XSSFColor(new byte[] {0, (byte) 0xFF, 0}));
      st.setFont(f);
      s.getRow(0).getCell(0).setCellStyle(st);
    });
    String hot = "{\"bgcolor\":{\"method\":\"eq\",\"ref\":\"FFFF0000\"},\"font_color\":{\"method\":\"eq\",\"ref\":\"FF00FF00\"},"
        + "\"font_bold\":{\"method\":\"eq\",\"ref\":true},\"value\":{\"method\":\"eq\",\"ref\":\"hot\"}}";
    assertThat(table(b, null, "[{\"type\":\"check_cell\",\"sheet_idx\":0,\"coordinate\":\"A1\",\"props\":" + hot + "}]")).isEqualTo(1.0);
    assertThat(table(b, null, "[{\"type\":\"check_cell\",\"sheet_idx\":0,\"coordinate\":\"B1\",\"props\":" + hot.replace("hot", "plain") + "}]")).isEqualTo(0.0);
    // openpyxl's default fill is Color(rgb="00000000")
    assertThat(table(b, null, "[{\"type\":\"check_cell\",\"sheet_idx\":0,\"coordinate\":\"B1\",\"props\":{\"bgcolor\":{\"method\":\"eq\",\"ref\":\"00000000\"}}}]")).isEqualTo(1.0);
  }

  @Test
  void styleRuleComparesEveryCellsStyle() throws IOException {
    Consumer<XSSFWorkbook> red = wb -> {
      XSSFSheet s = wb.createSheet("Sheet1");
      fill(s, new Object[][] {{"Sat", "Mon"}});
      XSSFCellStyle st = wb.createCellStyle();
      st.setFillForegroundColor(new XSSFColor(new byte[] {(byte) 0xFF, 0, 0}));
      st.setFillPattern(FillPatternType.SOLID_FOREGROUND);
      s.getRow(0).getCell(0).setCellStyle(st);
    };
    Path gold = book("gold.xlsx", red);
    String rule = "[{\"type\":\"style\",\"sheet_idx0\":0,\"sheet_idx1\":\"EI0\",\"props\":[\"bgcolor\"]}]";
    assertThat(table(book("res.xlsx", red), gold, rule)).isEqualTo(1.0);
    assertThat(table(book("plain.xlsx", new Object[][] {{"Sat", "Mon"}}), gold, rule)).isEqualTo(0.0);
  }

  // sheet_fuzzy: str() of read_cell_value, normalised, then includes / fuzzy_match (rapidfuzz ratio) / exact_match
  @Test
  void sheetFuzzyNormalisesThenCompares() throws IOException {
    Path gold = book("gold.xlsx", new Object[][] {{"12 Main Road", "+1 (555) 010"}, {"Anna", 3}});
    Path res = book("res.xlsx", new Object[][] {{"12 main Rd", "5550100"}, {"anna", 3}});
    String rules = "[{\"type\":\"sheet_fuzzy\",\"sheet_idx0\":\"RNSheet1\",\"sheet_idx1\":\"ENSheet1\",\"rules\":["
        + "{\"range\":[\"A1:A1\"],\"type\":\"fuzzy_match\",\"threshold\":85,\"normalization\":[[\"Rd\",\"Road\"]],\"ignore_case\":true},"
        + "{\"range\":[\"B1\"],\"type\":\"includes\",\"trim_leadings\":\"+ \",\"ignore_chars\":\" ()-\"},"
        + "{\"range\":[\"A2:B2\"],\"type\":\"exact_match\",\"ignore_case\":true}]}]";
    // B1: "5550100" includes "1555010"? no -> 0; swap to included_by semantics below
    assertThat(table(res, gold, rules)).isEqualTo(0.0);
    assertThat(table(res, gold, rules.replace("\"includes\"", "\"exact_match\"").replace("5550100", "x"))).isEqualTo(0.0);
    Path res2 = book("res2.xlsx", new Object[][] {{"12 main Rd", "x 1555010 y"}, {"anna", 3}});
    assertThat(table(res2, gold, rules)).isEqualTo(1.0);
  }

  @Test
  void pythonStrAndRapidfuzzRatio() {
    assertThat(PyFormat.repr(3.0)).isEqualTo("3.0");
    assertThat(PyFormat.repr(0.1)).isEqualTo("0.1");
    assertThat(PyFormat.repr(1e16)).isEqualTo("1e+16");
    assertThat(PyFormat.repr(123456789.5)).isEqualTo("123456789.5");
    assertThat(PyFormat.repr(0.00001)).isEqualTo("1e-05");
    assertThat(PyFormat.repr(-2.5e-7)).isEqualTo("-2.5e-07");
    // rapidfuzz: fuzz.ratio("this is a test", "this is a test!") == 96.55172413793103
    assertThat(Fuzz.ratio("this is a test", "this is a test!")).isCloseTo(96.55172413793103, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(Fuzz.ratio("", "")).isEqualTo(100.0);
  }

  // sheet_print compares the CSV exports "<book>-<sheet>.csv" beside each workbook, lines stripped
  @Test
  void sheetPrintComparesTheCsvExports() throws IOException {
    Path res = book("Report.xlsx", new Object[][] {{"a"}});
    Path gold = book("Report_gold.xlsx", new Object[][] {{"a"}});
    Files.writeString(tmp.resolve("Report-Sheet1.csv"), "1.5,A \n2,B\n\n");
    Files.writeString(tmp.resolve("Report_gold-Sheet1.csv"), "1.5,A\n2,B\n");
    String rule = "[{\"type\":\"sheet_print\",\"sheet_idx0\":\"RNSheet1\",\"sheet_idx1\":\"ENSheet1\"}]";
    assertThat(table(res, gold, rule)).isEqualTo(1.0);
    Files.writeString(tmp.resolve("Report-Sheet1.csv"), "1,5,A\n2,B\n");
    assertThat(table(res, gold, rule)).isEqualTo(0.0);
    Files.delete(tmp.resolve("Report-Sheet1.csv"));
    assertThat(table(res, gold, rule)).isEqualTo(0.0);
  }

  @Test
  void chartRuleComparesTypeTitleAndDirection() throws IOException {
    Path bar = book("bar.xlsx", wb -> chart(wb, BarDirection.COL, "Sales"));
    String rule = "[{\"type\":\"chart\",\"sheet_idx0\":0,\"sheet_idx1\":\"EI0\",\"chart_props\":[\"type\",\"title\",\"direction\"]}]";
    assertThat(table(book("bar2.xlsx", wb -> chart(wb, BarDirection.COL, "Sales")), bar, rule)).isEqualTo(1.0);
    assertThat(table(book("row.xlsx", wb -> chart(wb, BarDirection.BAR, "Sales")), bar, rule)).isEqualTo(0.0);
    assertThat(table(book("title.xlsx", wb -> chart(wb, BarDirection.COL, "Other")), bar, rule)).isEqualTo(0.0);
    assertThat(table(book("none.xlsx", new Object[][] {{"m", "v"}, {"a", 1}, {"b", 2}}), bar, rule)).isEqualTo(0.0);
  }

  private static void chart(XSSFWorkbook wb, BarDirection dir, String title) {
    XSSFSheet s = wb.createSheet("Sheet1");
    fill(s, new Object[][] {{"m", "v"}, {"a", 1}, {"b", 2}});
    XSSFDrawing d = s.createDrawingPatriarch();
    XSSFChart c = d.createChart(d.createAnchor(0, 0, 0, 0, 3, 1, 10, 15));
    c.setTitleText(title);
    var cat = XDDFDataSourcesFactory.fromStringCellRange(s, new CellRangeAddress(1, 2, 0, 0));
    var val = XDDFDataSourcesFactory.fromNumericCellRange(s, new CellRangeAddress(1, 2, 1, 1));
    XDDFBarChartData data = (XDDFBarChartData) c.createData(ChartTypes.BAR,
        c.createCategoryAxis(AxisPosition.BOTTOM), c.createValueAxis(AxisPosition.LEFT));
    data.setBarDirection(dir);
    data.addSeries(cat, val);
    c.plot(data);
  }

  @Test
  void freezeZoomValidationAndRowProperties() throws IOException {
    Path gold = book("gold.xlsx", wb -> {
      XSSFSheet s = wb.createSheet("Sheet1");
      fill(s, new Object[][] {{"h"}, {"a"}, {"b"}});
      s.createFreezePane(0, 1);
      s.setZoom(150);
      s.getRow(2).setZeroHeight(true);
      var helper = s.getDataValidationHelper();
      DataValidationConstraint list = helper.createExplicitListConstraint(new String[] {"Pass", "Fail", "Held"});
      s.addValidationData(helper.createValidation(list, new CellRangeAddressList(1, 28, 3, 3)));
    });
    Path plain = book("plain.xlsx", new Object[][] {{"h"}, {"a"}, {"b"}});
    String freeze = "[{\"type\":\"freeze\",\"sheet_idx0\":0,\"sheet_idx1\":\"EI0\"}]";
    assertThat(table(gold, gold, freeze)).isEqualTo(1.0);
    assertThat(table(plain, gold, freeze)).isEqualTo(0.0);
    assertThat(table(gold, null, "[{\"type\":\"zoom\",\"sheet_idx\":0,\"method\":\"lt\",\"ref\":260}]")).isEqualTo(1.0);
    assertThat(table(gold, null, "[{\"type\":\"zoom\",\"sheet_idx\":0,\"method\":\"gt\",\"ref\":150}]")).isEqualTo(0.0);
    // zoomScale absent -> 100
    assertThat(table(plain, null, "[{\"type\":\"zoom\",\"sheet_idx\":0,\"method\":\"eq\",\"ref\":100}]")).isEqualTo(1.0);
    String dv = "[{\"type\":\"data_validation\",\"sheet_idx\":0,\"dv_props\":[{\"ranges\":{\"method\":\"spreadsheet_range\",\"ref\":[\"D2:D29\",\"D1:D1048576\"]},"
        + "\"type\":{\"method\":\"eq\",\"ref\":\"list\"},\"formula1\":{\"method\":\"str_set_eq\",\"ref\":[\"Pass\",\"Fail\",\"Held\"]}}]}]";
    assertThat(table(gold, null, dv)).isEqualTo(1.0);
    assertThat(table(plain, null, dv)).isEqualTo(0.0);
    assertThat(table(gold, null, dv.replace("\"Held\"]", "\"Held\",\"Other\"]"))).isEqualTo(0.0);
    String rows = "[{\"type\":\"row_props\",\"sheet_idx0\":0,\"sheet_idx1\":\"EI0\",\"props\":[\"hidden\"]}]";
    assertThat(table(gold, gold, rows)).isEqualTo(1.0);
    assertThat(table(plain, gold, rows)).isEqualTo(0.0);
  }

  @Test
  void pivotTablesCompareFieldsAndSource() throws IOException {
    Consumer<XSSFWorkbook> pivot = wb -> {
      XSSFSheet data = wb.createSheet("Sheet1");
      fill(data, new Object[][] {{"Region", "Item", "Sales"}, {"N", "a", 1}, {"S", "b", 2}, {"N", "b", 3}});
      XSSFSheet p = wb.createSheet("Sheet2");
      XSSFPivotTable t = p.createPivotTable(new AreaReference("Sheet1!A1:C4", SpreadsheetVersion.EXCEL2007), new CellReference("A1"), data);
      t.addRowLabel(0);
      t.addColumnLabel(DataConsolidateFunction.SUM, 2);
    };
    Path gold = book("gold.xlsx", pivot);
    String rule = "[{\"type\":\"pivot_table\",\"sheet_idx0\":\"RNSheet2\",\"sheet_idx1\":\"ENSheet2\",\"pivot_props\":[\"col_fields\",\"filter\",\"row_fields\",\"data_fields\"]}]";
    assertThat(table(book("res.xlsx", pivot), gold, rule)).isEqualTo(1.0);
    Path other = book("other.xlsx", wb -> {
      XSSFSheet data = wb.createSheet("Sheet1");
      fill(data, new Object[][] {{"Region", "Item", "Sales"}, {"N", "a", 1}, {"S", "b", 2}, {"N", "b", 3}});
      XSSFSheet p = wb.createSheet("Sheet2");
      XSSFPivotTable t = p.createPivotTable(new AreaReference("Sheet1!A1:C4", SpreadsheetVersion.EXCEL2007), new CellReference("A1"), data);
      t.addRowLabel(1);
      t.addColumnLabel(DataConsolidateFunction.SUM, 2);
    });
    assertThat(table(other, gold, rule)).isEqualTo(0.0);
  }

  @Test
  void anUnknownRuleTypeIsAnErrorNotAZero() throws IOException {
    Path b = book("b.xlsx", new Object[][] {{"a"}});
    assertThatThrownBy(() -> table(b, b, "[{\"type\":\"sparkline\",\"sheet_idx0\":0,\"sheet_idx1\":\"EI0\"}]"))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("rules[0] (sparkline): the rule type 'sparkline' is not implemented");
  }

  // compare_csv: lines equal (strict) or stripped (strict false); a list of expected files: any
  @Test
  void compareCsvComparesLines() throws IOException {
    Path res = Files.writeString(tmp.resolve("r.csv"), "a,b\r\n1,2 \n");
    Path gold = Files.writeString(tmp.resolve("g.csv"), "\uFEFFa,b\n1,2\n");
    assertThat(TableMetrics.compareCsv(call(tmp, "compare_csv", "{}", file(res), file(gold)))).isEqualTo(0.0);
    assertThat(TableMetrics.compareCsv(call(tmp, "compare_csv", "{\"strict\":false}", file(res), file(gold)))).isEqualTo(1.0);
    Path other = Files.writeString(tmp.resolve("o.csv"), "x\n");
    assertThat(TableMetrics.compareCsv(call(tmp, "compare_csv", "{\"strict\":false}", file(res),
        new Value.LocalFiles(java.util.List.of(Optional.of(other), Optional.of(gold)))))).isEqualTo(1.0);
    assertThat(TableMetrics.compareCsv(call(tmp, "compare_csv", "{}", Value.NOTHING, file(gold)))).isEqualTo(0.0);
    assertThat(TableMetrics.compareCsv(call(tmp, "compare_csv", "{\"ignore_case\":true}", file(Files.writeString(tmp.resolve("u.csv"), "A,B\n1,2\n")),
        file(gold)))).isEqualTo(1.0);
  }
}
