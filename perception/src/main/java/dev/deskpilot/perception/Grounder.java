package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.ReadingOrder;
import dev.deskpilot.perception.internal.TemplateMatch;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Finds text targets among the words of an {@link Observation}: the grounding behind step scripts'
 * {@code click "File"} and {@code expect "Saved"}.
 *
 * <h2>Matching, precisely</h2>
 *
 * <ol>
 *   <li><b>Words are compared by key</b>: lower-cased (root locale) with the non-letter, non-digit
 *       characters at both edges removed, so {@code "Save"} has the key of {@code "Save..."},
 *       {@code "_Save"}, {@code "(save)"} and {@code "SAVE:"}. Inner characters count: {@code
 *       "report_final.pdf"} stays as it is. A word that is only punctuation ({@code "+"}, {@code
 *       "+/-"}) keeps its whole text as its key, so such targets still match.
 *   <li><b>Border strokes</b>: a word's first or last character that OCR made of a line touching
 *       the text (a window's or a cell's border: {@code l I | 1 ! [ ]} whose column of pixels runs
 *       on above and below the word, unlike its background) is not part of the word: xterm's
 *       {@code term-ready>} right at its window's left border reads as {@code lterm-} and counts
 *       as {@code term-}.
 *   <li><b>Rows</b>: the observation's words are regrouped into visual rows (words whose vertical
 *       extents overlap by at least half the smaller height), ordered left to right, and a row is
 *       cut where the gap between two words is wider than 3 times their height (another widget or
 *       column). A target of several words matches consecutive words of one such row segment.
 *   <li><b>Exact</b>: the target's words equal, key for key, consecutive words of a row segment.
 *       {@code "Save"} is exact for {@code "Save..."}, never for {@code "Saved"}.
 *   <li><b>Fuzzy</b>, only when nothing matches exactly: runs of one word fewer to one word more
 *       than the target are compared by Levenshtein distance, with and without spaces (so OCR that
 *       split or merged words still matches), and accepted within a budget of edits: none for
 *       targets under 4 letters, else {@code max(1, round(letters / 5))} (1 edit for 4..7 letters, 2
 *       for 8..12, ...). So {@code "Fiie"} matches {@code "File"}, and {@code "Saved"} matches
 *       {@code "Save"} when no exact {@code "Save"} is on screen.
 *   <li><b>Best</b>: exact beats fuzzy; among fuzzy matches fewer edits win. Matches of the best kind
 *       and distance are "equally good"; OCR confidence never breaks a tie.
 *   <li><b>Closest</b> (unique targets only): among equally good matches, a match that is a whole
 *       row segment (a label of its own) beats one inside a longer phrase, then those written as
 *       the target is (case aside, edge punctuation included) beat the others. So {@code
 *       "Open..."} finds the item {@code "Open..."}, not the {@code "Open"} of {@code "Open
 *       Recent"}, and {@code "Save"} finds a button {@code "Save"} beside a menu item {@code "Save
 *       As"}.
 *   <li><b>Which</b>: with {@code nth == 0} one closest match is {@link Grounding.Found}, more are
 *       {@link Grounding.Ambiguous}; with {@code nth == k} the k-th equally good match in reading
 *       order (top to bottom, then left to right) is found, or {@link Grounding.NotFound} when there
 *       are fewer. A target written with edge punctuation ({@code "Replace:"}, {@code "Open..."})
 *       counts only the matches written so when there are any: {@code "Replace:" nth 1} is the
 *       first {@code Replace:} label, not the {@code Replace} of a title {@code Find and Replace}
 *       above it.
 * </ol>
 *
 * <p>Text targets search OCR text only (not element labels); {@link #ground(Observation, Target)}
 * also finds elements by role and label, next to an anchor, by id, and pictures. Stateless and
 * thread-safe.
 */
public final class Grounder {
  /** Quality of a fuzzy match with no edits (split or merged words); edits lower it further. */
  static final double FUZZY_QUALITY = 0.8;

  /** Rows are cut where words are further apart than this many times their height. */
  static final double GAP_HEIGHTS = 3.0;

  private static final int NEAREST = 5;

  /** A grounder with the matching rules above. */
  public Grounder() {}

  /**
   * Finds {@code target} on the screen read as {@code observation}.
   *
   * @return {@link Grounding.Found} with the point to click (image pixels), {@link
   *     Grounding.NotFound} with the closest on-screen texts, or {@link Grounding.Ambiguous} with the
   *     places that match equally well
   */
  public Grounding ground(Observation observation, TextTarget target) {
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(target, "target");
    List<String> keys = keys(target.text());
    List<List<Word>> rows = rows(withoutBorders(observation));
    List<Match> best = bestMatches(rows, keys);
    if (target.nth() == 0 && best.size() > 1) {
      best = closest(best, target.text());
    } else if (target.nth() > 0 && !key(target.text()).equals(target.text().strip().toLowerCase(Locale.ROOT))) {
      best = writtenAs(best, target.text());
    }
    if (best.isEmpty() || target.nth() > best.size()) {
      return new Grounding.NotFound(target.toString(), nearest(rows, keys));
    }
    if (target.nth() == 0 && best.size() > 1) {
      return new Grounding.Ambiguous(target.toString(), best.stream().map(Match::box).toList());
    }
    Match m = best.get(Math.max(0, target.nth() - 1));
    Point p = m.box().center();
    UiElement on = elementAt(observation, p);
    return new Grounding.Found(p, m.box(), m.confidence(keys), m.text(), on == null ? null : on.id());
  }

  /**
   * Finds any kind of {@link Target}:
   *
   * <ul>
   *   <li>{@link TextTarget}: as {@link #ground(Observation, TextTarget)}.
   *   <li>{@link ElementTarget}: elements of the role (any when none) whose label matches the
   *       label's words as text is matched above (exact, else a label holding the words, else
   *       fuzzy); the point is the element's centre.
   *   <li>{@link RelativeTarget}: the anchor is found first (it must be unique or have an nth);
   *       then the nearest element of the role (any but labels and windows when none) beside it
   *       in the direction, overlapping the anchor's row (left/right) or column (above/below).
   *   <li>{@link IdTarget}: the element with that id.
   *   <li>{@link ImageTarget}: places of the screenshot correlating with the picture at least at
   *       its {@code minScore}; two places within 0.02 of the best are {@link Grounding.Ambiguous}.
   * </ul>
   */
  public Grounding ground(Observation observation, Target target) {
    Objects.requireNonNull(observation, "observation");
    Objects.requireNonNull(target, "target");
    return switch (target) {
      case TextTarget t -> ground(observation, t);
      case ElementTarget e -> groundElement(observation, e);
      case RelativeTarget r -> groundRelative(observation, r);
      case IdTarget i -> {
        UiElement e = observation.element(i.id());
        yield e == null
            ? new Grounding.NotFound(i.toString(), observation.elements().stream().limit(NEAREST).map(Grounder::describe).toList())
            : new Grounding.Found(e.clickPoint(), e.box(), e.confidence(), e.label(), e.id());
      }
      case ImageTarget i -> groundImage(observation, i);
    };
  }

  // --- elements -----------------------------------------------------------------------------------

  private static final Set<String> NOT_TARGETS = Set.of("label", "window");

  /** The smallest element holding {@code p} that a person acts on (not a label or window). */
  static UiElement elementAt(Observation observation, Point p) {
    UiElement best = null;
    for (UiElement e : observation.elements()) {
      if (!NOT_TARGETS.contains(e.role()) && e.box().contains(p) && (best == null || e.box().area() < best.box().area())) {
        best = e;
      }
    }
    return best;
  }

  static String describe(UiElement e) {
    return "[" + e.id() + "] " + e.role() + (e.label().isEmpty() ? "" : " \"" + e.label() + "\"");
  }

  /** 0 when the label does not match, else higher for better matches (3 exact, 2 contains, 1 fuzzy). */
  static int labelMatch(String label, List<String> keys) {
    List<String> have = keys(label.isBlank() ? "_" : label);
    if (have.equals(keys)) {
      return 3;
    }
    for (int i = 0; i + keys.size() <= have.size(); i++) {
      if (have.subList(i, i + keys.size()).equals(keys)) {
        return 2;
      }
    }
    int budget = editBudget(keys);
    return levenshtein(String.join(" ", keys), String.join(" ", have)) <= budget ? 1 : 0;
  }

  private Grounding groundElement(Observation observation, ElementTarget target) {
    List<String> keys = target.label() == null ? null : keys(target.label());
    int bestScore = 0;
    List<UiElement> best = new ArrayList<>();
    for (UiElement e : observation.elements()) {
      if (target.role() != null && !target.role().equals(e.role())) {
        continue;
      }
      int score = keys == null ? 3 : labelMatch(e.label(), keys);
      if (score > bestScore) {
        bestScore = score;
        best.clear();
      }
      if (score > 0 && score == bestScore) {
        best.add(e);
      }
    }
    best = ReadingOrder.sort(best, UiElement::box);
    if (best.isEmpty() || target.nth() > best.size()) {
      List<String> near = new ArrayList<>();
      for (UiElement e : observation.elements()) {
        if ((target.role() == null || target.role().equals(e.role())) && near.size() < NEAREST) {
          near.add(describe(e));
        }
      }
      return new Grounding.NotFound(target.toString(), near);
    }
    if (target.nth() == 0 && best.size() > 1) {
      return new Grounding.Ambiguous(target.toString(), best.stream().map(UiElement::box).toList());
    }
    UiElement e = best.get(Math.max(0, target.nth() - 1));
    double quality = bestScore == 3 ? 1.0 : bestScore == 2 ? 0.9 : FUZZY_QUALITY;
    return new Grounding.Found(e.clickPoint(), e.box(), quality * e.confidence(), e.label(), e.id());
  }

  private Grounding groundRelative(Observation observation, RelativeTarget target) {
    Grounding anchor = ground(observation, target.anchor());
    if (!(anchor instanceof Grounding.Found a)) {
      return switch (anchor) {
        case Grounding.NotFound n -> new Grounding.NotFound(target.toString(), n.nearest());
        case Grounding.Ambiguous am -> new Grounding.Ambiguous(target.toString(), am.candidates());
        case Grounding.Found f -> throw new AssertionError(f);
      };
    }
    Rect from = a.box();
    UiElement best = null;
    int bestGap = Integer.MAX_VALUE;
    for (UiElement e : observation.elements()) {
      if (target.role() == null ? NOT_TARGETS.contains(e.role()) : !target.role().equals(e.role())) {
        continue;
      }
      Rect b = e.box();
      if (b.contains(from.center()) || (a.elementId() != null && a.elementId().equals(e.id()))) {
        continue; // the anchor's own element
      }
      boolean beside = switch (target.direction()) {
        case RIGHT_OF, LEFT_OF -> overlapsRow(from, b);
        case BELOW, ABOVE -> overlapsColumn(from, b);
      };
      int gap = switch (target.direction()) {
        case RIGHT_OF -> b.x() - from.right();
        case LEFT_OF -> from.x() - b.right();
        case BELOW -> b.y() - from.bottom();
        case ABOVE -> from.y() - b.bottom();
      };
      if (beside && gap >= -2 && gap < bestGap) {
        best = e;
        bestGap = gap;
      }
    }
    if (best == null) {
      return new Grounding.NotFound(target.toString(), List.of("the anchor is at " + from));
    }
    return new Grounding.Found(best.clickPoint(), best.box(), a.confidence() * best.confidence(), best.label(), best.id());
  }

  private static boolean overlapsRow(Rect a, Rect b) {
    return Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y()) > Math.min(a.height(), b.height()) / 3;
  }

  private static boolean overlapsColumn(Rect a, Rect b) {
    return Math.min(a.right(), b.right()) - Math.max(a.x(), b.x()) > 0;
  }

  private Grounding groundImage(Observation observation, ImageTarget target) {
    List<TemplateMatch.Hit> hits =
        TemplateMatch.find(observation.screenshot().image(), target.template(), target.minScore(), 5);
    if (hits.isEmpty()) {
      List<TemplateMatch.Hit> near = TemplateMatch.find(observation.screenshot().image(), target.template(), 0.01, 3);
      return new Grounding.NotFound(target.toString(),
          near.stream().map(h -> String.format(Locale.ROOT, "%.2f at %s", h.score(), h.box())).toList());
    }
    double top = hits.getFirst().score();
    List<TemplateMatch.Hit> ties = hits.stream().filter(h -> h.score() >= top - 0.02).toList();
    if (ties.size() > 1) {
      return new Grounding.Ambiguous(target.toString(), ReadingOrder.sort(ties, TemplateMatch.Hit::box).stream().map(TemplateMatch.Hit::box).toList());
    }
    Rect box = hits.getFirst().box();
    UiElement on = elementAt(observation, box.center());
    return new Grounding.Found(box.center(), box, Math.clamp(top, 0, 1), target.name(), on == null ? null : on.id());
  }

  /**
   * Whether {@code phrase} is on screen, for checks such as {@code expect "Saved"}: an exact match
   * as {@link #ground} defines it, or a match where OCR misread letters without changing word
   * lengths (within the same edit budget), or split or merged words (one word more or fewer) whose
   * letters and digits, punctuation and spaces aside, are the phrase's with the same misreads
   * allowed ({@code "term- ready>"} holds {@code "term-ready"}). Stricter than {@code ground}'s
   * fuzzy matching on purpose: a check for {@code "Saved"} is not satisfied by {@code "Save"}.
   *
   * @throws IllegalArgumentException when the phrase is blank
   */
  public boolean contains(Observation observation, String phrase) {
    Objects.requireNonNull(observation, "observation");
    if (phrase == null || phrase.isBlank()) {
      throw new IllegalArgumentException("a phrase to look for needs text, was '" + phrase + "'");
    }
    List<String> keys = keys(phrase);
    int budget = editBudget(keys);
    String compact = compact(keys);
    for (List<Word> row : rows(withoutBorders(observation))) {
      for (int k = Math.max(1, keys.size() - 1); k <= keys.size() + 1 && !compact.isEmpty(); k++) {
        for (int i = 0; i + k <= row.size(); i++) {
          String run = compact(row.subList(i, i + k).stream().map(w -> key(w.text())).toList());
          if (run.length() == compact.length() && hamming(run, compact) <= budget) {
            return true;
          }
        }
      }
      for (int i = 0; i + keys.size() <= row.size(); i++) {
        int misread = 0;
        for (int j = 0; j < keys.size() && misread <= budget; j++) {
          String key = key(row.get(i + j).text());
          String want = keys.get(j);
          misread = key.length() == want.length() ? misread + hamming(key, want) : budget + 1;
        }
        if (misread <= budget) {
          return true;
        }
      }
    }
    return false;
  }

  // --- matching ---------------------------------------------------------------------------------

  private List<Match> bestMatches(List<List<Word>> rows, List<String> keys) {
    int n = keys.size();
    String spaced = String.join(" ", keys);
    String joined = String.join("", keys);
    int budget = editBudget(keys);
    List<Match> exact = new ArrayList<>();
    List<Match> fuzzy = new ArrayList<>();
    for (List<Word> row : rows) {
      List<String> rowKeys = row.stream().map(w -> key(w.text())).toList();
      for (int k = Math.max(1, n - 1); k <= n + 1; k++) {
        for (int i = 0; i + k <= row.size(); i++) {
          List<String> run = rowKeys.subList(i, i + k);
          boolean whole = k == row.size();
          if (k == n && run.equals(keys)) {
            exact.add(new Match(row.subList(i, i + k), 0, true, whole));
          } else if (exact.isEmpty()) {
            int d =
                Math.min(
                    levenshtein(spaced, String.join(" ", run)), levenshtein(joined, String.join("", run)));
            if (d <= budget) {
              fuzzy.add(new Match(row.subList(i, i + k), d, false, whole));
            }
          }
        }
      }
    }
    List<Match> tier = exact;
    if (tier.isEmpty()) {
      int least = fuzzy.stream().mapToInt(Match::edits).min().orElse(0);
      tier = fuzzy.stream().filter(m -> m.edits() == least).toList();
    }
    // Overlapping runs name the same place: keep the one closest to the target's word count.
    List<Match> best = new ArrayList<>();
    tier.stream()
        .sorted(Comparator.comparingInt((Match m) -> Math.abs(m.words().size() - n)))
        .forEach(
            m -> {
              if (best.stream().noneMatch(b -> b.overlaps(m))) {
                best.add(m);
              }
            });
    return readingOrder(best);
  }

  private static List<String> nearest(List<List<Word>> rows, List<String> keys) {
    String spaced = String.join(" ", keys);
    record Near(int distance, int order, String text) {}
    List<Near> all = new ArrayList<>();
    int order = 0;
    for (List<Word> row : rows) {
      int k = Math.min(keys.size(), row.size());
      for (int i = 0; i + k <= row.size(); i++) {
        List<Word> run = row.subList(i, i + k);
        String runKey = String.join(" ", run.stream().map(w -> key(w.text())).toList());
        String text = String.join(" ", run.stream().map(Word::text).toList());
        all.add(new Near(levenshtein(spaced, runKey), order++, text));
      }
    }
    all.sort(Comparator.comparingInt(Near::distance).thenComparingInt(Near::order));
    Set<String> seen = new LinkedHashSet<>();
    List<String> out = new ArrayList<>();
    for (Near near : all) {
      if (out.size() == NEAREST) {
        break;
      }
      if (seen.add(near.text().toLowerCase(Locale.ROOT))) {
        out.add(near.text());
      }
    }
    return out;
  }

  /**
   * Among equally good matches of a unique target, the ones closest to how the target is written:
   * matches that are a whole row segment (a label of their own) over matches inside a longer
   * phrase ({@code "Open..."} over the {@code "Open"} of {@code "Open Recent"}), then those with
   * the same characters (case aside, edge punctuation included). Several equally close ones stay
   * ambiguous.
   */
  /** The matches written as the target is (case aside, edge punctuation included), or all when none is. */
  private static List<Match> writtenAs(List<Match> matches, String target) {
    String written = String.join(" ", target.strip().split("\\s+")).toLowerCase(Locale.ROOT);
    List<Match> same = matches.stream().filter(m -> m.text().toLowerCase(Locale.ROOT).equals(written)).toList();
    return same.isEmpty() ? matches : same;
  }

  private static List<Match> closest(List<Match> matches, String target) {
    String written = String.join(" ", target.strip().split("\\s+")).toLowerCase(Locale.ROOT);
    int top = Integer.MIN_VALUE;
    List<Match> out = new ArrayList<>();
    for (Match m : matches) {
      int score = (m.whole() ? 2 : 0) + (m.text().toLowerCase(Locale.ROOT).equals(written) ? 1 : 0);
      if (score > top) {
        top = score;
        out.clear();
      }
      if (score == top) {
        out.add(m);
      }
    }
    return out;
  }

  /** Consecutive words of one row segment that match a target ({@code whole}: all of the segment). */
  private record Match(List<Word> words, int edits, boolean exact, boolean whole) {
    Rect box() {
      Rect box = words.getFirst().box();
      for (Word w : words) {
        box = box.union(w.box());
      }
      return box;
    }

    String text() {
      return String.join(" ", words.stream().map(Word::text).toList());
    }

    double confidence(List<String> keys) {
      double ocr = words.stream().mapToDouble(Word::confidence).average().orElse(0) / 100.0;
      if (exact) {
        return ocr;
      }
      int letters = Math.max(1, String.join("", keys).length());
      return FUZZY_QUALITY * Math.max(0, 1.0 - (double) edits / letters) * ocr;
    }

    boolean overlaps(Match o) {
      for (Word w : words) {
        for (Word x : o.words) {
          if (w == x) {
            return true;
          }
        }
      }
      return false;
    }
  }

  // --- rows and reading order -------------------------------------------------------------------

  /**
   * Words regrouped into visual row segments, top to bottom, each left to right. An OCR line's
   * words stay in one row (their boxes may differ in height: capitals, descenders); lines whose
   * boxes share a row (see {@link ReadingOrder#sameRow}) join it.
   */
  static List<List<Word>> rows(List<TextLine> lines) {
    List<TextLine> sorted = new ArrayList<>(lines);
    sorted.sort(Comparator.comparingInt((TextLine l) -> l.box().y()).thenComparingInt(l -> l.box().x()));
    List<Rect> rowBoxes = new ArrayList<>();
    List<List<Word>> rows = new ArrayList<>();
    for (TextLine l : sorted) {
      List<Word> home = null;
      for (int i = 0; i < rows.size(); i++) {
        if (ReadingOrder.sameRow(rowBoxes.get(i), l.box())) {
          home = rows.get(i);
          break;
        }
      }
      if (home == null) {
        home = new ArrayList<>();
        rows.add(home);
        rowBoxes.add(l.box());
      }
      home.addAll(l.words());
    }
    List<List<Word>> segments = new ArrayList<>();
    for (List<Word> row : rows) {
      row.sort(Comparator.comparingInt(w -> w.box().x()));
      List<Word> segment = new ArrayList<>();
      for (Word w : row) {
        if (!segment.isEmpty()) {
          Rect prev = segment.getLast().box();
          int gap = w.box().x() - prev.right();
          if (gap > GAP_HEIGHTS * Math.max(prev.height(), w.box().height())) {
            segments.add(List.copyOf(segment));
            segment.clear();
          }
        }
        segment.add(w);
      }
      segments.add(List.copyOf(segment));
    }
    return segments;
  }

  private static List<Match> readingOrder(List<Match> matches) {
    return ReadingOrder.sort(matches, Match::box);
  }

  // --- text -------------------------------------------------------------------------------------

  /** A word's key: lower case, edge punctuation removed (the whole text if that leaves nothing). */
  static String key(String word) {
    String lower = word.strip().toLowerCase(Locale.ROOT);
    int start = 0;
    int end = lower.length();
    while (start < end && !Character.isLetterOrDigit(lower.charAt(start))) {
      start++;
    }
    while (end > start && !Character.isLetterOrDigit(lower.charAt(end - 1))) {
      end--;
    }
    return start == end ? lower : lower.substring(start, end);
  }

  /** The letters and digits of keys, nothing else. */
  private static String compact(List<String> keys) {
    StringBuilder b = new StringBuilder();
    for (String k : keys) {
      for (int i = 0; i < k.length(); i++) {
        if (Character.isLetterOrDigit(k.charAt(i))) {
          b.append(k.charAt(i));
        }
      }
    }
    return b.toString();
  }

  // --- border strokes ---------------------------------------------------------------------------

  /** Characters OCR reads a vertical line beside a word as. */
  private static final String STROKES = "lI|1![]";

  /** Gray levels a border differs from the background beside it by, at least. */
  private static final int BORDER_CONTRAST = 40;

  /** The observation's lines with the border strokes taken off their words' ends (see class comment). */
  static List<TextLine> withoutBorders(Observation observation) {
    BufferedImage image = observation.screenshot().image();
    List<TextLine> out = new ArrayList<>(observation.lines().size());
    for (TextLine line : observation.lines()) {
      List<Word> words = new ArrayList<>(line.words().size());
      boolean changed = false;
      for (Word w : line.words()) {
        Word clean = withoutBorder(w, image);
        changed |= clean != w;
        words.add(clean);
      }
      out.add(changed ? TextLine.of(words) : line);
    }
    return out;
  }

  private static Word withoutBorder(Word w, BufferedImage image) {
    String t = w.text();
    Rect b = w.box();
    if (t.length() >= 2 && STROKES.indexOf(t.charAt(0)) >= 0 && borderAt(image, b, true)) {
      int cut = Math.max(1, b.width() / t.length());
      w = new Word(t.substring(1), new Rect(b.x() + cut, b.y(), Math.max(1, b.width() - cut), b.height()), w.confidence());
      t = w.text();
      b = w.box();
    }
    if (t.length() >= 2 && STROKES.indexOf(t.charAt(t.length() - 1)) >= 0 && borderAt(image, b, false)) {
      int cut = Math.max(1, b.width() / t.length());
      w = new Word(t.substring(0, t.length() - 1), new Rect(b.x(), b.y(), Math.max(1, b.width() - cut), b.height()), w.confidence());
    }
    return w;
  }

  /**
   * Whether one of the three columns at the box's left (or right) edge is a line that runs on a
   * box height above and below it: on at least 90% of those rows it differs from the pixel three
   * columns inwards by {@value #BORDER_CONTRAST} gray levels or more. A letter's stroke ends with
   * the text; a border does not.
   */
  static boolean borderAt(BufferedImage image, Rect box, boolean left) {
    int h = box.height();
    int top = box.y() - h;
    int bottom = box.bottom() + h;
    if (top < 0 || bottom > image.getHeight()) {
      return false;
    }
    for (int d = 0; d < 3; d++) {
      int x = left ? box.x() + d : box.right() - 1 - d;
      int inward = left ? x + 3 : x - 3;
      if (x < 0 || x >= image.getWidth() || inward < 0 || inward >= image.getWidth()) {
        continue;
      }
      int rows = 0;
      int differ = 0;
      for (int y = top; y < bottom; y++) {
        if (y >= box.y() && y < box.bottom()) {
          continue;
        }
        rows++;
        if (Math.abs(gray(image.getRGB(x, y)) - gray(image.getRGB(inward, y))) >= BORDER_CONTRAST) {
          differ++;
        }
      }
      if (rows > 0 && differ * 10 >= rows * 9) {
        return true;
      }
    }
    return false;
  }

  private static int gray(int rgb) {
    return (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
  }

  private static List<String> keys(String text) {
    return List.of(text.strip().split("\\s+")).stream().map(Grounder::key).toList();
  }

  /** Edits allowed for a fuzzy match: none under 4 letters, else about one per 5 letters. */
  static int editBudget(List<String> keys) {
    int letters = String.join("", keys).length();
    return letters < 4 ? 0 : Math.max(1, (int) Math.round(letters / 5.0));
  }

  /**
   * The Levenshtein distance between two strings (insertions, deletions, substitutions): the one
   * measure of "how far is this text" that grounding and name suggestions (key names) share.
   */
  public static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static int hamming(String a, String b) {
    int d = 0;
    for (int i = 0; i < a.length(); i++) {
      if (a.charAt(i) != b.charAt(i)) {
        d++;
      }
    }
    return d;
  }
}
