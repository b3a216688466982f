package dev.deskpilot.tasks.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * A pptx read the way python-pptx presents it to OSWorld's slide metrics: slides in order, their
 * shapes (sp, grpSp, graphicFrame, cxnSp, pic, contentPart children of the shape tree), positions
 * with placeholder inheritance (slide, then layout by idx, then master by type), text frames,
 * paragraphs and runs, tables, notes and background.
 */
public final class SlideModel {
  private static final Set<String> SHAPES = Set.of("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart");

  /** python-pptx MSO_SHAPE_TYPE values the metrics test. */
  public static final int FREEFORM = 5;
  public static final int PICTURE = 13;
  public static final int PLACEHOLDER = 14;
  public static final int TABLE = 19;

  /** A run: text and the font properties python-pptx reads from {@code a:rPr}. */
  public record Run(String text, String fontName, Integer size, Boolean bold, Boolean italic, Object underline,
      String rgb, String strike) {}

  /** A paragraph: text (a:br is "\u000b"), alignment (null = default), level, runs. */
  public record Paragraph(String text, String align, int level, List<Run> runs) {}

  /** A table: rows of cells, each cell a list of paragraphs. */
  public record Table(int columns, List<List<List<Paragraph>>> rows) {}

  /**
   * A shape: kind (element name), python-pptx shape type, geometry (null when not defined
   * anywhere), whether it has a text frame ({@code sp}), its paragraphs, table, group children.
   */
  public record Shape(String kind, int type, Long left, Long top, Long width, Long height, boolean hasText,
      List<Paragraph> paragraphs, Table table, List<Shape> children) {
    public String text() {
      return String.join("\n", paragraphs.stream().map(Paragraph::text).toList());
    }
  }

  /** A slide: shapes, notes text ("" without notes), background RGB (null), bullets of its XML. */
  public record Slide(List<Shape> shapes, String notes, String background, List<List<String>> bullets) {}

  public record Deck(long slideWidth, long slideHeight, List<Slide> slides) {}

  private SlideModel() {}

  public static Deck read(Path pptx) throws IOException {
    try (OfficeZip zip = OfficeZip.open(pptx)) {
      Element pres = zip.xml("ppt/presentation.xml").orElseThrow(() -> new IOException("not a pptx: no ppt/presentation.xml"));
      Map<String, String> rels = zip.relationships("ppt/presentation.xml");
      Element size = Xml.child(pres, "sldSz");
      long w = size == null ? 9144000 : Long.parseLong(size.getAttribute("cx"));
      long h = size == null ? 6858000 : Long.parseLong(size.getAttribute("cy"));
      List<Slide> slides = new ArrayList<>();
      for (Element id : Xml.children(Xml.child(pres, "sldIdLst"), "sldId")) {
        String part = rels.get(rid(id));
        if (part != null) {
          slides.add(slide(zip, part));
        }
      }
      return new Deck(w, h, slides);
    }
  }

  private static String rid(Element e) {
    String v = e.getAttributeNS("http://schemas.openxmlformats.org/officeDocument/2006/relationships", "id");
    return v.isEmpty() ? e.getAttribute("r:id") : v;
  }

  /** Placeholder geometry sources: layout shapes by idx, master shapes by type. */
  private record Inherit(List<Element> layout, List<Element> master) {}

  private static Slide slide(OfficeZip zip, String part) throws IOException {
    Element root = zip.xml(part).orElseThrow(() -> new IOException("missing slide part " + part));
    Optional<String> layoutPart = zip.related(part, "/slideLayout");
    List<Element> layoutShapes = new ArrayList<>();
    List<Element> masterShapes = new ArrayList<>();
    Element masterRoot = null;
    if (layoutPart.isPresent()) {
      Element layout = zip.xml(layoutPart.get()).orElse(null);
      if (layout != null) {
        layoutShapes = Xml.children(Xml.path(layout, "cSld", "spTree"));
      }
      Optional<String> masterPart = zip.related(layoutPart.get(), "/slideMaster");
      if (masterPart.isPresent()) {
        masterRoot = zip.xml(masterPart.get()).orElse(null);
        if (masterRoot != null) {
          masterShapes = Xml.children(Xml.path(masterRoot, "cSld", "spTree"));
        }
      }
    }
    Inherit inherit = new Inherit(layoutShapes, masterShapes);
    List<Shape> shapes = shapes(Xml.path(root, "cSld", "spTree"), inherit);
    String notes = "";
    Optional<String> notesPart = zip.related(part, "/notesSlide");
    if (notesPart.isPresent()) {
      Element n = zip.xml(notesPart.get()).orElse(null);
      if (n != null) {
        for (Element sp : Xml.children(Xml.path(n, "cSld", "spTree"), "sp")) {
          Element ph = Xml.path(sp, "nvSpPr", "nvPr", "ph");
          if (ph != null && "body".equals(ph.getAttribute("type"))) {
            notes = paragraphs(Xml.child(sp, "txBody")).stream().map(Paragraph::text).reduce((a, b) -> a + "\n" + b).orElse("");
            break;
          }
        }
      }
    }
    return new Slide(shapes, notes, background(root, masterRoot), bullets(root));
  }

  /** {@code get_slide_background_color}: solid slide fill, else (no fill) the master's solid fill. */
  private static String background(Element slide, Element master) {
    Element bgPr = Xml.path(slide, "cSld", "bg", "bgPr");
    if (bgPr != null && Xml.child(bgPr, "solidFill") != null) {
      return solidRgb(Xml.child(bgPr, "solidFill"));
    }
    boolean noFill = bgPr == null || Xml.child(bgPr, "noFill") != null;
    if (!noFill) {
      return null;
    }
    Element mbg = master == null ? null : Xml.path(master, "cSld", "bg", "bgPr");
    return mbg != null && Xml.child(mbg, "solidFill") != null ? solidRgb(Xml.child(mbg, "solidFill")) : null;
  }

  private static String solidRgb(Element solidFill) {
    Element srgb = Xml.child(solidFill, "srgbClr");
    if (srgb != null) {
      return srgb.getAttribute("val").toUpperCase(java.util.Locale.ROOT);
    }
    Element scheme = Xml.child(solidFill, "schemeClr");
    // python-pptx has no .rgb for a theme color (AttributeError); compare by the scheme name instead
    return scheme == null ? null : "scheme:" + scheme.getAttribute("val");
  }

  /** {@code _extract_bullets}: (lvl, char, text, color) of every non-empty a:p in the slide XML. */
  private static List<List<String>> bullets(Element slide) {
    List<List<String>> out = new ArrayList<>();
    for (Element p : Xml.descendants(slide, "p")) {
      if (!"http://schemas.openxmlformats.org/drawingml/2006/main".equals(p.getNamespaceURI())) {
        continue;
      }
      Element pPr = Xml.child(p, "pPr");
      String lvl;
      String ch;
      String color;
      if (pPr != null) {
        lvl = Xml.attr(pPr, "lvl").orElse(null);
        Element bu = Xml.child(pPr, "buChar");
        ch = bu == null ? "No Bullet" : bu.getAttribute("char");
        Element clr = Xml.path(pPr, "buClr", "srgbClr");
        color = clr == null ? "No Color" : clr.getAttribute("val");
      } else {
        lvl = "No Level";
        ch = "No Bullet";
        color = "No Color";
      }
      StringBuilder text = new StringBuilder();
      for (Element t : Xml.descendants(p, "t")) {
        text.append(t.getTextContent());
      }
      if (!PyValues.strip(text.toString()).isEmpty()) {
        out.add(java.util.Arrays.asList(lvl, ch, text.toString(), color));
      }
    }
    return out;
  }

  private static List<Shape> shapes(Element tree, Inherit inherit) {
    List<Shape> out = new ArrayList<>();
    if (tree == null) {
      return out;
    }
    for (Element e : Xml.children(tree)) {
      if (SHAPES.contains(e.getLocalName())) {
        out.add(shape(e, inherit));
      }
    }
    return out;
  }

  private static Element placeholder(Element e) {
    for (String nv : List.of("nvSpPr", "nvPicPr", "nvGraphicFramePr", "nvCxnSpPr", "nvGrpSpPr")) {
      Element ph = Xml.path(e, nv, "nvPr", "ph");
      if (ph != null) {
        return ph;
      }
    }
    return null;
  }

  private static Element xfrm(Element e) {
    return switch (e.getLocalName()) {
      case "graphicFrame" -> Xml.child(e, "xfrm");
      case "grpSp" -> Xml.path(e, "grpSpPr", "xfrm");
      default -> Xml.path(e, "spPr", "xfrm");
    };
  }

  private static Long[] geometry(Element e) {
    Element x = xfrm(e);
    Element off = Xml.child(x, "off");
    Element ext = Xml.child(x, "ext");
    return new Long[] {
        off == null ? null : Long.parseLong(off.getAttribute("x")), off == null ? null : Long.parseLong(off.getAttribute("y")),
        ext == null ? null : Long.parseLong(ext.getAttribute("cx")), ext == null ? null : Long.parseLong(ext.getAttribute("cy"))};
  }

  /** python-pptx maps a placeholder type to the master placeholder it inherits from. */
  private static String masterType(String type) {
    return switch (type) {
      case "ctrTitle", "title" -> "title";
      case "subTitle", "body", "obj", "" -> "body";
      default -> type;
    };
  }

  private static Long[] inherited(Element ph, Inherit inherit) {
    String idx = Xml.attr(ph, "idx").orElse("0");
    String type = Xml.attr(ph, "type").orElse("obj");
    for (Element l : inherit.layout()) {
      Element lph = placeholder(l);
      if (lph != null && Xml.attr(lph, "idx").orElse("0").equals(idx)) {
        Long[] g = geometry(l);
        if (g[0] == null) {
          String lt = Xml.attr(lph, "type").orElse("obj");
          return fromMaster(lt, inherit);
        }
        return g;
      }
    }
    return new Long[4];
  }

  private static Long[] fromMaster(String type, Inherit inherit) {
    String want = masterType(type);
    for (Element m : inherit.master()) {
      Element mph = placeholder(m);
      if (mph != null && masterType(Xml.attr(mph, "type").orElse("obj")).equals(want)) {
        return geometry(m);
      }
    }
    return new Long[4];
  }

  private static Shape shape(Element e, Inherit inherit) {
    String kind = e.getLocalName();
    Long[] g = geometry(e);
    Element ph = placeholder(e);
    if (ph != null && g[0] == null) {
      Long[] i = inherited(ph, inherit);
      g = new Long[] {i[0], i[1], i[2], i[3]};
    }
    int type;
    Table table = null;
    List<Shape> children = List.of();
    switch (kind) {
      case "pic" -> type = ph != null ? PLACEHOLDER : PICTURE;
      case "graphicFrame" -> {
        Element tbl = Xml.path(e, "graphic", "graphicData", "tbl");
        type = tbl != null ? TABLE : 7;
        if (tbl != null) {
          table = table(tbl);
        }
      }
      case "grpSp" -> {
        type = 6;
        children = shapes(e, inherit);
      }
      case "cxnSp" -> type = 9;
      case "sp" -> type = ph != null ? PLACEHOLDER
          : Xml.path(e, "spPr", "custGeom") != null ? FREEFORM
          : "1".equals(Xml.path(e, "nvSpPr", "cNvSpPr") == null ? "" : Xml.path(e, "nvSpPr", "cNvSpPr").getAttribute("txBox")) ? 17 : 1;
      default -> type = 0;
    }
    boolean hasText = kind.equals("sp");
    List<Paragraph> paras = hasText ? paragraphs(Xml.child(e, "txBody")) : List.of();
    return new Shape(kind, type, g[0], g[1], g[2], g[3], hasText, paras, table, children);
  }

  private static Table table(Element tbl) {
    int cols = Xml.children(Xml.child(tbl, "tblGrid"), "gridCol").size();
    List<List<List<Paragraph>>> rows = new ArrayList<>();
    for (Element tr : Xml.children(tbl, "tr")) {
      List<List<Paragraph>> cells = new ArrayList<>();
      for (Element tc : Xml.children(tr, "tc")) {
        cells.add(paragraphs(Xml.child(tc, "txBody")));
      }
      rows.add(cells);
    }
    return new Table(cols, rows);
  }

  /** A text body's paragraphs; none at all reads as one empty paragraph (python-pptx adds it). */
  static List<Paragraph> paragraphs(Element txBody) {
    List<Paragraph> out = new ArrayList<>();
    if (txBody == null) {
      out.add(new Paragraph("", null, 0, List.of()));
      return out;
    }
    for (Element p : Xml.children(txBody, "p")) {
      StringBuilder text = new StringBuilder();
      List<Run> runs = new ArrayList<>();
      for (Element c : Xml.children(p)) {
        switch (c.getLocalName()) {
          case "r" -> {
            Element t = Xml.child(c, "t");
            String rt = t == null ? "" : t.getTextContent();
            text.append(rt);
            runs.add(run(rt, Xml.child(c, "rPr")));
          }
          case "br" -> text.append('\u000b');
          case "fld" -> {
            Element t = Xml.child(c, "t");
            text.append(t == null ? "" : t.getTextContent());
          }
          default -> {}
        }
      }
      Element pPr = Xml.child(p, "pPr");
      out.add(new Paragraph(text.toString(), Xml.attr(pPr, "algn").orElse(null),
          Xml.attr(pPr, "lvl").map(Integer::parseInt).orElse(0), runs));
    }
    return out;
  }

  private static Run run(String text, Element rPr) {
    Element latin = Xml.child(rPr, "latin");
    Element srgb = Xml.path(rPr, "solidFill", "srgbClr");
    Object underline = Xml.attr(rPr, "u").map(u -> switch (u) {
      case "sng" -> (Object) Boolean.TRUE;
      case "none" -> Boolean.FALSE;
      default -> u;
    }).orElse(null);
    return new Run(text,
        latin == null ? null : latin.getAttribute("typeface"),
        Xml.attr(rPr, "sz").map(Integer::parseInt).orElse(null),
        Xml.attr(rPr, "b").map(XlsxBook::bool).orElse(null),
        Xml.attr(rPr, "i").map(XlsxBook::bool).orElse(null),
        underline,
        srgb == null ? null : srgb.getAttribute("val").toUpperCase(java.util.Locale.ROOT),
        Xml.attr(rPr, "strike").orElse("noStrike"));
  }

  /** All text shapes ({@code sp}) in order, groups entered. */
  public static List<Shape> textShapes(List<Shape> shapes) {
    List<Shape> out = new ArrayList<>();
    for (Shape s : shapes) {
      if (s.hasText()) {
        out.add(s);
      }
      out.addAll(textShapes(s.children()));
    }
    return out;
  }
}
