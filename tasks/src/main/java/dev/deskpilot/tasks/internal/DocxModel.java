package dev.deskpilot.tasks.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A docx (or odt) read as python-docx (odfpy) shows it to OSWorld's document metrics: the body's
 * paragraph texts and its tables.
 */
public final class DocxModel {
  private static final String W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  private DocxModel() {}

  /** A table: python-docx's rows, grid column count and cell texts (spans and merges repeated). */
  public record Table(int rows, int columns, List<String> cells) {
    public String cell(int r, int c) {
      int i = r * columns + c;
      if (i >= cells.size()) {
        throw new IndexOutOfBoundsException("cell (" + r + ", " + c + ") is outside the table");
      }
      return cells.get(i);
    }
  }

  public record Document(List<String> paragraphs, List<Table> tables) {}

  private static Element body(OfficeZip zip) throws IOException {
    Element doc = zip.xml("word/document.xml").orElseThrow(() -> new IOException("not a docx: no word/document.xml"));
    Element body = Xml.child(doc, "body");
    if (body == null) {
      throw new IOException("word/document.xml has no w:body");
    }
    return body;
  }

  public static Document read(Path docx) throws IOException {
    try (OfficeZip zip = OfficeZip.open(docx)) {
      Element body = body(zip);
      List<String> paragraphs = new ArrayList<>();
      for (Element p : Xml.children(body, "p")) {
        paragraphs.add(paragraphText(p));
      }
      List<Table> tables = new ArrayList<>();
      for (Element tbl : Xml.children(body, "tbl")) {
        tables.add(table(tbl));
      }
      return new Document(paragraphs, tables);
    } catch (java.util.zip.ZipException e) {
      throw new IOException("not a docx (not a zip): " + docx, e);
    }
  }

  /** python-docx {@code Paragraph.text}: its w:r and w:hyperlink runs. */
  static String paragraphText(Element p) {
    StringBuilder sb = new StringBuilder();
    for (Element c : Xml.children(p)) {
      switch (c.getLocalName()) {
        case "r" -> sb.append(runText(c));
        case "hyperlink" -> Xml.children(c, "r").forEach(r -> sb.append(runText(r)));
        default -> {}
      }
    }
    return sb.toString();
  }

  /** python-docx {@code Run.text}: w:t text, tabs as \t, line breaks as \n, no-break hyphens as -. */
  static String runText(Element r) {
    StringBuilder sb = new StringBuilder();
    for (Element c : Xml.children(r)) {
      switch (c.getLocalName()) {
        case "t" -> sb.append(c.getTextContent());
        case "tab", "ptab" -> sb.append('\t');
        case "cr" -> sb.append('\n');
        case "br" -> {
          String type = c.getAttributeNS("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "type");
          if (type.isEmpty() || type.equals("textWrapping")) {
            sb.append('\n');
          }
        }
        case "noBreakHyphen" -> sb.append('-');
        default -> {}
      }
    }
    return sb.toString();
  }

  private static Table table(Element tbl) {
    int cols = Xml.children(Xml.child(tbl, "tblGrid"), "gridCol").size();
    List<Element> trs = Xml.children(tbl, "tr");
    List<String> cells = new ArrayList<>();
    for (Element tr : trs) {
      for (Element tc : Xml.children(tr, "tc")) {
        Element tcPr = Xml.child(tc, "tcPr");
        Element gridSpan = Xml.child(tcPr, "gridSpan");
        String spanVal = gridSpan == null ? "" : gridSpan.getAttributeNS(W, "val");
        int span = spanVal.isEmpty() ? 1 : Integer.parseInt(spanVal);
        Element vMerge = Xml.child(tcPr, "vMerge");
        String merge = vMerge == null ? null
            : vMerge.getAttributeNS(W, "val");
        boolean cont = vMerge != null && (merge == null || merge.isEmpty() || merge.equals("continue"));
        for (int i = 0; i < span; i++) {
          if (cont && cells.size() >= cols) {
            cells.add(cells.get(cells.size() - cols));
          } else if (i > 0) {
            cells.add(cells.getLast());
          } else {
            List<String> texts = new ArrayList<>();
            Xml.children(tc, "p").forEach(p -> texts.add(paragraphText(p)));
            cells.add(String.join("\n", texts));
          }
        }
      }
    }
    return new Table(trs.size(), cols, cells);
  }

  /** odfpy: every text:p, its direct text and the direct text of its direct text:span children. */
  public static List<String> odtParagraphs(Path odt) throws IOException {
    try (OfficeZip zip = OfficeZip.open(odt)) {
      Element root = zip.xml("content.xml").orElseThrow(() -> new IOException("not an odt: no content.xml"));
      List<String> out = new ArrayList<>();
      for (Element p : Xml.descendants(root, "p")) {
        if (!"urn:oasis:names:tc:opendocument:xmlns:text:1.0".equals(p.getNamespaceURI())) {
          continue;
        }
        StringBuilder sb = new StringBuilder();
        for (Node n = p.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n.getNodeType() == Node.TEXT_NODE) {
            sb.append(n.getNodeValue());
          } else if (n instanceof Element e && "span".equals(e.getLocalName())) {
            for (Node m = e.getFirstChild(); m != null; m = m.getNextSibling()) {
              if (m.getNodeType() == Node.TEXT_NODE) {
                sb.append(m.getNodeValue());
              }
            }
          }
        }
        out.add(sb.toString());
      }
      return out;
    }
  }
}
