package dev.deskpilot.tasks.internal;

import dev.deskpilot.tasks.MetricInput;
import dev.deskpilot.tasks.Value;
import dev.deskpilot.tasks.internal.SlideModel.Paragraph;
import dev.deskpilot.tasks.internal.SlideModel.Run;
import dev.deskpilot.tasks.internal.SlideModel.Shape;
import dev.deskpilot.tasks.internal.SlideModel.Slide;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** OSWorld's presentation metrics ({@code metrics/slides.py}). */
public final class SlideMetrics {
  private SlideMetrics() {}

  static Path file(MetricInput in, Value v, String which) {
    return switch (v) {
      case Value.LocalFile f -> f.path();
      case Value.Text t -> Path.of(t.text());
      default -> throw in.fail("needs a file as its " + which + " value, got " + v.summary());
    };
  }

  private record Options(MetricInput in) {
    boolean on(String name, boolean absent) {
      return in.booleanOption(name, absent);
    }
  }

  /**
   * {@code compare_pptx_files(file1, file2, **options)}: python-pptx's view of both decks compared
   * slide by slide and shape by shape with OSWorld's {@code examine_*} options (defaults as
   * there): slide count, background, notes, shape count and geometry (relative tolerance
   * {@code approximately_tolerance}, 0.005), tables, text, paragraphs, alignment, indent levels,
   * runs and their fonts, bullets, and text shapes inside groups. 1 when nothing differs, else 0.
   * A result python-pptx could not open (missing file) makes OSWorld crash; here it scores 0
   * when the result is None and is an error otherwise.
   */
  public static double comparePptxFiles(MetricInput in) throws IOException {
    if (in.result() instanceof Value.Nothing) {
      return 0; // OSWorld: Presentation(None) raises; the run is scored 0 by the harness
    }
    SlideModel.Deck d1;
    SlideModel.Deck d2;
    try {
      d1 = SlideModel.read(file(in, in.result(), "result"));
    } catch (IOException e) {
      return 0;
    }
    try {
      d2 = SlideModel.read(file(in, in.requireExpected(), "expected"));
    } catch (IOException e) {
      throw in.fail("cannot read the expected presentation: " + e.getMessage());
    }
    Options o = new Options(in);
    double tolerance = in.options().path("approximately_tolerance").asDouble(0.005);
    boolean examineNumberOfSlides = o.on("examine_number_of_slides", true);
    boolean examineShape = o.on("examine_shape", true);
    boolean examineText = o.on("examine_text", true);
    boolean examineIndent = o.on("examine_indent", true);
    boolean examineFontName = o.on("examine_font_name", true);
    boolean examineFontSize = o.on("examine_font_size", true);
    boolean examineFontBold = o.on("examine_font_bold", true);
    boolean examineFontItalic = o.on("examine_font_italic", true);
    boolean examineColorRgb = o.on("examine_color_rgb", true);
    boolean examineFontUnderline = o.on("examine_font_underline", true);
    boolean examineStrikeThrough = o.on("examine_strike_through", true);
    boolean examineAlignment = o.on("examine_alignment", true);
    boolean examineTitleBottom = o.on("examine_title_bottom_position", false);
    boolean examineTableBottom = o.on("examine_table_bottom_position", false);
    boolean examineRunCount = o.on("examine_run_count", true);
    boolean examineRight = o.on("examine_right_position", false);
    boolean examineTop = o.on("examine_top_position", false);
    boolean examineShift = o.on("examine_shape_for_shift_size", false);
    boolean examineImageSize = o.on("examine_image_size", false);
    boolean examineModifyHeight = o.on("examine_modify_height", false);
    boolean examineBullets = o.on("examine_bullets", true);
    boolean examineBackground = o.on("examine_background_color", true);
    boolean examineNote = o.on("examine_note", true);

    if (d1.slides().size() != d2.slides().size() && examineNumberOfSlides) {
      return 0;
    }
    int n = Math.min(d1.slides().size(), d2.slides().size());
    for (int si = 0; si < n; si++) {
      int slideIdx = si + 1;
      Slide s1 = d1.slides().get(si);
      Slide s2 = d2.slides().get(si);
      if (!Objects.equals(s1.background(), s2.background()) && examineBackground) {
        return 0;
      }
      if (!PyValues.strip(s1.notes()).equals(PyValues.strip(s2.notes())) && examineNote) {
        return 0;
      }
      List<Shape> t1 = SlideModel.textShapes(s1.shapes());
      List<Shape> t2 = SlideModel.textShapes(s2.shapes());
      if (s1.shapes().size() != s2.shapes().size()) {
        return 0;
      }
      boolean bulletsChecked = false;
      for (int k = 0; k < s1.shapes().size(); k++) {
        Shape a = s1.shapes().get(k);
        Shape b = s2.shapes().get(k);
        boolean sameBox = approx(a.left(), b.left(), tolerance) && approx(a.top(), b.top(), tolerance)
            && approx(a.width(), b.width(), tolerance) && approx(a.height(), b.height(), tolerance);
        if (examineTitleBottom) {
          if (a.hasText() && b.hasText() && a.text().equals(b.text())) {
            if (a.text().equals("Product Comparison") && (le(a.top(), b.top()) || lt(a.top(), 3600000L))) {
              return 0;
            }
          } else if (!sameBox) {
            return 0;
          }
        }
        if (examineTableBottom) {
          if (slideIdx == 3 && a.type() == SlideModel.TABLE && b.type() == SlideModel.TABLE) {
            if (le(a.top(), b.top()) || lt(a.top(), 3600000L)) {
              return 0;
            }
          } else if (!sameBox) {
            return 0;
          }
        }
        if (examineRight && slideIdx == 2 && !a.hasText() && !b.hasText()) {
          if (le(a.left(), b.left()) || lt(a.left(), 4320000L)) {
            return 0;
          }
        }
        if (examineTop && slideIdx == 2 && a.type() == SlideModel.PICTURE && b.type() == SlideModel.PICTURE) {
          if (le(b.top(), a.top()) || lt(1980000L, a.top())) {
            return 0;
          }
        }
        if (examineShift && !sameBox) {
          if (!(a.hasText() && b.hasText() && a.text().equals(b.text()) && a.text().equals("Elaborate on what you want to discuss."))) {
            return 0;
          }
        }
        boolean bothEmptyText = (!a.hasText() || PyValues.strip(a.text()).isEmpty()) && (!b.hasText() || PyValues.strip(b.text()).isEmpty());
        if (!sameBox && examineShape && !bothEmptyText) {
          return 0;
        }
        if (examineImageSize) {
          if (a.type() == SlideModel.PICTURE && b.type() == SlideModel.PICTURE) {
            if (!approx(a.width(), b.width(), tolerance) || !approx(a.height(), b.height(), tolerance)) {
              return 0;
            }
          } else if (!sameBox) {
            return 0;
          }
        }
        if (examineModifyHeight) {
          if ((!a.hasText() && !b.hasText()) || (a.type() == SlideModel.FREEFORM && b.type() == SlideModel.FREEFORM)) {
            if (!approx(a.height(), b.height(), tolerance)) {
              return 0;
            }
          } else if (!sameBox) {
            return 0;
          }
        }
        if (a.type() == SlideModel.TABLE) {
          if (b.table() == null) {
            throw in.fail("slide " + slideIdx + " shape " + (k + 1) + ": a table in the result, another shape in the expected deck (OSWorld: AttributeError)");
          }
          SlideModel.Table ta = a.table();
          SlideModel.Table tb = b.table();
          if (ta.rows().size() != tb.rows().size() || ta.columns() != tb.columns()) {
            return 0;
          }
          for (int r = 0; r < ta.rows().size(); r++) {
            for (int c = 0; c < ta.columns(); c++) {
              List<Paragraph> pa = cell(in, ta, r, c);
              List<Paragraph> pb = cell(in, tb, r, c);
              if (pa.size() != pb.size()) {
                return 0;
              }
              for (int p = 0; p < pa.size(); p++) {
                List<Run> ra = runs(pa.get(p), pb.get(p), true);
                List<Run> rb = runs(pa.get(p), pb.get(p), false);
                if (ra.size() != rb.size() && examineRunCount) {
                  return 0;
                }
                for (int x = 0; x < Math.min(ra.size(), rb.size()); x++) {
                  Run r1 = ra.get(x);
                  Run r2 = rb.get(x);
                  if (r1.rgb() != null && r2.rgb() != null && !r1.rgb().equals(r2.rgb()) && examineColorRgb) {
                    return 0;
                  }
                  if (!Objects.equals(r1.bold(), r2.bold()) && !(falsy(r1.bold()) && falsy(r2.bold()))) {
                    return 0;
                  }
                  if (!Objects.equals(r1.italic(), r2.italic()) && !(falsy(r1.italic()) && falsy(r2.italic()))) {
                    return 0;
                  }
                  if (underlineDiffers(r1, r2)) {
                    return 0;
                  }
                }
              }
            }
          }
        }
        if (a.hasText() && b.hasText()) {
          if (!PyValues.strip(a.text()).equals(PyValues.strip(b.text())) && examineText) {
            return 0;
          }
          if (a.paragraphs().size() != b.paragraphs().size()) {
            return 0;
          }
          for (int p = 0; p < a.paragraphs().size(); p++) {
            Paragraph p1 = a.paragraphs().get(p);
            Paragraph p2 = b.paragraphs().get(p);
            if (examineAlignment && !align(p1).equals(align(p2))) {
              return 0;
            }
            if (!p1.text().equals(p2.text()) && examineText) {
              return 0;
            }
            if (p1.level() != p2.level() && examineIndent && !(p1.level() <= 1 && p2.level() <= 1)) {
              return 0;
            }
            List<Run> ra = runs(p1, p2, true);
            List<Run> rb = runs(p1, p2, false);
            if (ra.size() != rb.size() && examineRunCount) {
              return 0;
            }
            for (int x = 0; x < Math.min(ra.size(), rb.size()); x++) {
              Run r1 = ra.get(x);
              Run r2 = rb.get(x);
              if (!Objects.equals(r1.fontName(), r2.fontName()) && examineFontName) {
                return 0;
              }
              if (!Objects.equals(r1.size(), r2.size()) && examineFontSize) {
                return 0;
              }
              if (!Objects.equals(r1.bold(), r2.bold()) && examineFontBold && !(falsy(r1.bold()) && falsy(r2.bold()))) {
                return 0;
              }
              if (!Objects.equals(r1.italic(), r2.italic()) && examineFontItalic && !(falsy(r1.italic()) && falsy(r2.italic()))) {
                return 0;
              }
              if (r1.rgb() != null && r2.rgb() != null && !r1.rgb().equals(r2.rgb()) && examineColorRgb) {
                return 0;
              }
              if (examineFontUnderline && underlineDiffers(r1, r2)) {
                return 0;
              }
              if (!r1.strike().equals(r2.strike()) && examineStrikeThrough) {
                return 0;
              }
              if (examineBullets && !bulletsChecked) {
                bulletsChecked = true;
                if (!bulletsMatch(s1.bullets(), s2.bullets())) {
                  return 0;
                }
              }
            }
          }
        }
      }
      if (examineAlignment && t1.size() == t2.size()) {
        for (int k = 0; k < t1.size(); k++) {
          Shape a = t1.get(k);
          Shape b = t2.get(k);
          if (!PyValues.strip(a.text()).equals(PyValues.strip(b.text())) && examineText) {
            return 0;
          }
          if (a.paragraphs().size() != b.paragraphs().size()) {
            return 0;
          }
          for (int p = 0; p < a.paragraphs().size(); p++) {
            if (!align(a.paragraphs().get(p)).equals(align(b.paragraphs().get(p)))) {
              return 0;
            }
          }
        }
      } else if (t1.size() != t2.size()) {
        return 0;
      }
    }
    return 1;
  }

  private static List<Paragraph> cell(MetricInput in, SlideModel.Table t, int r, int c) {
    List<List<Paragraph>> row = t.rows().get(r);
    if (c >= row.size()) {
      throw in.fail("a table row has fewer cells than its grid (OSWorld: IndexError)");
    }
    return row.get(c);
  }

  private static boolean falsy(Boolean b) {
    return b == null || !b;
  }

  /** OSWorld: differing underlines count when both are set, or one is None and the other True. */
  private static boolean underlineDiffers(Run r1, Run r2) {
    Object u1 = r1.underline();
    Object u2 = r2.underline();
    if (Objects.equals(u1, u2)) {
      return false;
    }
    if (u1 != null && u2 != null) {
      return true;
    }
    return Boolean.TRUE.equals(u1) || Boolean.TRUE.equals(u2);
  }

  /** Runs, or only those with text when both paragraphs are blank ({@code nonempty_runs}). */
  private static List<Run> runs(Paragraph p1, Paragraph p2, boolean first) {
    Paragraph p = first ? p1 : p2;
    if (PyValues.strip(p1.text()).isEmpty() && PyValues.strip(p2.text()).isEmpty()) {
      return p.runs().stream().filter(r -> !PyValues.strip(r.text()).isEmpty()).toList();
    }
    return p.runs();
  }

  /** None is LEFT. */
  private static String align(Paragraph p) {
    return p.align() == null ? "l" : p.align();
  }

  /** Relative tolerance; None only equals None (OSWorld would raise on None arithmetic). */
  static boolean approx(Long a, Long b, double tolerance) {
    if (Objects.equals(a, b)) {
      return true;
    }
    if (a == null || b == null) {
      return false;
    }
    if (a == 0 || b == 0) {
      return false;
    }
    return Math.abs(a - b) / (double) Math.max(Math.abs(a), Math.abs(b)) <= tolerance;
  }

  private static boolean le(Long a, Long b) {
    return a != null && b != null && a <= b;
  }

  private static boolean lt(Long a, Long b) {
    return a != null && b != null && a < b;
  }

  /** {@code _compare_bullets_with_tolerance}. */
  static boolean bulletsMatch(List<List<String>> b1, List<List<String>> b2) {
    if (b1.size() != b2.size()) {
      return false;
    }
    for (int i = 0; i < b1.size(); i++) {
      List<String> x = b1.get(i);
      List<String> y = b2.get(i);
      if (!x.get(2).equals(y.get(2)) || !x.get(1).equals(y.get(1))) {
        return false;
      }
      if (!x.get(1).equals("No Bullet") || !y.get(1).equals("No Bullet")) {
        String l1 = x.get(0) == null ? "0" : x.get(0);
        String l2 = y.get(0) == null ? "0" : y.get(0);
        if (!l1.equals(l2)) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code check_slide_orientation_Portrait(pptx)}: 1 when the slides are taller than wide. */
  public static double checkSlideOrientationPortrait(MetricInput in) throws IOException {
    if (in.result() instanceof Value.Nothing) {
      return 0;
    }
    SlideModel.Deck d = SlideModel.read(file(in, in.result(), "result"));
    return d.slideWidth() < d.slideHeight() ? 1 : 0;
  }
}
