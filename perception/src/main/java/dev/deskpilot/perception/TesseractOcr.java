package dev.deskpilot.perception;

import dev.deskpilot.perception.internal.GrayBuffer;
import dev.deskpilot.perception.internal.ReadingOrder;
import dev.deskpilot.perception.internal.TessdataLocation;
import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessPageIteratorLevel;
import net.sourceforge.tess4j.ITessAPI.TessPageSegMode;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
import net.sourceforge.tess4j.TessAPI;

/**
 * Tesseract OCR through tess4j's low-level C API (the system's {@code libtesseract.so.5}).
 *
 * <p>Images go to Tesseract as a raw 8-bit gray buffer (tess4j's {@code BufferedImage} path needs a
 * newer leptonica than Debian 12 has). Words come from a result iterator with their confidence and
 * box; a new line starts where Tesseract starts a text line, and lines are returned in reading
 * order (top to bottom, left to right within a row). Blank words are dropped, and so are
 * words that are both very unsure (confidence under {@value #GARBAGE_CONFIDENCE}) and free of
 * letters and digits (window borders, icons and rules read as {@code |}, {@code —}, {@code ~}).
 *
 * <p>Tuned for screens (numbers in the perception README, measured on real captured screens):
 *
 * <ul>
 *   <li>Page segmentation {@code PSM_SPARSE_TEXT} ("as much text as possible, in no particular
 *       order"): it read every known word of the galculator screen where {@code PSM_AUTO} read 75%
 *       (auto layout treats button grids and short labels as non-text), and 95% of the busy
 *       desktop where {@code PSM_AUTO} read 69%.
 *   <li>Local (Sauvola) thresholding instead of one global Otsu threshold, which cut small UI
 *       words apart on a dark desktop with a light window.
 *   <li>Dark regions inverted first, so light-on-dark text (terminals, dark themes) is read as
 *       dark-on-light.
 * </ul>
 *
 * <p>Libtesseract uses OpenMP: set {@code OMP_THREAD_LIMIT=1} in the environment before the JVM
 * starts, or each frame takes several times longer on small machines. One engine serves one thread
 * at a time (calls are serialised); open one per thread for parallel reading. Close it to free the
 * native engine.
 */
public final class TesseractOcr implements OcrEngine {
  /** Words under this confidence (0..100) with no letter or digit are dropped as noise. */
  static final float GARBAGE_CONFIDENCE = 40f;

  /** Smaller images cannot hold readable text; Tesseract refuses images under 3 pixels. */
  private static final int MIN_SIDE = 3;

  /** Leptonica's and Tesseract's limit on either side of an image. */
  private static final int MAX_SIDE = 32767;

  /**
   * Screens are ~96 dpi (without a resolution Tesseract warns about 0 dpi on every raw buffer), and
   * are thresholded locally (Sauvola): a global Otsu threshold over a dark desktop with a light
   * window cut small UI words apart.
   */
  static final Map<String, String> SCREEN_VARIABLES =
      Map.of("user_defined_dpi", "96", "thresholding_method", "2", "debug_file", "/dev/null");

  /**
   * Light text on dark regions (terminals, dark themes) is inverted before OCR: a pixel whose 41x41
   * neighbourhood averages under 90 of 255 gray. On the busy desktop fixture this lifted recall from
   * 0.80 to 0.95 and changed nothing on the light screens. The threshold sits well under mid-gray:
   * at 128, light windows next to the black desktop were inverted along their edges and lost their
   * first letters.
   */
  static final int DARK_RADIUS = 20;

  static final int DARK_THRESHOLD = 90;

  private final TessAPI api;
  private final String description;
  private final GrayBuffer gray;
  private final IntBuffer left = IntBuffer.allocate(1);
  private final IntBuffer top = IntBuffer.allocate(1);
  private final IntBuffer right = IntBuffer.allocate(1);
  private final IntBuffer bottom = IntBuffer.allocate(1);
  private TessBaseAPI handle;

  private TesseractOcr(TessAPI api, TessBaseAPI handle, String description, boolean lightenDark) {
    this.api = api;
    this.gray = lightenDark ? new GrayBuffer(DARK_RADIUS, DARK_THRESHOLD) : new GrayBuffer();
    this.handle = handle;
    this.description = description;
  }

  /**
   * Opens English OCR with the tessdata directory found from {@code TESSDATA_PREFIX}, else
   * {@code /usr/share/tesseract-ocr/5/tessdata}, else {@code /usr/share/tesseract-ocr/4.00/tessdata}.
   *
   * @throws OcrException when no directory holds {@code eng.traineddata} (the message lists the
   *     directories tried) or when libtesseract cannot be loaded or initialised
   */
  public static TesseractOcr open() {
    return open(TessdataLocation.find("eng", System::getenv), "eng");
  }

  /**
   * Opens OCR with the given trained data.
   *
   * @param tessdata a directory holding {@code <lang>.traineddata}
   * @param lang a Tesseract language code such as {@code eng}, or several joined by {@code +}
   * @throws IllegalArgumentException when {@code lang} is blank
   * @throws OcrException when a language's data is missing there or libtesseract fails to load or
   *     initialise
   */
  public static TesseractOcr open(Path tessdata, String lang) {
    return open(tessdata, lang, TessPageSegMode.PSM_SPARSE_TEXT, SCREEN_VARIABLES, true);
  }

  /**
   * As {@link #open(Path, String)} with a page segmentation mode, Tesseract variables and dark-region
   * inversion chosen instead of the defaults (for measurements).
   */
  static TesseractOcr open(
      Path tessdata, String lang, int pageSegMode, Map<String, String> variables, boolean lightenDark) {
    if (lang == null || lang.isBlank()) {
      throw new IllegalArgumentException("OCR language must not be blank, was '" + lang + "'");
    }
    for (String one : lang.split("\\+")) {
      if (!Files.isRegularFile(tessdata.resolve(one + ".traineddata"))) {
        throw new OcrException(
            "tessdata for '" + one + "' not found in [" + tessdata + "]: install tesseract-ocr-" + one);
      }
    }
    TessAPI api;
    try {
      api = TessAPI.INSTANCE;
    } catch (LinkageError e) {
      throw new OcrException("cannot load libtesseract through tess4j: install tesseract-ocr", e);
    }
    TessBaseAPI handle = api.TessBaseAPICreate();
    if (handle == null) {
      throw new OcrException("TessBaseAPICreate returned no engine");
    }
    if (api.TessBaseAPIInit3(handle, tessdata.toString(), lang) != 0) {
      api.TessBaseAPIDelete(handle);
      throw new OcrException("Tesseract could not initialise '" + lang + "' from " + tessdata);
    }
    api.TessBaseAPISetPageSegMode(handle, pageSegMode);
    for (Map.Entry<String, String> v : variables.entrySet()) {
      if (api.TessBaseAPISetVariable(handle, v.getKey(), v.getValue()) == 0) {
        api.TessBaseAPIEnd(handle);
        api.TessBaseAPIDelete(handle);
        throw new OcrException("Tesseract has no variable " + v.getKey() + " (setting it to " + v.getValue() + ")");
      }
    }
    return new TesseractOcr(
        api, handle, "tesseract " + api.TessVersion() + " " + lang + " from " + tessdata, lightenDark);
  }

  @Override
  public synchronized List<TextLine> read(BufferedImage image) {
    if (handle == null) {
      throw new IllegalStateException("TesseractOcr is closed");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    if (w < MIN_SIDE || h < MIN_SIDE) {
      return List.of();
    }
    if (w > MAX_SIDE || h > MAX_SIDE) {
      throw new OcrException("image " + w + "x" + h + " exceeds Tesseract's " + MAX_SIDE + " pixel limit");
    }
    ByteBuffer pixels = gray.fill(image);
    try {
      api.TessBaseAPISetImage(handle, pixels, w, h, 1, w);
      if (api.TessBaseAPIRecognize(handle, null) != 0) {
        throw new OcrException("Tesseract failed to recognise a " + w + "x" + h + " image");
      }
      return collectLines();
    } finally {
      api.TessBaseAPIClear(handle);
    }
  }

  private List<TextLine> collectLines() {
    TessResultIterator words = api.TessBaseAPIGetIterator(handle);
    if (words == null) {
      return List.of();
    }
    List<TextLine> lines = new ArrayList<>();
    List<Word> line = new ArrayList<>();
    try {
      TessPageIterator page = api.TessResultIteratorGetPageIterator(words);
      api.TessPageIteratorBegin(page);
      do {
        if (api.TessPageIteratorIsAtBeginningOf(page, TessPageIteratorLevel.RIL_TEXTLINE) != 0
            && !line.isEmpty()) {
          lines.add(TextLine.of(line));
          line = new ArrayList<>();
        }
        Word word = currentWord(words, page);
        if (word != null) {
          line.add(word);
        }
      } while (api.TessPageIteratorNext(page, TessPageIteratorLevel.RIL_WORD) != 0);
    } finally {
      api.TessResultIteratorDelete(words);
    }
    if (!line.isEmpty()) {
      lines.add(TextLine.of(line));
    }
    // Sparse-text segmentation returns blocks in no particular order.
    return ReadingOrder.sort(lines, TextLine::box);
  }

  private Word currentWord(TessResultIterator words, TessPageIterator page) {
    Pointer utf8 = api.TessResultIteratorGetUTF8Text(words, TessPageIteratorLevel.RIL_WORD);
    if (utf8 == null) {
      return null;
    }
    String text;
    try {
      text = utf8.getString(0, StandardCharsets.UTF_8.name()).strip();
    } finally {
      api.TessDeleteText(utf8);
    }
    float confidence = api.TessResultIteratorConfidence(words, TessPageIteratorLevel.RIL_WORD);
    if (text.isEmpty() || isGarbage(text, confidence)) {
      return null;
    }
    if (api.TessPageIteratorBoundingBox(page, TessPageIteratorLevel.RIL_WORD, left, top, right, bottom) == 0) {
      return null;
    }
    Rect box = Rect.ofCorners(left.get(0), top.get(0), right.get(0), bottom.get(0));
    return new Word(text, box, Math.clamp(confidence, 0f, 100f));
  }

  static boolean isGarbage(String text, float confidence) {
    return confidence < GARBAGE_CONFIDENCE && text.codePoints().noneMatch(Character::isLetterOrDigit);
  }

  /** Ends and frees the native engine; later reads throw {@link IllegalStateException}. Idempotent. */
  @Override
  public synchronized void close() {
    if (handle != null) {
      api.TessBaseAPIEnd(handle);
      api.TessBaseAPIDelete(handle);
      handle = null;
    }
  }

  @Override
  public String toString() {
    return "TesseractOcr[" + description + (handle == null ? ", closed]" : "]");
  }
}
