package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.TextLine;
import dev.deskpilot.perception.UiElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Finds UI elements in a frame from the outlines in its edge map (OpenCV contours) and the text
 * read from it. Elements come without ids ({@link ElementIds} gives them) and in reading order.
 *
 * <h2>Rules, in the order they claim things</h2>
 *
 * <ol>
 *   <li><b>Outlines</b>: closed contours of the edge map whose area fills at least 85% of their
 *       bounding box (rectangles), or 60-85% when about square and small (circles); nearly equal
 *       outlines (a border's inner and outer contour) count once.
 *   <li><b>checkbox</b> / <b>radio</b>: a square (rectangle / circle whose ring band is of one
 *       gray) outline of 10-24 px, else an <b>icon</b>; its
 *       label is the text line starting within 3 sides to its right on the same row; the box covers
 *       both.
 *   <li><b>menu</b> with <b>menu_item</b>s: an outline at least 60x40 holding 2 or more text lines
 *       with the same left edge stacked one under the other; each item spans the menu's width and
 *       half the way to its neighbours.
 *   <li><b>button</b>: an outline 16-80 px high, at least 0.8 times as wide as high (a keypad's
 *       double-height key), holding one text line near its horizontal centre. <b>text_field</b>: an outline 16-48 px high and at least 3
 *       times as wide, with a light inside (mean gray 235 or more) and its text, if any, starting
 *       at its left.
 *   <li><b>menu_item</b> in a menu bar: 3 or more single-word lines on one row, gaps under 4
 *       heights, near the top of the screen or of a window; each box grown to the bar's padding.
 *       <b>tab</b>s when the gaps average 2.5 text heights or more (a notebook's tab row): each
 *       its label's width, 2.8 text heights high.
 *   <li><b>window</b>: an outline at least 200x120 not inside another such outline; labelled by the
 *       first line of text in its top 40 px.
 *   <li><b>combo_box</b>: a text line with a drop-down arrow read as {@code v} after it on its row.
 *   <li><b>button</b> "Close": a lone cross glyph (x) at most 12 px high, a square twice its size.
 *   <li><b>label</b>: every text line not claimed above.
 * </ol>
 */
public final class ElementFinder {
  static final double RECTANGULAR = 0.85;
  static final float MENU_WORD_CONFIDENCE = 60f;

  /** An outline found in the edge maps. */
  public record Outline(Rect box, boolean round) {}

  public List<UiElement> find(InkLayout ink, FramePixels frame, List<Rect> units, List<TextLine> lines) {
    return find(ink, frame, units, lines, outlines(ink));
  }

  /**
   * As {@link #find(InkLayout, FramePixels, List, List)} with the layout's {@link #outlines}
   * found already (they need no text: a caller can find them while OCR reads the units).
   */
  public List<UiElement> find(InkLayout ink, FramePixels frame, List<Rect> units, List<TextLine> lines, List<Outline> outlines) {
    List<UiElement> out = new ArrayList<>();
    boolean[] claimed = new boolean[lines.size()];
    List<Outline> byArea = new ArrayList<>(outlines);
    byArea.sort(Comparator.comparingLong(o -> o.box().area()));
    List<Rect> frames = new ArrayList<>();
    for (Outline o : outlines) {
      if (o.box().width() >= 200 && o.box().height() >= 120) {
        frames.add(o.box());
      }
    }
    menuBars(lines, claimed, frames, outlines, out);
    for (Rect panel : stackedPanels(outlines)) {
      List<Integer> inside = linesInside(panel, lines, claimed);
      if (inside.size() >= 2 && looksLikeMenu(panel, inside, lines)) {
        out.add(element("menu", "", panel, 0.6));
        menuItems(panel, inside, lines, out);
        inside.forEach(i -> claimed[i] = true);
      }
    }
    List<Rect> windows = new ArrayList<>();
    for (Outline o : byArea) {
      Rect b = o.box();
      if (isToggle(b)) {
        int label = lineRightOf(b, lines, claimed);
        Rect box = label < 0 ? b : b.union(lines.get(label).box());
        String text = label < 0 ? "" : lines.get(label).text();
        if (label >= 0) {
          claimed[label] = true;
        }
        if (label < 0) {
          out.add(element("icon", "", b, 0.4));
        } else if (o.round() && !isRing(ink, b)) {
          out.add(element("icon", "", b, 0.4));
          claimed[label] = false;
        } else {
          out.add(element(o.round() ? "radio" : "checkbox", text, box, 0.7));
        }
        continue;
      }
      if (o.round()) {
        continue;
      }
      List<Integer> inside = linesInside(b, lines, claimed);
      if (b.width() >= 60 && b.height() >= 40 && inside.size() >= 2 && looksLikeMenu(b, inside, lines)) {
        out.add(element("menu", "", b, 0.6));
        menuItems(b, inside, lines, out);
        inside.forEach(i -> claimed[i] = true);
        continue;
      }
      if (b.height() >= 16 && b.height() <= 48 && b.width() >= 3 * b.height() && ink.meanGray(inner(b)) >= 235
          && (inside.isEmpty() || lines.get(inside.getFirst()).box().x() - b.x() <= b.height())) {
        String text = inside.isEmpty() ? "" : lines.get(inside.getFirst()).text();
        inside.forEach(i -> claimed[i] = true);
        out.add(element("text_field", text, b, 0.6));
        continue;
      }
      if (b.height() >= 16 && b.height() <= 80 && b.width() * 5 >= b.height() * 4 && inside.size() == 1) {
        Rect t = lines.get(inside.getFirst()).box();
        int dx = Math.abs(t.center().x() - b.center().x());
        if (dx * 4 <= b.width()) {
          claimed[inside.getFirst()] = true;
          out.add(element("button", lines.get(inside.getFirst()).text(), b, 0.7));
          continue;
        }
      }
      if (b.width() >= 200 && b.height() >= 120) {
        windows.add(b);
      }
    }
    comboBoxes(lines, claimed, outlines, out);
    closeButtons(lines, claimed, out);
    toggleColumns(out, lines, claimed);
    lists(lines, claimed, outlines, out);
    List<Rect> shown = new ArrayList<>(topLevel(windows));
    for (Rect w : windows) {
      Rect dialog = withTitleBar(w, outlines, lines);
      if (dialog != null) {
        shown.remove(w);
        shown.add(dialog);
      }
    }
    for (Rect w : shown) {
      String title = "";
      for (TextLine l : lines) {
        if (w.contains(l.box().center()) && l.box().y() - w.y() <= 40) {
          title = l.text();
          break;
        }
      }
      out.add(element("window", title, w, 0.5));
      Rect area = textArea(w, outlines, out);
      if (area != null) {
        out.add(element("text_field", "", area, 0.4));
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      if (!claimed[i]) {
        TextLine l = lines.get(i);
        out.add(new UiElement("", "label", l.text(), l.box(), 0.5, UiElement.Source.TEXT));
      }
    }
    return ReadingOrder.sort(out, UiElement::box);
  }

  private static UiElement element(String role, String label, Rect box, double confidence) {
    return new UiElement("", role, label, box, confidence, UiElement.Source.VISION);
  }

  static boolean isToggle(Rect b) {
    return b.width() >= 10 && b.width() <= 24 && b.height() >= 10 && b.height() <= 24
        && Math.abs(b.width() - b.height()) <= 3;
  }

  /**
   * Whether the round outline {@code b} is a radio button's ring: the band between its border and
   * its centre (where a selected radio has its dot), 45-70% of the radius out, is of one gray
   * (spread under 24 levels). A symbolic icon read as round (a clock, a house) has ink there.
   */
  static boolean isRing(InkLayout ink, Rect b) {
    byte[] px = ink.grayPixels(b, null);
    double cx = (b.width() - 1) / 2.0;
    double cy = (b.height() - 1) / 2.0;
    int min = 255;
    int max = 0;
    for (int y = 0; y < b.height(); y++) {
      for (int x = 0; x < b.width(); x++) {
        double dx = (x - cx) / (b.width() / 2.0);
        double dy = (y - cy) / (b.height() / 2.0);
        double d = Math.sqrt(dx * dx + dy * dy);
        if (d >= 0.45 && d <= 0.7) {
          int g = px[y * b.width() + x] & 0xff;
          min = Math.min(min, g);
          max = Math.max(max, g);
        }
      }
    }
    return max - min < 24;
  }

  private static Rect inner(Rect b) {
    return new Rect(b.x() + 3, b.y() + 3, Math.max(1, b.width() - 6), Math.max(1, b.height() - 6));
  }

  /**
   * Contours of the edge maps that are rectangles (or small circles), deduplicated. Two edge maps
   * are searched: the layout's ({@value InkLayout#EDGE_THRESHOLD} gray levels within 2x2) and a
   * faint one ({@value InkLayout#FAINT_EDGE_THRESHOLD} levels), which finds the low-contrast
   * borders of dark themes' buttons (a border a few levels darker than the button and the window
   * around it).
   */
  public static List<Outline> outlines(InkLayout ink) {
    List<Outline> found = new ArrayList<>();
    Outlines.searchWhole(ink.edges(), found);
    Outlines.searchWhole(ink.faintEdges(), found);
    return dedupe(found);
  }

  /** The outline a contour of an edge map draws when it is a rectangle (or a small circle), else null. */
  static Outline outline(Mat contour, int screenArea) {
    org.bytedeco.opencv.opencv_core.Rect r = opencv_imgproc.boundingRect(contour);
    int w = r.width();
    int h = r.height();
    if (w < 10 || h < 10 || (long) w * h * 10 > screenArea * 9L) {
      return null;
    }
    double fill = opencv_imgproc.contourArea(contour) / ((double) w * h);
    Rect box = new Rect(r.x(), r.y(), w, h);
    if (fill >= RECTANGULAR) {
      return new Outline(box, false);
    }
    return fill >= 0.6 && isToggle(box) ? new Outline(box, true) : null;
  }

  /** Largest first (ties in a fixed order, so that the same outlines in any order give the same list). */
  private static final Comparator<Outline> BY_AREA = Comparator.comparingLong((Outline o) -> o.box().area()).reversed()
      .thenComparingInt(o -> o.box().y()).thenComparingInt(o -> o.box().x())
      .thenComparingInt(o -> o.box().width()).thenComparing(Outline::round);

  static List<Outline> dedupe(List<Outline> found) {
    // Keep the larger of nearly equal outlines (the outer contour of a border); a circle just inside a
    // square is the square's.
    found.sort(BY_AREA);
    List<Outline> kept = new ArrayList<>();
    for (Outline o : found) {
      boolean dup = false;
      for (Outline k : kept) {
        if ((k.round() == o.round() || !k.round()) && nearlySame(k.box(), o.box())) {
          dup = true;
          break;
        }
      }
      if (!dup) {
        kept.add(o);
      }
    }
    return kept;
  }

  static boolean nearlySame(Rect a, Rect b) {
    int d = Math.max(3, Math.min(a.height(), b.height()) / 8);
    return Math.abs(a.x() - b.x()) <= d && Math.abs(a.y() - b.y()) <= d
        && Math.abs(a.right() - b.right()) <= d && Math.abs(a.bottom() - b.bottom()) <= d;
  }

  private static int lineRightOf(Rect b, List<TextLine> lines, boolean[] claimed) {
    int best = -1;
    int bestGap = Integer.MAX_VALUE;
    for (int i = 0; i < lines.size(); i++) {
      if (claimed[i]) {
        continue;
      }
      Rect t = lines.get(i).box();
      int gap = t.x() - b.right();
      if (gap >= 0 && gap <= 3 * b.width() && Math.abs(t.center().y() - b.center().y()) * 2 <= b.height()
          && gap < bestGap) {
        best = i;
        bestGap = gap;
      }
    }
    return best;
  }

  private static List<Integer> linesInside(Rect b, List<TextLine> lines, boolean[] claimed) {
    List<Integer> in = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Rect t = lines.get(i).box();
      if (!claimed[i] && t.x() >= b.x() - 1 && t.y() >= b.y() - 1 && t.right() <= b.right() + 1
          && t.bottom() <= b.bottom() + 1) {
        in.add(i);
      }
    }
    return in;
  }

  /**
   * Outlines of the same left and right edges (within 2 px) stacked one right under the other (gaps
   * under 4 px), at least 60 px wide, as one rectangle each: an open menu whose separators cut its
   * outline into sections. Only stacks of two or more are returned.
   */
  static List<Rect> stackedPanels(List<Outline> outlines) {
    List<Rect> boxes = new ArrayList<>();
    for (Outline o : outlines) {
      if (!o.round() && o.box().width() >= 60) {
        boxes.add(o.box());
      }
    }
    boxes.sort(Comparator.comparingInt(Rect::y));
    List<Rect> out = new ArrayList<>();
    boolean[] used = new boolean[boxes.size()];
    for (int i = 0; i < boxes.size(); i++) {
      if (used[i]) {
        continue;
      }
      Rect stack = boxes.get(i);
      int parts = 1;
      for (int j = i + 1; j < boxes.size(); j++) {
        Rect b = boxes.get(j);
        if (!used[j] && Math.abs(b.x() - stack.x()) <= 2 && Math.abs(b.right() - stack.right()) <= 2
            && b.y() >= stack.bottom() - 2 && b.y() - stack.bottom() <= 4) {
          stack = stack.union(b);
          used[j] = true;
          parts++;
        }
      }
      if (parts >= 2) {
        out.add(stack);
      }
    }
    return out;
  }

  /** The lines {@code inside} grouped into rows (top to bottom), each row left to right. */
  private static List<List<TextLine>> rows(List<Integer> inside, List<TextLine> lines) {
    List<TextLine> in = inside.stream().map(lines::get).toList();
    List<TextLine> ordered = ReadingOrder.sort(in, TextLine::box);
    List<List<TextLine>> rows = new ArrayList<>();
    for (TextLine l : ordered) {
      if (!rows.isEmpty() && ReadingOrder.sameRow(rows.getLast().getFirst().box(), l.box())) {
        rows.getLast().add(l);
      } else {
        rows.add(new ArrayList<>(List.of(l)));
      }
    }
    return rows;
  }

  /**
   * Whether the lines inside {@code menu} look like a menu's items: rows (a label and maybe a
   * shortcut or arrow to its right) whose first lines mostly share a left edge, spaced at least
   * 1.6 line heights apart (menu rows are padded; paragraphs are not), filling most of the
   * outline's height from near its top.
   */
  private static boolean looksLikeMenu(Rect menu, List<Integer> inside, List<TextLine> lines) {
    if (menu.width() > 700) {
      return false;
    }
    List<List<TextLine>> rows = rows(inside, lines);
    if (rows.size() < 2) {
      return false;
    }
    // A menu row is a label with at most a check mark and a shortcut or arrow; rows of 4 or more
    // texts are a table's (a file list's icon, name, size, type and date).
    long tableRows = rows.stream().filter(r -> r.size() >= 4).count();
    if (tableRows * 2 > rows.size()) {
      return false;
    }
    List<Rect> boxes = rows.stream().map(r -> r.getFirst().box()).toList();
    int aligned = 0;
    int[] gaps = new int[boxes.size() - 1];
    int[] heights = new int[boxes.size()];
    for (int i = 0; i < boxes.size(); i++) {
      heights[i] = boxes.get(i).height();
      if (i > 0) {
        Rect a = boxes.get(i - 1);
        Rect b = boxes.get(i);
        gaps[i - 1] = b.center().y() - a.center().y();
        if (Math.abs(a.x() - b.x()) <= 4 && b.y() >= a.bottom() - 2) {
          aligned++;
        }
      }
    }
    java.util.Arrays.sort(gaps);
    java.util.Arrays.sort(heights);
    int spacing = gaps[gaps.length / 2];
    int height = heights[heights.length / 2];
    Rect first = boxes.getFirst();
    int covered = boxes.getLast().bottom() - first.y();
    return aligned * 10 >= (boxes.size() - 1) * 8
        && spacing * 10 >= height * 16
        && first.y() - menu.y() <= 2 * spacing
        && covered * 10 >= (menu.height() - 2 * spacing) * 7;
  }

  private static void menuItems(Rect menu, List<Integer> inside, List<TextLine> lines, List<UiElement> out) {
    List<List<TextLine>> rowLines = rows(inside, lines);
    List<Rect> rows = new ArrayList<>();
    for (List<TextLine> r : rowLines) {
      Rect box = r.getFirst().box();
      for (TextLine l : r) {
        box = box.union(l.box());
      }
      rows.add(box);
    }
    int[] pitches = new int[Math.max(1, rows.size() - 1)];
    for (int i = 1; i < rows.size(); i++) {
      pitches[i - 1] = rows.get(i).center().y() - rows.get(i - 1).center().y();
    }
    java.util.Arrays.sort(pitches);
    double spacing = rows.size() > 1 ? pitches[pitches.length / 2] : rows.getFirst().height() * 2;
    for (int i = 0; i < rows.size(); i++) {
      Rect t = rows.get(i);
      // Half the way to a neighbour, but no more than half a usual row (separators widen some gaps).
      int top = i == 0 ? (int) Math.round(t.center().y() - spacing / 2)
          : Math.max((rows.get(i - 1).center().y() + t.center().y()) / 2, (int) Math.round(t.center().y() - spacing / 2));
      int bottom = i == rows.size() - 1 ? (int) Math.round(t.center().y() + spacing / 2)
          : Math.min((t.center().y() + rows.get(i + 1).center().y()) / 2, (int) Math.round(t.center().y() + spacing / 2));
      top = Math.max(menu.y() + 1, top);
      bottom = Math.min(menu.bottom() - 1, bottom);
      out.add(element("menu_item", rowLines.get(i).getFirst().text(),
          Rect.ofCorners(menu.x() + 1, top, menu.right() - 1, bottom), 0.6));
    }
  }

  /**
   * Menu bars: rows of 3 or more items near the top of the screen or of a window, an item being a
   * word (or words closer than 0.8 text heights) and the gaps between items at least 0.8 and at most
   * 4 text heights. Items are taken from the words of unclaimed lines (OCR joins a bar's words
   * into one line); each item's box reaches half the gap to its neighbours and its row's height
   * plus padding. A line is claimed when all its words went to items.
   */
  private static void menuBars(List<TextLine> lines, boolean[] claimed, List<Rect> windows, List<Outline> outlines,
      List<UiElement> out) {
    record W(int line, dev.deskpilot.perception.Word word) {}
    List<W> words = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!claimed[i] && nearTop(lines.get(i).box(), windows)) {
        for (dev.deskpilot.perception.Word w : lines.get(i).words()) {
          // Only sure, letter-led words outside button-sized outlines (no icon misread as text, no tab).
          if (w.confidence() >= MENU_WORD_CONFIDENCE && Character.isLetter(w.text().charAt(0))
              && !insideSmallOutline(w.box(), outlines)) {
            words.add(new W(i, w));
          }
        }
      }
    }
    words.sort(Comparator.comparingInt((W w) -> w.word().box().x()));
    boolean[] used = new boolean[words.size()];
    int[] wordsUsed = new int[lines.size()];
    for (int i = 0; i < words.size(); i++) {
      if (used[i]) {
        continue;
      }
      // The row: words on i's row, left to right, each within 4 heights of the previous.
      List<Integer> row = new ArrayList<>();
      row.add(i);
      Rect last = words.get(i).word().box();
      int h = last.height();
      for (int j = i + 1; j < words.size(); j++) {
        Rect t = words.get(j).word().box();
        int hh = Math.max(h, t.height());
        if (!used[j] && ReadingOrder.sameRow(last, t) && t.x() >= last.right() - 1 && t.x() - last.right() <= 4 * hh) {
          row.add(j);
          last = t;
          h = Math.max(h, t.height());
        }
      }
      // Items: runs of words closer than 0.8 heights.
      Rect band = words.get(row.getFirst()).word().box();
      for (int k : row) {
        band = band.union(words.get(k).word().box());
      }
      // A bar's gap is its items' padding (2-3 characters); a space between words is one character
      // or less (a monospaced text's too).
      double[] charWidths = row.stream().mapToDouble(k -> (double) words.get(k).word().box().width()
          / Math.max(1, words.get(k).word().text().length())).sorted().toArray();
      double charWidth = charWidths[charWidths.length / 2];
      int gapMin = (int) Math.ceil(Math.max(0.8 * Math.min(band.height(), 16), 1.8 * charWidth));
      List<List<Integer>> items = new ArrayList<>();
      for (int k : row) {
        Rect t = words.get(k).word().box();
        if (items.isEmpty() || t.x() - words.get(items.getLast().getLast()).word().box().right() >= gapMin) {
          items.add(new ArrayList<>());
        }
        items.getLast().add(k);
      }
      if (items.size() < 3 || items.stream().anyMatch(it -> it.size() > 2)) {
        continue;
      }

      List<Rect> boxes = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      for (List<Integer> it : items) {
        Rect b = words.get(it.getFirst()).word().box();
        StringBuilder text = new StringBuilder();
        for (int k : it) {
          b = b.union(words.get(k).word().box());
          text.append(text.isEmpty() ? "" : " ").append(words.get(k).word().text());
        }
        boxes.add(b);
        labels.add(text.toString());
      }
      int gapSum = 0;
      for (int k = 1; k < boxes.size(); k++) {
        gapSum += boxes.get(k).x() - boxes.get(k - 1).right();
      }
      int meanGap = gapSum / (boxes.size() - 1);
      boolean even = true;
      for (int k = 1; k < boxes.size(); k++) {
        int gap = boxes.get(k).x() - boxes.get(k - 1).right();
        even &= gap * 2 >= meanGap && gap <= 2 * meanGap;
      }
      if (!even) {
        continue;
      }
      int[] heights = boxes.stream().mapToInt(Rect::height).sorted().toArray();
      int textHeight = heights[heights.length / 2];
      if (meanGap * 10 >= textHeight * 25) {
        // Gaps of 2.5 text heights and more are a notebook's tab row (a menu bar's items are padded
        // by less): a tab is its label, as tall as 2.8 text heights (the toolkit's tab padding).
        int half = (int) Math.round(textHeight * 1.4);
        int cy = band.center().y();
        for (int k = 0; k < boxes.size(); k++) {
          Rect b = boxes.get(k);
          out.add(element("tab", labels.get(k), Rect.ofCorners(b.x(), cy - half, b.right(), cy + half), 0.6));
        }
        for (int k : row) {
          used[k] = true;
          wordsUsed[words.get(k).line()]++;
        }
        continue;
      }
      int padY = Math.max(5, (int) Math.round(band.height() * 0.4));
      for (int k = 0; k < boxes.size(); k++) {
        Rect b = boxes.get(k);
        int left = k == 0 ? b.x() - meanGap / 2 : (boxes.get(k - 1).right() + b.x()) / 2;
        int right = k == boxes.size() - 1 ? b.right() + meanGap / 2 : (b.right() + boxes.get(k + 1).x()) / 2;
        out.add(element("menu_item", labels.get(k), Rect.ofCorners(left, band.y() - padY, right, band.bottom() + padY), 0.6));
      }
      for (int k : row) {
        used[k] = true;
        wordsUsed[words.get(k).line()]++;
      }
    }
    for (int i = 0; i < lines.size(); i++) {
      if (wordsUsed[i] > 0 && wordsUsed[i] == lines.get(i).words().size()) {
        claimed[i] = true;
      }
    }
  }

  /**
   * Check boxes and radios stacked in a column (left edges within 3 px, each within 2.5 heights of
   * the previous) are laid out in one box: each reaches the column's widest right edge unless some
   * other element or text lies on its row before that, and half the way to its neighbours up and
   * down (a toolkit's check button is as wide as its column, not as its label).
   */
  private static void toggleColumns(List<UiElement> out, List<TextLine> lines, boolean[] claimed) {
    List<Integer> toggles = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      String role = out.get(i).role();
      if (role.equals("checkbox") || role.equals("radio")) {
        toggles.add(i);
      }
    }
    toggles.sort(Comparator.comparingInt(i -> out.get(i).box().y()));
    boolean[] done = new boolean[out.size()];
    for (int start : toggles) {
      if (done[start]) {
        continue;
      }
      List<Integer> column = new ArrayList<>(List.of(start));
      for (int j : toggles) {
        Rect last = out.get(column.getLast()).box();
        Rect b = out.get(j).box();
        if (!done[j] && j != start && b.y() > last.y() && Math.abs(b.x() - last.x()) <= 3
            && b.y() - last.bottom() <= 1.5 * last.height()) {
          column.add(j);
        }
      }
      if (column.size() < 2) {
        continue;
      }
      int right = 0;
      for (int k : column) {
        right = Math.max(right, out.get(k).box().right());
        done[k] = true;
      }
      List<Rect> boxes = column.stream().map(k -> out.get(k).box()).toList();
      for (int c = 0; c < column.size(); c++) {
        Rect b = boxes.get(c);
        int rowRight = right;
        for (UiElement e : out) {
          Rect o = e.box();
          if (o != b && ReadingOrder.sameRow(o, b) && o.x() >= b.right() && o.x() < rowRight) {
            rowRight = o.x() - 6;
          }
        }
        for (int i = 0; i < lines.size(); i++) {
          Rect o = lines.get(i).box();
          if (!claimed[i] && ReadingOrder.sameRow(o, b) && o.x() >= b.right() && o.x() < rowRight) {
            rowRight = o.x() - 6;
          }
        }
        int top = c == 0 ? b.y() - (boxes.get(1).y() - boxes.get(0).bottom()) / 2
            : (boxes.get(c - 1).bottom() + b.y() + 1) / 2;
        int bottom = c == column.size() - 1 ? b.bottom() + (b.y() - boxes.get(c - 1).bottom()) / 2
            : (b.bottom() + boxes.get(c + 1).y()) / 2;
        UiElement e = out.get(column.get(c));
        out.set(column.get(c), new UiElement(e.id(), e.role(), e.label(),
            Rect.ofCorners(b.x(), Math.min(b.y(), top), Math.max(b.right(), rowRight), Math.max(b.bottom(), bottom)),
            e.confidence(), e.source()));
      }
    }
  }

  /**
   * Combo boxes: a text line followed on its row by a drop-down arrow read as a lone {@code v}
   * (shorter than the text, within 12 text heights of it). The box is the smallest outline 16-48 px
   * high holding both, else the two padded by a text height across and 2.8 text heights high (a
   * flat combo's button).
   */
  private static void comboBoxes(List<TextLine> lines, boolean[] claimed, List<Outline> outlines, List<UiElement> out) {
    for (int a = 0; a < lines.size(); a++) {
      TextLine arrow = lines.get(a);
      if (claimed[a] || !isDropArrow(arrow.text())) {
        continue;
      }
      int best = -1;
      for (int i = 0; i < lines.size(); i++) {
        Rect t = lines.get(i).box();
        int gap = arrow.box().x() - t.right();
        if (i != a && !claimed[i] && arrow.box().height() * 10 <= t.height() * 8 && ReadingOrder.sameRow(t, arrow.box())
            && gap >= 0 && gap <= 12 * t.height() && Character.isLetterOrDigit(lines.get(i).text().charAt(0))
            && (best < 0 || t.right() > lines.get(best).box().right())) {
          best = i;
        }
      }
      if (best < 0) {
        continue;
      }
      Rect text = lines.get(best).box();
      Rect both = text.union(arrow.box());
      Rect box = null;
      for (Outline o : outlines) {
        Rect b = o.box();
        if (!o.round() && b.height() >= 16 && b.height() <= 48 && b.x() <= both.x() && b.y() <= both.y()
            && b.right() >= both.right() && b.bottom() >= both.bottom() && (box == null || b.area() < box.area())) {
          box = b;
        }
      }
      if (box == null) {
        int h = text.height();
        int half = (int) Math.round(h * 1.4);
        int cy = text.center().y();
        box = Rect.ofCorners(both.x() - h, cy - half, both.right() + h, cy + half);
      }
      claimed[a] = true;
      claimed[best] = true;
      out.add(element("combo_box", lines.get(best).text(), box, 0.5));
    }
  }

  /**
   * Close buttons drawn as a lone cross without outline (a document's or panel's close): a line that
   * is just {@code x} or a multiplication/cross sign, at most 12 px high, boxed as a square twice
   * its height around it (the toolkit's flat icon button).
   */
  private static void closeButtons(List<TextLine> lines, boolean[] claimed, List<UiElement> out) {
    for (int i = 0; i < lines.size(); i++) {
      TextLine l = lines.get(i);
      String t = l.text();
      if (claimed[i] || l.box().height() > 12 || !(t.equals("x") || t.equals("X") || t.equals("\u00d7") || t.equals("\u2715"))) {
        continue;
      }
      int half = Math.max(l.box().width(), l.box().height());
      var c = l.box().center();
      claimed[i] = true;
      out.add(element("button", "Close", Rect.ofCorners(c.x() - half, c.y() - half, c.x() + half, c.y() + half), 0.4));
    }
  }

  private static boolean isDropArrow(String text) {
    return text.equals("v") || text.equals("V") || text.equals("\u02c5") || text.equals("\u25be") || text.equals("\u25bc");
  }

  /** A column of a list or table: lines with one left edge at a regular pitch. */
  private record Column(List<Integer> lines, int left, int pitch) {}

  /**
   * Lists and tables: columns of 3 or more unclaimed lines sharing a left edge (within 3 px) at a
   * regular pitch (within 2 px) of 1.5 to 4 line heights (rows are padded; paragraphs and
   * terminals are not); columns whose rows coincide form a table. Each line becomes a {@code
   * list_item} cell: its row's pitch high, from half a line height left of its text to half a
   * line height left of the next column's text (the last column to the enclosing outline's right
   * edge, or its widest text plus that padding). A lone column needs an enclosing outline (the
   * list's frame) and then spans its width.
   */
  private static void lists(List<TextLine> read, boolean[] claimed, List<Outline> outlines, List<UiElement> out) {
    List<TextLine> lines = read.stream().map(ElementFinder::withoutLeadingIcon).toList();
    List<Integer> free = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!claimed[i]) {
        free.add(i);
      }
    }
    free.sort(Comparator.comparingInt(i -> lines.get(i).box().y()));
    boolean[] inColumn = new boolean[lines.size()];
    List<Column> columns = new ArrayList<>();
    for (int i : free) {
      if (inColumn[i]) {
        continue;
      }
      Rect a = lines.get(i).box();
      List<Integer> run = new ArrayList<>(List.of(i));
      double pitch = -1;
      int steps = 0;
      for (int j : free) {
        Rect b = lines.get(j).box();
        Rect last = lines.get(run.getLast()).box();
        if (inColumn[j] || j == i || b.y() <= last.y() || Math.abs(b.x() - a.x()) > 3) {
          continue;
        }
        int d = b.center().y() - last.center().y();
        int h = Math.max(last.height(), b.height());
        // One row may be missing (claimed by a widget, e.g. a selected row read as something else).
        int rowsApart = pitch > 0 ? (int) Math.round(d / pitch) : 1;
        if (pitch < 0 && d * 10 >= h * 15 && d <= 4 * h) {
          pitch = d;
          steps = 1;
          run.add(j);
        } else if (pitch > 0 && rowsApart >= 1 && rowsApart <= 2 && Math.abs(d - rowsApart * pitch) <= 2 + rowsApart) {
          pitch = (pitch * steps + d) / (steps + rowsApart);
          steps += rowsApart;
          run.add(j);
        } else if (pitch < 0 || d > 2 * pitch + 4) {
          break;
        }
      }
      if (run.size() >= 3) {
        run.forEach(k -> inColumn[k] = true);
        columns.add(new Column(run, a.x(), (int) Math.round(pitch)));
      }
    }
    // Columns sharing at least 2 rows (centres within 2 px) and the pitch are one table.
    int n = columns.size();
    int[] group = new int[n];
    for (int c = 0; c < n; c++) {
      group[c] = c;
    }
    for (int c = 0; c < n; c++) {
      for (int d = c + 1; d < n; d++) {
        if (Math.abs(columns.get(c).pitch() - columns.get(d).pitch()) <= 1 && sharedRows(columns.get(c), columns.get(d), lines) >= 2) {
          int gc = root(group, c);
          int gd = root(group, d);
          group[gd] = gc;
        }
      }
    }
    for (int g = 0; g < n; g++) {
      if (root(group, g) != g) {
        continue;
      }
      List<Column> table = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        if (root(group, c) == g) {
          table.add(columns.get(c));
        }
      }
      table.sort(Comparator.comparingInt(Column::left));
      Rect all = null;
      List<Integer> heights = new ArrayList<>();
      for (Column c : table) {
        for (int i : c.lines()) {
          all = all == null ? lines.get(i).box() : all.union(lines.get(i).box());
          heights.add(lines.get(i).box().height());
        }
      }
      heights.sort(null);
      int pad = Math.max(2, heights.get(heights.size() / 2) / 2);
      Rect frame = null;
      for (Outline o : outlines) {
        Rect b = o.box();
        if (!o.round() && b.x() <= all.x() - pad && b.y() <= all.y() && b.right() >= all.right() && b.bottom() >= all.bottom()
            && (frame == null || b.area() < frame.area())) {
          frame = b;
        }
      }
      if (table.size() == 1 && (frame == null || frame.width() > 4 * all.width())) {
        continue;
      }
      // A line reaching into the next column is no cell of its own (a header read as one line).
      for (int k = 0; k + 1 < table.size(); k++) {
        int next = table.get(k + 1).left() - pad;
        table.get(k).lines().removeIf(i -> lines.get(i).box().right() > next);
      }
      for (int k = 0; k < table.size(); k++) {
        Column c = table.get(k);
        int maxRight = 0;
        for (int i : c.lines()) {
          maxRight = Math.max(maxRight, lines.get(i).box().right());
        }
        int left = table.size() == 1 ? frame.x() + 1 : c.left() - pad;
        int right = k + 1 < table.size() ? table.get(k + 1).left() - pad
            : frame != null && frame.right() - maxRight <= 8 * pad ? frame.right() - 1 : maxRight + pad;
        for (int i : c.lines()) {
          Rect t = lines.get(i).box();
          int top = t.center().y() - c.pitch() / 2;
          out.add(element("list_item", lines.get(i).text(), Rect.ofCorners(left, top, right, top + c.pitch() - 1), 0.5));
          claimed[i] = true;
        }
      }
    }
  }

  /**
   * The line without a leading icon that OCR read as a glyph or two ({@code ©}, {@code -+}): a first
   * word of at most 2 characters without a letter or digit, or read unsure, or one character 1.3
   * times as tall as the next word (a 16 px icon read as {@code B}; a capital is as tall as the
   * words after it), set apart from the next word by at least 0.4 line heights (a list row's icon
   * before its text).
   */
  static TextLine withoutLeadingIcon(TextLine line) {
    List<dev.deskpilot.perception.Word> words = line.words();
    if (words.size() < 2) {
      return line;
    }
    dev.deskpilot.perception.Word first = words.getFirst();
    boolean glyph = first.text().length() <= 2
        && (first.text().chars().noneMatch(Character::isLetterOrDigit) || first.confidence() < MENU_WORD_CONFIDENCE
            || (first.text().length() == 1 && first.box().height() * 10 >= words.get(1).box().height() * 13));
    int gap = words.get(1).box().x() - first.box().right();
    if (!glyph || gap * 10 < line.box().height() * 4) {
      return line;
    }
    return TextLine.of(words.subList(1, words.size()));
  }

  private static int sharedRows(Column a, Column b, List<TextLine> lines) {
    int shared = 0;
    for (int i : a.lines()) {
      for (int j : b.lines()) {
        if (Math.abs(lines.get(i).box().center().y() - lines.get(j).box().center().y()) <= 2) {
          shared++;
          break;
        }
      }
    }
    return shared;
  }

  private static int root(int[] group, int c) {
    while (group[c] != c) {
      c = group[c];
    }
    return c;
  }

  /** Whether {@code word} sits in an outline of a button's or tab's size around it alone. */
  private static boolean insideSmallOutline(Rect word, List<Outline> outlines) {
    for (Outline o : outlines) {
      Rect b = o.box();
      if (!o.round() && b.height() <= 60 && b.x() <= word.x() && b.y() <= word.y() && b.right() >= word.right()
          && b.bottom() >= word.bottom() && b.width() <= word.width() + 4 * b.height()) {
        return true;
      }
    }
    return false;
  }

  private static boolean nearTop(Rect t, List<Rect> windows) {
    if (t.y() <= 80) {
      return true;
    }
    for (Rect w : windows) {
      if (w.contains(t.center()) && t.y() - w.y() <= 80) {
        return true;
      }
    }
    return false;
  }

  /**
   * A window's text area (an editor's document): the window below its bars (outlines at least 95%
   * of its width, at most 48 px high, starting in its top 120 px) when that body is at least 100 px
   * high and holds no widget found so far outside a menu (an open menu lies over the text).
   * Null when the window has no such bar or its body holds widgets.
   */
  static Rect textArea(Rect window, List<Outline> outlines, List<UiElement> found) {
    int top = -1;
    for (Outline o : outlines) {
      Rect b = o.box();
      if (!o.round() && b.width() * 100 >= window.width() * 95 && b.height() <= 48 && b.y() >= window.y()
          && b.y() - window.y() < 120 && b.x() >= window.x() && b.right() <= window.right()) {
        top = Math.max(top, b.bottom());
      }
    }
    if (top < 0 || window.bottom() - top < 100) {
      return null;
    }
    Rect body = Rect.ofCorners(window.x() + 1, top, window.right() - 1, window.bottom() - 1);
    List<Rect> menus = found.stream().filter(e -> e.role().equals("menu")).map(UiElement::box).toList();
    for (UiElement e : found) {
      if (!e.role().equals("menu") && !e.role().equals("menu_item") && !e.role().equals("window")
          && body.contains(e.box().center()) && menus.stream().noneMatch(m -> m.contains(e.box().center()))) {
        return null;
      }
    }
    return body;
  }

  /**
   * The window {@code body} with the title bar drawn right above it (an outline 14-40 px high of
   * its width, within 3 px, ending within 3 px of its top, with a title centred in it; a menu bar's
   * text starts at its left), or null when it has none. A window with
   * its own title bar is a window even inside another (a dialog over its parent).
   */
  static Rect withTitleBar(Rect body, List<Outline> outlines, List<TextLine> lines) {
    for (Outline o : outlines) {
      Rect t = o.box();
      if (!o.round() && t.height() >= 14 && t.height() <= 40 && Math.abs(t.x() - body.x()) <= 3
          && Math.abs(t.right() - body.right()) <= 3 && Math.abs(t.bottom() - body.y()) <= 3) {
        for (TextLine l : lines) {
          if (t.contains(l.box().center()) && Math.abs(l.box().center().x() - t.center().x()) * 8 <= t.width()) {
            return body.union(t);
          }
        }
      }
    }
    return null;
  }

  private static List<Rect> topLevel(List<Rect> windows) {
    List<Rect> out = new ArrayList<>();
    for (Rect w : windows) {
      boolean inside = false;
      for (Rect o : windows) {
        if (o != w && o.area() > w.area() && o.intersection(w).area() * 10 >= w.area() * 9) {
          inside = true;
          break;
        }
      }
      if (!inside) {
        out.add(w);
      }
    }
    return out;
  }
}
