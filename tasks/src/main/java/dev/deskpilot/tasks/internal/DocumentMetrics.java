package dev.deskpilot.tasks.internal;

import dev.deskpilot.tasks.MetricInput;
import dev.deskpilot.tasks.Value;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/** OSWorld's document metrics ({@code metrics/docs.py}, {@code chrome.py: compare_pdfs}, {@code pdf.py}). */
public final class DocumentMetrics {
  private DocumentMetrics() {}

  /** A metric's file argument as Python sees it: a path string, or None/"" (falsy). */
  private static Optional<String> path(Value v) {
    return switch (v) {
      case Value.LocalFile f -> Optional.of(f.path().toString());
      case Value.Text t when !t.text().isEmpty() -> Optional.of(t.text());
      default -> Optional.empty();
    };
  }

  private static List<String> paragraphs(String file, boolean docx) throws IOException {
    return docx ? DocxModel.read(Path.of(file)).paragraphs() : DocxModel.odtParagraphs(Path.of(file));
  }

  private static String joined(List<String> paragraphs) {
    return PyValues.strip(PyValues.collapseSpaces(String.join("\n", paragraphs)));
  }

  /**
   * {@code compare_docx_files(file1, file2, ignore_blanks=True, ignore_case=False,
   * ignore_order=False, content_only=False, fuzzy_match=False, delete_empty_lines=False)}: both
   * .docx (or both .odt) paragraph texts compared; {@code content_only} and {@code fuzzy_match}
   * give rapidfuzz's ratio / 100, the others 1 or 0. A None file, a file that cannot be read or a
   * pair of other types gives 0.
   */
  public static double compareDocxFiles(MetricInput in) throws IOException {
    Optional<String> f1 = path(in.result());
    Optional<String> f2 = path(in.requireExpected());
    if (f1.isEmpty() || f2.isEmpty()) {
      return 0;
    }
    boolean ignoreBlanks = in.booleanOption("ignore_blanks", true);
    boolean ignoreCase = in.booleanOption("ignore_case", false);
    boolean ignoreOrder = in.booleanOption("ignore_order", false);
    boolean contentOnly = in.booleanOption("content_only", false);
    boolean fuzzy = in.booleanOption("fuzzy_match", false);
    boolean deleteEmpty = in.booleanOption("delete_empty_lines", false);
    boolean docx = f1.get().endsWith(".docx") && f2.get().endsWith(".docx");
    boolean odt = f1.get().endsWith(".odt") && f2.get().endsWith(".odt");
    if (!docx && !odt) {
      return 0;
    }
    List<String> p1;
    List<String> p2;
    try {
      p1 = paragraphs(f1.get(), docx);
      p2 = paragraphs(f2.get(), docx);
    } catch (IOException e) {
      return 0;
    }
    if (ignoreOrder) {
      p1 = p1.stream().sorted().toList();
      p2 = p2.stream().sorted().toList();
    }
    if (deleteEmpty) {
      p1 = p1.stream().filter(p -> !PyValues.strip(p).isEmpty()).toList();
      p2 = p2.stream().filter(p -> !PyValues.strip(p).isEmpty()).toList();
    }
    if (contentOnly) {
      String t1 = joined(p1);
      String t2 = joined(p2);
      if (ignoreCase) {
        t1 = t1.toLowerCase(Locale.ROOT);
        t2 = t2.toLowerCase(Locale.ROOT);
      }
      return Fuzz.ratio(t1, t2) / 100.0;
    }
    if (ignoreBlanks) {
      String t1 = joined(p1);
      String t2 = joined(p2);
      if (ignoreCase) {
        t1 = t1.toLowerCase(Locale.ROOT);
        t2 = t2.toLowerCase(Locale.ROOT);
      }
      if (fuzzy) {
        return Fuzz.ratio(t1, t2) / 100.0;
      }
      return t1.equals(t2) ? 1 : 0;
    }
    if (p1.size() != p2.size()) {
      return 0;
    }
    if (fuzzy) {
      if (p1.isEmpty()) {
        return 1.0;
      }
      double total = 0;
      for (int i = 0; i < p1.size(); i++) {
        String a = ignoreCase ? p1.get(i).toLowerCase(Locale.ROOT) : p1.get(i);
        String b = ignoreCase ? p2.get(i).toLowerCase(Locale.ROOT) : p2.get(i);
        total += Fuzz.ratio(a, b) / 100.0;
      }
      return total / p1.size();
    }
    for (int i = 0; i < p1.size(); i++) {
      String a = ignoreCase ? p1.get(i).toLowerCase(Locale.ROOT) : p1.get(i);
      String b = ignoreCase ? p2.get(i).toLowerCase(Locale.ROOT) : p2.get(i);
      if (!a.equals(b)) {
        return 0;
      }
    }
    return 1;
  }

  /**
   * {@code compare_docx_files_and_ignore_new_lines(file1, file2, ignore_blanks=True)}: empty
   * paragraphs dropped, then the texts compared (whitespace runs collapsed when ignore_blanks).
   */
  public static double compareDocxFilesAndIgnoreNewLines(MetricInput in) throws IOException {
    Optional<String> f1 = path(in.result());
    Optional<String> f2 = path(in.requireExpected());
    if (f1.isEmpty() || f2.isEmpty() || !f1.get().endsWith(".docx") || !f2.get().endsWith(".docx")) {
      return 0;
    }
    List<String> p1;
    List<String> p2;
    try {
      p1 = DocxModel.read(Path.of(f1.get())).paragraphs().stream().filter(p -> !p.isEmpty()).toList();
      p2 = DocxModel.read(Path.of(f2.get())).paragraphs().stream().filter(p -> !p.isEmpty()).toList();
    } catch (IOException e) {
      return 0;
    }
    if (in.booleanOption("ignore_blanks", true)) {
      return joined(p1).equals(joined(p2)) ? 1 : 0;
    }
    return p1.equals(p2) ? 1 : 0;
  }

  /**
   * {@code compare_docx_tables(file1, file2)}: same number of tables, each with the same rows,
   * columns and stripped cell texts; 0 for a None or unreadable file.
   */
  public static double compareDocxTables(MetricInput in) throws IOException {
    Optional<String> f1 = path(in.result());
    Optional<String> f2 = path(in.requireExpected());
    if (f1.isEmpty() || f2.isEmpty()) {
      return 0;
    }
    List<DocxModel.Table> t1;
    List<DocxModel.Table> t2;
    try {
      t1 = DocxModel.read(Path.of(f1.get())).tables();
      t2 = DocxModel.read(Path.of(f2.get())).tables();
    } catch (IOException e) {
      return 0;
    }
    if (t1.size() != t2.size()) {
      return 0;
    }
    for (int t = 0; t < t1.size(); t++) {
      DocxModel.Table a = t1.get(t);
      DocxModel.Table b = t2.get(t);
      if (a.rows() != b.rows() || a.columns() != b.columns()) {
        return 0;
      }
      for (int i = 0; i < a.rows(); i++) {
        for (int j = 0; j < a.columns(); j++) {
          try {
            if (!PyValues.strip(a.cell(i, j)).equals(PyValues.strip(b.cell(i, j)))) {
              return 0;
            }
          } catch (IndexOutOfBoundsException e) {
            throw in.fail("table " + t + ": " + e.getMessage() + " (python-docx: IndexError)");
          }
        }
      }
    }
    return 1;
  }

  /** A PDF's text, pages concatenated and stripped (OSWorld uses PyMuPDF's get_text; this is PDFBox's). */
  static String pdfText(Path pdf) throws IOException {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      PDFTextStripper s = new PDFTextStripper();
      s.setSortByPosition(true);
      StringBuilder sb = new StringBuilder();
      for (int p = 1; p <= doc.getNumberOfPages(); p++) {
        s.setStartPage(p);
        s.setEndPage(p);
        sb.append(s.getText(doc));
      }
      return PyValues.strip(PyValues.universalNewlines(sb.toString()));
    }
  }

  /**
   * {@code compare_pdfs(pdf1, pdf2)}: the mean over pairs (a list, or one pair) of rapidfuzz's
   * ratio / 100 between the PDFs' texts; a pair that cannot be read adds 0. The text comes from
   * PDFBox, where OSWorld uses PyMuPDF: line breaks and spacing can differ slightly, so a score
   * near but not at 1 may differ from OSWorld's in the last digits.
   */
  public static double comparePdfs(MetricInput in) {
    Value e = in.requireExpected();
    List<Optional<Path>> a = new ArrayList<>();
    List<Optional<Path>> b = new ArrayList<>();
    if (e instanceof Value.LocalFiles ef) {
      b.addAll(ef.paths());
      if (in.result() instanceof Value.LocalFiles rf) {
        a.addAll(rf.paths());
      } else {
        throw in.fail("compares lists of PDFs; the result is not a list: " + in.result().summary());
      }
    } else {
      a.add(asPath(in.result()));
      b.add(asPath(e));
    }
    if (b.isEmpty()) {
      throw in.fail("has an empty expected list (OSWorld: ZeroDivisionError)");
    }
    double score = 0;
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (a.get(i).isEmpty() || b.get(i).isEmpty()) {
        continue;
      }
      try {
        score += Fuzz.ratio(pdfText(a.get(i).get()), pdfText(b.get(i).get())) / 100.0;
      } catch (IOException | RuntimeException unreadable) {
        // OSWorld logs the error and adds nothing for this pair
      }
    }
    return score / b.size();
  }

  private static Optional<Path> asPath(Value v) {
    return switch (v) {
      case Value.LocalFile f -> Optional.of(f.path());
      case Value.Text t -> Optional.of(Path.of(t.text()));
      default -> Optional.empty();
    };
  }

  /** {@code check_pdf_pages(pdf, rules)}: {@code operator.<relation>(pages, ref_value)}. */
  public static double checkPdfPages(MetricInput in) throws IOException {
    Optional<Path> p = asPath(in.result());
    if (p.isEmpty()) {
      return 0;
    }
    var rules = in.requireExpected() instanceof Value.Json j ? j.node() : null;
    if (rules == null || !rules.has("relation") || !rules.has("ref_value")) {
      throw in.fail("needs rules {\"relation\": \"eq\", \"ref_value\": N}");
    }
    int pages;
    try (PDDocument doc = Loader.loadPDF(p.get().toFile())) {
      pages = doc.getNumberOfPages();
    }
    return ValueRules.match((long) pages, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
        .put("method", rules.get("relation").asText()).set("ref", rules.get("ref_value"))) ? 1 : 0;
  }
}
