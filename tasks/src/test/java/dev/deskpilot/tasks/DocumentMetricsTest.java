package dev.deskpilot.tasks;

import static dev.deskpilot.tasks.MetricCalls.call;
import static dev.deskpilot.tasks.MetricCalls.file;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.tasks.internal.DocumentMetrics;
import dev.deskpilot.tasks.internal.SlideMetrics;
import java.awt.geom.Rectangle2D;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFSlide;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xslf.usermodel.XSLFTextRun;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare_pptx_files (slides.py, python-pptx), compare_docx_files / compare_docx_tables (docs.py,
 * python-docx) and compare_pdfs (chrome.py, rapidfuzz ratio of page texts) on files written here.
 */
class DocumentMetricsTest {
  @TempDir Path tmp;

  /** One slide with a text box "text" at (x, 100) whose run is bold or not. */
  private Path deck(String name, String text, int x, boolean bold, int slides) throws IOException {
    Path p = tmp.resolve(name);
    try (XMLSlideShow ppt = new XMLSlideShow(); FileOutputStream os = new FileOutputStream(p.toFile())) {
      for (int i = 0; i < slides; i++) {
        XSLFSlide s = ppt.createSlide();
        XSLFTextBox box = s.createTextBox();
        box.setAnchor(new Rectangle2D.Double(x, 100, 300, 50));
        XSLFTextRun r = box.addNewTextParagraph().addNewTextRun();
        r.setText(text);
        r.setBold(bold);
        r.setFontSize(18.0);
      }
      ppt.write(os);
    }
    return p;
  }

  private double pptx(Path a, Path b, String options) throws IOException {
    return SlideMetrics.comparePptxFiles(call(tmp, "compare_pptx_files", options, file(a), file(b)));
  }

  // compare_pptx_files: slide count, shape geometry (0.5 % tolerance), text, runs and fonts
  @Test
  void comparePptxFilesChecksWhatPythonPptxSees() throws IOException {
    Path gold = deck("gold.pptx", "Hello", 100, true, 1);
    assertThat(pptx(deck("same.pptx", "Hello", 100, true, 1), gold, "{}")).isEqualTo(1.0);
    assertThat(pptx(deck("text.pptx", "Hallo", 100, true, 1), gold, "{}")).isEqualTo(0.0);
    assertThat(pptx(deck("bold.pptx", "Hello", 100, false, 1), gold, "{}")).isEqualTo(0.0);
    assertThat(pptx(deck("bold.pptx", "Hello", 100, false, 1), gold, "{\"examine_font_bold\":false}")).isEqualTo(1.0);
    assertThat(pptx(deck("moved.pptx", "Hello", 160, true, 1), gold, "{}")).isEqualTo(0.0);
    assertThat(pptx(deck("moved.pptx", "Hello", 160, true, 1), gold, "{\"examine_shape\":false}")).isEqualTo(1.0);
    assertThat(pptx(deck("two.pptx", "Hello", 100, true, 2), gold, "{}")).isEqualTo(0.0);
    // a result that is not a pptx scores 0 (python-pptx cannot open it)
    assertThat(pptx(Files.writeString(tmp.resolve("bad.pptx"), "x"), gold, "{}")).isEqualTo(0.0);
    assertThat(SlideMetrics.comparePptxFiles(call(tmp, "compare_pptx_files", "{}", Value.NOTHING, file(gold)))).isEqualTo(0.0);
  }

  @Test
  void comparePptxFilesComparesNotes() throws IOException {
    Path a = deck("a.pptx", "Hello", 100, true, 1);
    Path b = tmp.resolve("b.pptx");
    try (XMLSlideShow ppt = new XMLSlideShow(Files.newInputStream(a)); FileOutputStream os = new FileOutputStream(b.toFile())) {
      var notes = ppt.getNotesSlide(ppt.getSlides().getFirst());
      notes.getPlaceholders()[1].setText("Speaker note");
      for (var ph : notes.getPlaceholders()) {
        if (ph.getTextType() == org.apache.poi.sl.usermodel.Placeholder.BODY) {
          ph.setText("Speaker note");
        }
      }
      ppt.write(os);
    }
    assertThat(pptx(b, a, "{}")).isEqualTo(0.0);
    assertThat(pptx(b, a, "{\"examine_note\":false}")).isEqualTo(1.0);
  }

  private Path docx(String name, Consumer<XWPFDocument> build) throws IOException {
    Path p = tmp.resolve(name);
    try (XWPFDocument d = new XWPFDocument(); FileOutputStream os = new FileOutputStream(p.toFile())) {
      build.accept(d);
      d.write(os);
    }
    return p;
  }

  private Path paragraphs(String name, String... texts) throws IOException {
    return docx(name, d -> {
      for (String t : texts) {
        d.createParagraph().createRun().setText(t);
      }
    });
  }

  private double docxFiles(Path a, Path b, String options) throws IOException {
    return DocumentMetrics.compareDocxFiles(call(tmp, "compare_docx_files", options, file(a), file(b)));
  }

  // compare_docx_files: ignore_blanks (default) joins paragraphs and collapses whitespace
  @Test
  void compareDocxFilesFollowsItsOptions() throws IOException {
    Path gold = paragraphs("gold.docx", "Hello  world", "Second");
    assertThat(docxFiles(paragraphs("a.docx", "Hello world", "", "Second"), gold, "{}")).isEqualTo(1.0);
    assertThat(docxFiles(paragraphs("a.docx", "Hello world", "", "Second"), gold, "{\"ignore_blanks\":false}")).isEqualTo(0.0);
    assertThat(docxFiles(paragraphs("b.docx", "hello WORLD", "second"), gold, "{\"ignore_case\":true}")).isEqualTo(1.0);
    assertThat(docxFiles(paragraphs("c.docx", "Second", "Hello  world"), gold, "{\"ignore_order\":true}")).isEqualTo(1.0);
    assertThat(docxFiles(paragraphs("c.docx", "Second", "Hello  world"), gold, "{}")).isEqualTo(0.0);
    // content_only: rapidfuzz ratio / 100 of the collapsed texts ("Hello world Second" vs "Hello world Secnd")
    assertThat(docxFiles(paragraphs("d.docx", "Hello world", "Secnd"), gold, "{\"content_only\":true}"))
        .isCloseTo(2.0 * 17 / 35, org.assertj.core.data.Offset.offset(1e-9));
    // the types must match: a .txt is "unsupported" -> 0
    assertThat(docxFiles(Files.writeString(tmp.resolve("x.txt"), "Hello world Second"), gold, "{}")).isEqualTo(0.0);
    assertThat(DocumentMetrics.compareDocxFiles(call(tmp, "compare_docx_files", "{}", Value.NOTHING, file(gold)))).isEqualTo(0.0);
  }

  @Test
  void compareDocxTablesComparesStrippedCells() throws IOException {
    Consumer<XWPFDocument> table = d -> {
      XWPFTable t = d.createTable(2, 2);
      // Word and LibreOffice write the grid python-docx counts columns from; POI does not
      var grid = t.getCTTbl().getTblGrid() == null ? t.getCTTbl().addNewTblGrid() : t.getCTTbl().getTblGrid();
      while (grid.sizeOfGridColArray() < 2) {
        grid.addNewGridCol();
      }
      t.getRow(0).getCell(0).setText("Name");
      t.getRow(0).getCell(1).setText("Age");
      t.getRow(1).getCell(0).setText("Ann");
      t.getRow(1).getCell(1).setText("30");
    };
    Path gold = docx("gold.docx", table);
    assertThat(DocumentMetrics.compareDocxTables(call(tmp, "compare_docx_tables", "{}", file(docx("same.docx", table)), file(gold)))).isEqualTo(1.0);
    Path other = docx("other.docx", d -> {
      table.accept(d);
      d.getTables().getFirst().getRow(1).getCell(1).setText("31");
    });
    assertThat(DocumentMetrics.compareDocxTables(call(tmp, "compare_docx_tables", "{}", file(other), file(gold)))).isEqualTo(0.0);
    Path none = paragraphs("none.docx", "no table");
    assertThat(DocumentMetrics.compareDocxTables(call(tmp, "compare_docx_tables", "{}", file(none), file(gold)))).isEqualTo(0.0);
  }

  private Path pdf(String name, String... pages) throws IOException {
    Path p = tmp.resolve(name);
    try (PDDocument doc = new PDDocument()) {
      for (String text : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          cs.newLineAtOffset(72, 700);
          cs.showText(text);
          cs.endText();
        }
      }
      doc.save(p.toFile());
    }
    return p;
  }

  // compare_pdfs: fuzz.ratio(text1, text2) / 100 per pair, averaged over the expected list
  @Test
  void comparePdfsScoresTextSimilarity() throws IOException {
    Path gold = pdf("gold.pdf", "The quick brown fox", "jumps");
    assertThat(DocumentMetrics.comparePdfs(call(tmp, "compare_pdfs", "{}", file(pdf("same.pdf", "The quick brown fox", "jumps")), file(gold)))).isEqualTo(1.0);
    double partial = DocumentMetrics.comparePdfs(call(tmp, "compare_pdfs", "{}", file(pdf("half.pdf", "The quick brown fox")), file(gold)));
    assertThat(partial).isGreaterThan(0.7).isLessThan(1.0);
    // a list of pairs: an unreadable one adds 0 to the sum
    Value results = new Value.LocalFiles(List.of(Optional.of(pdf("r1.pdf", "abc")), Optional.of(tmp.resolve("missing.pdf"))));
    Value expected = new Value.LocalFiles(List.of(Optional.of(pdf("e1.pdf", "abc")), Optional.of(pdf("e2.pdf", "x"))));
    assertThat(DocumentMetrics.comparePdfs(call(tmp, "compare_pdfs", "{}", results, expected))).isEqualTo(0.5);
  }

  @Test
  void checkPdfPagesAppliesTheRelation() throws IOException {
    Path two = pdf("two.pdf", "a", "b");
    assertThat(DocumentMetrics.checkPdfPages(call(tmp, "check_pdf_pages", "{}", file(two), MetricCalls.json("{\"relation\":\"eq\",\"ref_value\":2}")))).isEqualTo(1.0);
    assertThat(DocumentMetrics.checkPdfPages(call(tmp, "check_pdf_pages", "{}", file(two), MetricCalls.json("{\"relation\":\"gt\",\"ref_value\":2}")))).isEqualTo(0.0);
  }
}
