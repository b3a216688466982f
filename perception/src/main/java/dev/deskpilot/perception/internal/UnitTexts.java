package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.OcrEngine;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.TextLine;
import dev.deskpilot.perception.Word;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the text of text units (see {@link InkLayout}) one unit at a time, remembering what each
 * unit's pixels read as. A unit is read from its own gray pixels only, turned dark on light when
 * its background is the darker side (its median gray is under the midpoint of its darkest and
 * lightest pixels: light text on dark, and white text on a selection's mid-tone), scaled up 2x
 * when it is under {@value #SMALL} px high and given a {@value #BORDER} px border of its
 * background gray (never the pixels around it, which may be a neighbour's ink). So the same pixels
 * always read the same wherever and whenever they appear: a unit whose pixels were read before
 * (the same frame area, a scrolled line, a window moved back) is answered from memory, with the
 * exact result a new read would give.
 *
 * <p>Memory is bounded: at most {@value #MAX_ENTRIES} units and {@value #MAX_BYTES} bytes of
 * pixels, least recently used first out. Not thread-safe.
 */
public final class UnitTexts {
  static final int SMALL = 40;
  static final int BORDER = 8;
  static final int MIN_WORD_HEIGHT = 5;
  static final float MIN_CONFIDENCE = 30f;
  static final float SURE = 60f;
  static final float SURE_RESCALE = 80f;
  /** How sure a 3x reading of a piece that read as nothing at 2x must be to count. */
  static final float RESCUE = 45f;
  static final int RESCALE = 3;
  /** Pieces of text at most this many times as wide as high are short (see {@link #recognise}). */
  static final int SHORT = 4;
  /** Units whose ink is less than this much darker than their background are stretched to full contrast. */
  static final int LOW_CONTRAST = 128;
  static final int MAX_ENTRIES = 4096;
  /** The narrowest gap between word chunks, px. */
  static final int MIN_CHUNK_GAP = 4;
  /** Background columns kept either side of a chunk's ink, px (under half of {@link #MIN_CHUNK_GAP}'s neighbours). */
  static final int CHUNK_PAD = 2;
  static final long MAX_BYTES = 48L << 20;

  private record Key(int width, int height, int hash) {}

  private record Entry(byte[] pixels, List<TextLine> lines) {}

  private final Map<Key, List<Entry>> memory = new LinkedHashMap<>(256, 0.75f, true);
  private int entries;
  private long bytes;
  private int reads;
  private int reuses;

  /** Units read by the engine since the last {@link #resetCounts()}. */
  public int reads() {
    return reads;
  }

  /** Units answered from memory since the last {@link #resetCounts()}. */
  public int reuses() {
    return reuses;
  }

  /** Counts {@code pieces} answered from memory elsewhere (a unit whose pixels did not change). */
  public void reused(int pieces) {
    reuses += pieces;
  }

  public void resetCounts() {
    reads = 0;
    reuses = 0;
  }

  /** Forgets every unit. */
  public void clear() {
    memory.clear();
    entries = 0;
    bytes = 0;
  }

  /**
   * A unit, or a word chunk of one, to read: its box in the frame ({@code unit}), its pixels (dark
   * on light) and, when they were read before, what they read as (in frame pixels); else {@code
   * known} is {@code null} and {@link #recognise} must read them.
   */
  public record Job(Rect unit, byte[] pixels, int background, int hash, List<TextLine> known) {}

  /**
   * The jobs that read {@code unit}: one per word chunk (see {@link #chunks}), each answered from
   * memory when its pixels were read before. A unit of one chunk is one job over the whole unit.
   */
  public List<Job> lookup(InkLayout ink, Rect unit) {
    byte[] pixels = ink.grayPixels(unit, null);
    int first = pixels.length == 0 ? 0 : pixels[0];
    int background = darkOnLight(pixels);
    boolean inverted = pixels.length > 0 && pixels[0] != first;
    int w = unit.width();
    int h = unit.height();
    eraseTrailingArrow(pixels, w, h, background);
    // The rows around the unit that readingArea names.
    eraseEdgeSlivers(pixels, w, h, background,
        outside(ink, new Rect(unit.x(), unit.y() - h, w, h), inverted), outside(ink, new Rect(unit.x(), unit.bottom(), w, h), inverted));
    Chunks chunks = chunks(pixels, w, h, background);
    if (chunks.columns().size() == 1) {
      return List.of(lookup(unit, pixels, background));
    }
    int top = chunks.top();
    int ch = chunks.bottom() - top;
    List<Job> jobs = new ArrayList<>(chunks.columns().size());
    for (int[] span : chunks.columns()) {
      int cw = span[1] - span[0];
      // The margins are background, whatever stands close by (a cursor, another word's edge, the
      // unit's own edge): a word's chunk has the same pixels wherever it stands.
      byte[] chunk = new byte[cw * ch];
      Arrays.fill(chunk, (byte) background);
      for (int y = Math.max(0, top); y < Math.min(h, top + ch); y++) {
        System.arraycopy(pixels, y * w + span[2], chunk, (y - top) * cw + span[2] - span[0], span[3] - span[2]);
      }
      int chunkBackground = darkOnLight(chunk);
      Rect box = new Rect(unit.x() + span[0], unit.y() + top, cw, ch);
      // A text cursor is no text: nothing to read.
      jobs.add(span[4] == 1 ? new Job(box, chunk, chunkBackground, Arrays.hashCode(chunk), List.of())
          : lookup(box, chunk, chunkBackground));
    }
    return jobs;
  }

  /**
   * The frame area whose pixels a unit's reading depends on: the unit and as many rows above and
   * below it as it is high (where {@link #eraseEdgeSlivers} follows a neighbour's ink).
   */
  public static Rect readingArea(Rect unit) {
    return new Rect(unit.x(), unit.y() - unit.height(), unit.width(), 3 * unit.height());
  }

  /** The frame's pixels of {@code area} (clipped to the frame) turned as the unit's were; null when none. */
  private static byte[] outside(InkLayout ink, Rect area, boolean inverted) {
    Rect r = area.intersection(new Rect(0, 0, ink.width(), ink.height()));
    if (r.height() <= 0 || r.width() != area.width()) {
      return null;
    }
    byte[] rows = ink.grayPixels(r, null);
    if (inverted) {
      for (int i = 0; i < rows.length; i++) {
        rows[i] = (byte) (255 - (rows[i] & 0xff));
      }
    }
    return rows;
  }

  private Job lookup(Rect box, byte[] pixels, int background) {
    int hash = Arrays.hashCode(pixels);
    List<Entry> bucket = memory.get(new Key(box.width(), box.height(), hash));
    if (bucket != null) {
      for (Entry e : bucket) {
        if (Arrays.equals(e.pixels(), pixels)) {
          reuses++;
          return new Job(box, pixels, background, hash, translate(e.lines(), box.x(), box.y()));
        }
      }
    }
    return new Job(box, pixels, background, hash, null);
  }

  /**
   * How a unit is cut into word chunks: column spans {@code [from, to, inkFrom, inkTo, cursor]} (a
   * chunk's columns, the columns of its ink, and 1 when it is a text cursor's bar, which is not
   * read) and the rows {@code [top, bottom)} every chunk covers. One span means the unit is read
   * whole.
   */
  record Chunks(List<int[]> columns, int top, int bottom) {}

  /**
   * Where a unit is cut into word chunks: at runs of columns without ink at least {@code
   * max(}{@value #MIN_CHUNK_GAP}{@code , 0.45 x ink height)} wide, wider than the gaps between the
   * letters of a word and no wider than a word space of UI and terminal fonts, unless a full stop
   * or comma follows ({@link #lowMark}). A group of ink
   * narrower than 1.5 ink heights (a lone letter, digit or punctuation mark, which OCR reads poorly
   * on its own) stays with its left neighbour (the first group with its right one). Each span covers
   * its ink and {@value #CHUNK_PAD} px either side (which may stand out of the unit); the rows are
   * the unit's text band (see {@link #textBand}) and 1 px either side, so every chunk keeps the
   * line's height (which tells {@code o} from {@code O}).
   *
   * <p>Chunks are read one by one (and remembered) instead of whole units, so that typing a word
   * into a line re-reads that word and not the line. Chunks depend only on the unit's pixels, so a
   * full read and an incremental one cut, and read, alike.
   */
  static Chunks chunks(byte[] pixels, int w, int h, int background) {
    Chunks whole = new Chunks(List.<int[]>of(new int[] {0, w, 0, w, 0}), 0, h);
    InkColumns ink = new InkColumns(pixels, w, h, background);
    int[] band = textBand(ink);
    int inkHeight = band[1] - band[0];
    if (inkHeight == 0) {
      return whole;
    }
    int gap = Math.max(MIN_CHUNK_GAP, (inkHeight * 9 + 19) / 20);
    List<int[]> groups = new ArrayList<>();
    int x = 0;
    while (x < w) {
      while (x < w && !ink.column[x]) {
        x++;
      }
      if (x == w) {
        break;
      }
      int start = x;
      int end = x;
      while (x < w) {
        if (ink.column[x]) {
          end = ++x;
        } else {
          int g = x;
          while (g < w && !ink.column[g]) {
            g++;
          }
          x = g;
          if (g == w || (g - end >= gap && !lowMark(ink, g, band))) {
            break;
          }
        }
      }
      groups.add(new int[] {start, end});
    }
    int caretFrom = band[2];
    int caretTo = band[3];
    if (caretFrom >= 0) {
      splitCaret(groups, ink, caretFrom, caretTo, inkHeight);
    }
    for (int i = 0; i < groups.size() && groups.size() > 1; ) {
      int[] g = groups.get(i);
      boolean caret = g[0] == caretFrom && g[1] == caretTo;
      int into = i == 0 ? 1 : i - 1;
      int[] n = groups.get(into);
      if (!caret && (g[1] - g[0]) * 10 < inkHeight * 15 && !(n[0] == caretFrom && n[1] == caretTo)) {
        groups.set(into, new int[] {Math.min(n[0], g[0]), Math.max(n[1], g[1])});
        groups.remove(i);
        i = 0;
      } else {
        i++;
      }
    }
    if (groups.size() <= 1) {
      return whole;
    }
    List<int[]> spans = new ArrayList<>(groups.size());
    for (int[] g : groups) {
      spans.add(new int[] {g[0] - CHUNK_PAD, g[1] + CHUNK_PAD, g[0], g[1], g[0] == caretFrom && g[1] == caretTo ? 1 : 0});
    }
    return new Chunks(spans, band[0] - 1, band[1] + 1);
  }

  /**
   * Cuts a text cursor's bar (columns {@code [from, to)}) off the group it begins or ends, even
   * where it touches the word's first or last glyph: the word beside a cursor then keeps its
   * chunk's pixels (its margins are painted background) when the cursor moves away.
   */
  private static void splitCaret(List<int[]> groups, InkColumns ink, int from, int to, int inkHeight) {
    for (int i = 0; i < groups.size(); i++) {
      int[] g = groups.get(i);
      // Only off a word (what is left at least 1.5 text heights wide): the edge of an arrow or of a
      // highlight box is no cursor.
      if (g[0] == from && (g[1] - to) * 10 >= inkHeight * 15) {
        int rest = to;
        while (!ink.column[rest]) {
          rest++;
        }
        groups.set(i, new int[] {from, to});
        groups.add(i + 1, new int[] {rest, g[1]});
        return;
      }
      if (g[1] == to && (from - g[0]) * 10 >= inkHeight * 15) {
        int rest = from;
        while (!ink.column[rest - 1]) {
          rest--;
        }
        groups.set(i, new int[] {g[0], rest});
        groups.add(i + 1, new int[] {from, to});
        return;
      }
    }
  }

  /**
   * Whether the glyph whose ink starts at column {@code x} is a low mark (a full stop or comma: its
   * first columns inked only in the lower 40% of the text band): a word never starts with one, so
   * the gap before it is no word space ({@code 348.50} in a monospaced font).
   */
  private static boolean lowMark(InkColumns ink, int x, int[] band) {
    int height = band[1] - band[0];
    // Its first columns only: a full stop may touch the digit after it.
    int[] rows = ink.rows(x, Math.min(ink.w, x + Math.max(1, height / 6)));
    return (rows[0] - band[0]) * 10 >= height * 6;
  }

  /**
   * The rows {@code [top, bottom)} of a unit's text, and the columns {@code [from, to)} of a text
   * cursor's bar standing out of it above and below ({@code -1, -1} when none): its inked rows
   * without those above and below the text where the only ink is a text cursor's bar (ink in at most 2 adjacent columns that are
   * inked in 90% or more of the unit's inked rows). A cursor standing in a line is then no part of
   * the line's height, so the words beside it keep their pixels when it moves away.
   */
  static int[] textBand(InkColumns ink) {
    int[] rows = ink.rows(0, ink.w);
    int top = rows[0];
    int bottom = rows[1];
    if (bottom - top < 2 * InkLayout.MIN_UNIT_HEIGHT) {
      return new int[] {top, bottom, -1, -1};
    }
    boolean[] bar = new boolean[ink.w];
    for (int x = 0; x < ink.w; x++) {
      if (ink.column[x]) {
        int n = 0;
        for (int y = top; y < bottom; y++) {
          if (ink.inked(x, y)) {
            n++;
          }
        }
        bar[x] = n * 10 >= (bottom - top) * 9;
      }
    }
    while (bottom - top > InkLayout.MIN_UNIT_HEIGHT && onlyBar(ink, bar, top)) {
      top++;
    }
    while (bottom - top > InkLayout.MIN_UNIT_HEIGHT && onlyBar(ink, bar, bottom - 1)) {
      bottom--;
    }
    // A cursor stands out of the text both above and below (a tall letter such as l, which stands
    // out only above the others, is no cursor), in the same columns.
    if (top == rows[0] || bottom == rows[1]) {
      return new int[] {rows[0], rows[1], -1, -1};
    }
    int[] above = ink.span(rows[0], 0, ink.w);
    int[] below = ink.span(rows[1] - 1, 0, ink.w);
    if (above[0] != below[0] || above[1] != below[1]) {
      return new int[] {rows[0], rows[1], -1, -1};
    }
    return new int[] {top, bottom, above[0], above[1]};
  }

  /** Whether row {@code y}'s ink lies in one run of at most 2 columns, all of them bar columns. */
  private static boolean onlyBar(InkColumns ink, boolean[] bar, int y) {
    int first = -1;
    int last = -1;
    for (int x = 0; x < ink.w; x++) {
      if (ink.inked(x, y)) {
        if (!bar[x] || (first >= 0 && x - first >= 2)) {
          return false;
        }
        if (first < 0) {
          first = x;
        }
        last = x;
      }
    }
    return first >= 0 && last - first < 2;
  }

  /**
   * Reads a job's pixels with {@code engine} (thread-safe: touches no state of this object) and
   * returns the lines relative to the unit's top-left corner.
   *
   * @throws dev.deskpilot.perception.OcrException when the engine fails
   */
  public static List<TextLine> recognise(Job job, OcrEngine engine) {
    return recognise(job.pixels(), job.unit().width(), job.unit().height(), job.background(), engine);
  }

  /**
   * What identifies a unit's pixels (size and gray values): two jobs with equal keys read the same.
   */
  public record PixelKey(int width, int height, int hash, byte[] pixels) {
    /** The key of {@code job}'s pixels. */
    public static PixelKey of(Job job) {
      return new PixelKey(job.unit().width(), job.unit().height(), job.hash(), job.pixels());
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof PixelKey k && k.width == width && k.height == height && k.hash == hash
          && Arrays.equals(k.pixels, pixels);
    }

    @Override
    public int hashCode() {
      return (31 * width + height) * 31 + hash;
    }

    @Override
    public String toString() {
      return "PixelKey[" + width + "x" + height + ", hash " + hash + "]";
    }
  }

  /**
   * The lines of {@code job} taken from {@code local}, the reading (relative to its unit) of other
   * pixels equal to the job's in the same frame; counts as a reuse.
   */
  public List<TextLine> reuse(Job job, List<TextLine> local) {
    reuses++;
    return translate(local, job.unit().x(), job.unit().y());
  }

  /** Remembers what a job's pixels read as; returns the lines in frame pixels. */
  public List<TextLine> remember(Job job, List<TextLine> local) {
    reads++;
    remember(new Key(job.unit().width(), job.unit().height(), job.hash()), new Entry(job.pixels(), local));
    return translate(local, job.unit().x(), job.unit().y());
  }

  /**
   * The reading of a unit from the readings of its chunks (in order): a unit of one chunk reads as
   * that chunk; the words of several chunks form one line.
   */
  public static List<TextLine> joined(List<List<TextLine>> chunkLines) {
    if (chunkLines.size() == 1) {
      return chunkLines.getFirst();
    }
    List<Word> words = new ArrayList<>();
    for (List<TextLine> lines : chunkLines) {
      for (TextLine line : lines) {
        words.addAll(line.words());
      }
    }
    return words.isEmpty() ? List.of() : List.of(TextLine.of(words));
  }

  /**
   * Inverts {@code gray} in place when its background (median) is darker than its midtone.
   *
   * @return the background gray after that (the median)
   */
  static int darkOnLight(byte[] gray) {
    int[] hist = new int[256];
    int min = 255;
    int max = 0;
    for (byte b : gray) {
      int v = b & 0xff;
      hist[v]++;
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    int half = gray.length / 2;
    int median = 0;
    for (int seen = 0; median < 256; median++) {
      seen += hist[median];
      if (seen > half) {
        break;
      }
    }
    if (median * 2 < min + max) {
      for (int i = 0; i < gray.length; i++) {
        gray[i] = (byte) (255 - (gray[i] & 0xff));
      }
      return 255 - median;
    }
    return median;
  }

  /**
   * Reads a unit's pixels; boxes relative to the unit's top-left corner. A small unit whose
   * reading is unsure (nothing kept, or a word under {@value #SURE_RESCALE} confidence) is read
   * again at {@value #RESCALE}x, and that reading wins when it is sure (mean confidence {@value
   * #SURE_RESCALE} or more) and surer than the first: lone glyphs and short labels of 9-10 px fonts
   * often read right only at one of the two scales. A longer piece (wider than {@value #SHORT}
   * heights) is read again only when what was kept explains less than half its width at 0.55
   * heights a character (a title bar's white text on a gradient, a faint inactive title): reading
   * a long piece at 3x costs more than the two reads of a short one, and an unsure word among sure
   * ones rarely gains.
   */
  static List<TextLine> recognise(byte[] pixels, int w, int h, int background, OcrEngine engine) {
    InkColumns ink = new InkColumns(pixels, w, h, background);
    int scale = scale(h);
    List<TextLine> first = recognise(pixels, w, h, background, scale, ink, engine);
    if (scale != 2 || !unsure(first) || (w > SHORT * h && 11 * characters(first) * h >= 10 * w)) {
      return first;
    }
    List<TextLine> second = recognise(pixels, w, h, background, RESCALE, ink, engine);
    double sure = confidence(second);
    if (sure >= SURE_RESCALE && sure > confidence(first)) {
      return second;
    }
    // Nothing was kept at 2x: a word-like reading at 3x (faint titles) is better than none.
    return first.isEmpty() && sure >= RESCUE && wordLike(second) ? second : first;
  }

  /**
   * The unit's pixels stretched linearly to its darkest ink at 0 and its background at 255 when their
   * contrast is low (gray text of an inactive title bar, disabled labels), else null (read as they
   * are). Tesseract reads faint text far less surely than the same text at full contrast; the
   * stretch keeps shapes and anti-aliasing in proportion.
   */
  static byte[] fullContrast(byte[] pixels, int background) {
    int darkest = 255;
    for (byte b : pixels) {
      darkest = Math.min(darkest, b & 0xff);
    }
    int range = background - darkest;
    if (range <= 0 || range >= LOW_CONTRAST) {
      return null;
    }
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (byte) Math.clamp(((pixels[i] & 0xff) - darkest) * 255 / range, 0, 255);
    }
    return out;
  }

  /** Whether every word of {@code lines} has at least 4 letters or digits (no icon read as {@code Ele)}). */
  private static boolean wordLike(List<TextLine> lines) {
    return lines.stream().flatMap(l -> l.words().stream())
        .allMatch(w -> w.text().codePoints().filter(Character::isLetterOrDigit).count() >= 4);
  }

  /** Characters read in {@code lines}, a space between words counted as one. */
  private static int characters(List<TextLine> lines) {
    return lines.stream().flatMap(l -> l.words().stream()).mapToInt(w -> w.text().length() + 1).sum();
  }

  private static boolean unsure(List<TextLine> lines) {
    return lines.isEmpty()
        || lines.stream().flatMap(l -> l.words().stream()).anyMatch(word -> word.confidence() < SURE_RESCALE);
  }

  /** Mean confidence of the words, 0 for none. */
  private static double confidence(List<TextLine> lines) {
    return lines.stream().flatMap(l -> l.words().stream()).mapToDouble(Word::confidence).average().orElse(0);
  }

  private static List<TextLine> recognise(
      byte[] pixels, int w, int h, int background, int scale, InkColumns ink, OcrEngine engine) {
    byte[] stretched = fullContrast(pixels, background);
    byte[] big = stretched == null
        ? InkLayout.scaleAndPad(pixels, w, h, scale, BORDER, background)
        : InkLayout.scaleAndPad(stretched, w, h, scale, BORDER, 255);
    int bw = w * scale + 2 * BORDER;
    int bh = h * scale + 2 * BORDER;
    BufferedImage image = new BufferedImage(bw, bh, BufferedImage.TYPE_BYTE_GRAY);
    byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(big, 0, data, 0, data.length);
    List<TextLine> read = engine.read(image);
    List<TextLine> lines = new ArrayList<>();
    for (TextLine line : read) {
      List<Word> words = new ArrayList<>(line.words().size());
      List<Word> raw = line.words();
      for (int i = 0; i < raw.size(); i++) {
        Rect b = raw.get(i).box();
        int left = Math.clamp(Math.floorDiv(b.x() - BORDER, scale), 0, w);
        int top = Math.clamp(Math.floorDiv(b.y() - BORDER, scale), 0, h);
        int right = Math.clamp(Math.ceilDiv(b.right() - BORDER, scale), 0, w);
        int bottom = Math.clamp(Math.ceilDiv(b.bottom() - BORDER, scale), 0, h);
        int floor = i == 0 ? 0 : Math.clamp(Math.ceilDiv(raw.get(i - 1).box().right() - BORDER, scale), 0, w);
        int ceiling = i == raw.size() - 1 ? w : Math.clamp(Math.floorDiv(raw.get(i + 1).box().x() - BORDER, scale), 0, w);
        Rect box = ink.snap(Rect.ofCorners(left, top, right, bottom), floor, ceiling);
        Word word = raw.get(i);
        if (box.width() > 0 && box.height() > 0 && !noise(word.text(), box.height(), word.confidence())) {
          words.add(new Word(oneGlyph(word.text(), box, ink), box, word.confidence()));
        }
      }
      if (!words.isEmpty()) {
        lines.add(TextLine.of(decimalsJoined(words)));
      }
    }
    return List.copyOf(lines);
  }

  /**
   * {@code words} with a number and the decimal part OCR split off it joined again ({@code 348}
   * {@code .50} is {@code 348.50}): in monospaced fonts a full stop stands as far from its
   * neighbours as a narrow space, and a word chunk holds no word space (see {@link #chunks}).
   */
  static List<Word> decimalsJoined(List<Word> words) {
    List<Word> out = new ArrayList<>(words.size());
    for (Word w : words) {
      Word last = out.isEmpty() ? null : out.getLast();
      String t = w.text();
      if (last != null && t.length() >= 2 && (t.charAt(0) == '.' || t.charAt(0) == ',') && Character.isDigit(t.charAt(1))
          && Character.isDigit(last.text().charAt(last.text().length() - 1))) {
        out.set(out.size() - 1, new Word(last.text() + t, last.box().union(w.box()), Math.min(last.confidence(), w.confidence())));
      } else {
        out.add(w);
      }
    }
    return out;
  }

  /** How much a unit {@code h} px high is scaled up for OCR: small UI text more, never down. */
  static int scale(int h) {
    return h < SMALL ? 2 : 1;
  }

  /**
   * The text of a word over a single glyph: the LSTM engine reads a lone letter whose capital and
   * small forms look alike as both ({@code "Cc"}, {@code "oO"}, {@code "Ss"}); when the word's ink
   * is one unbroken run of columns no wider than high, it is one letter, taken as the capital.
   */
  static String oneGlyph(String text, Rect box, InkColumns ink) {
    if (text.length() != 2 || !Character.isLetter(text.charAt(0))
        || Character.toUpperCase(text.charAt(0)) != Character.toUpperCase(text.charAt(1))
        || text.charAt(0) == text.charAt(1) || box.width() > box.height()) {
      return text;
    }
    for (int x = box.x(); x < box.right(); x++) {
      if (!ink.column[x]) {
        return text;
      }
    }
    return String.valueOf(Character.toUpperCase(text.charAt(0)));
  }

  /**
   * Paints over slivers of a neighbour's ink cut by the unit's top or bottom edge: rows of ink at
   * that edge, apart from the rest of the unit's ink by at least one row without ink, no higher than
   * the rest, that go on past the edge ({@code above} and {@code below}: the frame's rows just
   * outside the unit, in its gray scale, nearest last and first; null at the frame's edge) far
   * enough to stand, inside and out, at least half as high as the rest. The descenders of the line
   * above or a block cursor below, in a terminal's tight line spacing, that the ink layout tied to
   * this unit: left in, the unit's pixels, its text band and its word chunks would change with what
   * stands above or below it. A dot or accent of the unit's own text that the unit's box cuts goes
   * on a pixel or two, and stays; so does a line along the edge (ink over half the unit's width: a
   * title bar's border), which may be all that tells where light text on a mid-tone stands.
   *
   * @return whether anything was painted over
   */
  static boolean eraseEdgeSlivers(byte[] pixels, int w, int h, int background, byte[] above, byte[] below) {
    if (h < 3) {
      return false;
    }
    InkColumns ink = new InkColumns(pixels, w, h, background);
    boolean[] inked = new boolean[h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w && !inked[y]; x++) {
        inked[y] = ink.inked(x, y);
      }
    }
    boolean erased = false;
    if (inked[0]) {
      int end = 0;
      while (end < h && inked[end]) {
        end++;
      }
      int next = end;
      while (next < h && !inked[next]) {
        next++;
      }
      int last = h;
      while (last > next && !inked[last - 1]) {
        last--;
      }
      int rest = last - next;
      if (next < h && end <= rest && ink.narrow(0, end) && 2 * (end + ink.goesOn(0, above, true)) >= rest) {
        Arrays.fill(pixels, 0, end * w, (byte) background);
        erased = true;
      }
    }
    if (inked[h - 1]) {
      int start = h;
      while (start > 0 && inked[start - 1]) {
        start--;
      }
      int prev = start;
      while (prev > 0 && !inked[prev - 1]) {
        prev--;
      }
      int first = 0;
      while (first < prev && !inked[first]) {
        first++;
      }
      int rest = prev - first;
      if (prev > 0 && rest > 0 && h - start <= rest && ink.narrow(start, h)
          && 2 * (h - start + ink.goesOn(h - 1, below, false)) >= rest) {
        Arrays.fill(pixels, start * w, h * w, (byte) background);
        erased = true;
      }
    }
    return erased;
  }

  /**
   * Paints over a drop-down arrow (a chevron or triangle pointing down, as menu buttons and combo
   * boxes draw after their label) at the right end of a unit, so that OCR does not read it as a
   * letter ({@code "MS"} with its arrow read as {@code "MSv"}). The arrow is the last run of inked
   * columns when it is wider than high (1.3 to 3 times), lower than the unit's ink, with a wide
   * top and a narrow bottom in its middle.
   *
   * @return whether an arrow was painted over
   */
  static boolean eraseTrailingArrow(byte[] pixels, int w, int h, int background) {
    InkColumns ink = new InkColumns(pixels, w, h, background);
    int r = w;
    while (r > 0 && !ink.column[r - 1]) {
      r--;
    }
    int l = r;
    while (l > 0 && ink.column[l - 1]) {
      l--;
    }
    if (l == r) {
      return false;
    }
    int[] rows = ink.rows(l, r);
    int[] all = ink.rows(0, w);
    int height = rows[1] - rows[0];
    int width = r - l;
    if (height < 3 || width * 10 < height * 13 || width > height * 3 || (l > 0 && height * 10 > (all[1] - all[0]) * 8)) {
      return false;
    }
    int[] top = ink.span(rows[0], l, r);
    int[] bottom = ink.span(rows[1] - 1, l, r);
    boolean wideTop = (top[1] - top[0]) * 10 >= width * 6;
    boolean narrowCentredBottom = (bottom[1] - bottom[0]) * 2 <= width
        && bottom[0] - l >= width / 5 && r - bottom[1] >= width / 5;
    if (!wideTop || !narrowCentredBottom) {
      return false;
    }
    for (int y = 0; y < h; y++) {
      java.util.Arrays.fill(pixels, y * w + l, y * w + r, (byte) background);
    }
    return true;
  }

  /**
   * Where a unit's ink is: pixels darker than its background by at least half its contrast (and
   * at least {@value #MIN_INK}). OCR engines place word boxes loosely (a single digit's box can be
   * half its size), so each word's box is snapped to the ink under it.
   */
  static final class InkColumns {
    static final int MIN_INK = 32;
    private final byte[] pixels;
    private final int w;
    private final int h;
    private final int threshold;
    final boolean[] column;

    InkColumns(byte[] pixels, int w, int h, int background) {
      this.pixels = pixels;
      this.w = w;
      this.h = h;
      int darkest = background;
      for (byte b : pixels) {
        darkest = Math.min(darkest, b & 0xff);
      }
      this.threshold = background - Math.max(MIN_INK, (background - darkest) / 2);
      this.column = new boolean[w];
      for (int y = 0; y < h; y++) {
        int row = y * w;
        for (int x = 0; x < w; x++) {
          if ((pixels[row + x] & 0xff) <= threshold) {
            column[x] = true;
          }
        }
      }
    }

    /**
     * How many rows of {@code outside} (rows of the unit's width next to row {@code y}: nearest last
     * when {@code nearestLast}, else first; null for none) carry on the ink of row {@code y}, each
     * touching the one before.
     */
    int goesOn(int y, byte[] outside, boolean nearestLast) {
      if (outside == null) {
        return 0;
      }
      int rows = outside.length / w;
      int lo = w;
      int hi = -1;
      for (int x = 0; x < w; x++) {
        if (inked(x, y)) {
          lo = Math.min(lo, x);
          hi = x;
        }
      }
      int n = 0;
      while (hi >= 0 && n < rows) {
        int row = (nearestLast ? rows - 1 - n : n) * w;
        int nlo = w;
        int nhi = -1;
        for (int x = Math.max(0, lo - 1); x <= Math.min(w - 1, hi + 1); x++) {
          if ((outside[row + x] & 0xff) <= threshold) {
            nlo = Math.min(nlo, x);
            nhi = x;
          }
        }
        lo = nlo;
        hi = nhi;
        if (hi >= 0) {
          n++;
        }
      }
      return n;
    }

    /** Whether the ink of rows {@code [from, to)} lies within under half the width. */
    boolean narrow(int from, int to) {
      int lo = w;
      int hi = -1;
      for (int y = from; y < to; y++) {
        for (int x = 0; x < w; x++) {
          if (inked(x, y)) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
          }
        }
      }
      return (hi - lo + 1) * 2 < w;
    }

    /** Whether pixel (x, y) is ink. */
    boolean inked(int x, int y) {
      return (pixels[y * w + x] & 0xff) <= threshold;
    }

    /** The first and one past the last row with ink in columns {@code l..r-1}; {0, 0} when none. */
    int[] rows(int l, int r) {
      int top = -1;
      int bottom = 0;
      for (int y = 0; y < h; y++) {
        for (int x = l; x < r; x++) {
          if ((pixels[y * w + x] & 0xff) <= threshold) {
            if (top < 0) {
              top = y;
            }
            bottom = y + 1;
            break;
          }
        }
      }
      return top < 0 ? new int[] {0, 0} : new int[] {top, bottom};
    }

    /** The first and one past the last inked column of row {@code y} within {@code l..r-1}. */
    int[] span(int y, int l, int r) {
      int a = -1;
      int b = l;
      for (int x = l; x < r; x++) {
        if ((pixels[y * w + x] & 0xff) <= threshold) {
          if (a < 0) {
            a = x;
          }
          b = x + 1;
        }
      }
      return a < 0 ? new int[] {l, l} : new int[] {a, b};
    }

    /**
     * {@code box} with its sides moved onto the ink: columns shrunk to the inked ones inside it,
     * then grown over inked columns next to it (not past {@code floor} and {@code ceiling}, the
     * neighbouring words), rows to the inked rows of those columns. A box over no ink is returned
     * as it is.
     */
    Rect snap(Rect box, int floor, int ceiling) {
      int l = box.x();
      int r = box.right();
      while (l < r && !column[l]) {
        l++;
      }
      while (r > l && !column[r - 1]) {
        r--;
      }
      if (l == r) {
        return box;
      }
      while (l > Math.max(0, floor) && column[l - 1]) {
        l--;
      }
      while (r < Math.min(w, ceiling) && column[r]) {
        r++;
      }
      int top = -1;
      int bottom = -1;
      for (int y = 0; y < h; y++) {
        int row = y * w;
        for (int x = l; x < r; x++) {
          if ((pixels[row + x] & 0xff) <= threshold) {
            if (top < 0) {
              top = y;
            }
            bottom = y + 1;
            break;
          }
        }
      }
      return Rect.ofCorners(l, top, r, bottom);
    }
  }

  /**
   * What OCR makes of icons, arrows and borders rather than text: words under {@value
   * #MIN_WORD_HEIGHT} px high (no readable glyph is), very unsure words (confidence under {@value
   * #MIN_CONFIDENCE}), and unsure words (under {@value #SURE}) that are mostly symbols or one or two
   * characters long.
   */
  static boolean noise(String text, int height, float confidence) {
    if (height < MIN_WORD_HEIGHT || confidence < MIN_CONFIDENCE) {
      return true;
    }
    if (confidence >= SURE) {
      return false;
    }
    long alnum = text.codePoints().filter(Character::isLetterOrDigit).count();
    return alnum * 2 < text.codePointCount(0, text.length()) || text.codePointCount(0, text.length()) <= 2;
  }

  private static List<TextLine> translate(List<TextLine> lines, int dx, int dy) {
    List<TextLine> out = new ArrayList<>(lines.size());
    for (TextLine line : lines) {
      List<Word> words = new ArrayList<>(line.words().size());
      for (Word w : line.words()) {
        Rect b = w.box();
        words.add(new Word(w.text(), new Rect(b.x() + dx, b.y() + dy, b.width(), b.height()), w.confidence()));
      }
      out.add(TextLine.of(words));
    }
    return out;
  }

  private void remember(Key key, Entry entry) {
    memory.computeIfAbsent(key, k -> new ArrayList<>(1)).add(entry);
    entries++;
    bytes += entry.pixels().length;
    var it = memory.entrySet().iterator();
    while ((entries > MAX_ENTRIES || bytes > MAX_BYTES) && it.hasNext()) {
      var oldest = it.next();
      if (oldest.getKey().equals(key)) {
        continue;
      }
      for (Entry e : oldest.getValue()) {
        entries--;
        bytes -= e.pixels().length;
      }
      it.remove();
    }
  }
}
