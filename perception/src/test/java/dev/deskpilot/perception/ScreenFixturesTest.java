package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real screens (captured by {@code screens/capture.sh} under Xvfb from xterm, mousepad and
 * galculator) read by real Tesseract: recall of the words known to be on them, and grounding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScreenFixturesTest {
  /**
   * Minimum recall per screen: measured (tesseract 5.3.0, Debian 12) minus a margin. Measured:
   * xterm 1.000, mousepad 1.000, galculator 1.000, desktop 0.948 (dark terminal beside two apps).
   */
  private static final Map<String, Double> MIN_RECALL =
      Map.of("xterm", 0.95, "mousepad", 0.95, "galculator", 0.90, "desktop", 0.90);

  private final TesseractOcr ocr = TesseractOcr.open();
  private final ScreenReader reader = new ScreenReader(ocr);
  private final Grounder grounder = new Grounder();

  @AfterAll
  void close() {
    ocr.close();
  }

  private Observation read(ScreenFixture screen) {
    long t0 = System.nanoTime();
    Observation obs = reader.read(Screenshot.of(screen.image()));
    System.out.printf(
        "screen %s %dx%d: %d words in %d ms (one run; OcrBenchmark prints medians)%n",
        screen.name(),
        screen.image().getWidth(),
        screen.image().getHeight(),
        obs.words().size(),
        (System.nanoTime() - t0) / 1_000_000);
    return obs;
  }

  @ParameterizedTest
  @ValueSource(strings = {"xterm", "mousepad", "galculator", "desktop"})
  void readsTheKnownWordsOfRealScreens(String name) {
    ScreenFixture screen = ScreenFixture.load(name);
    Observation obs = read(screen);
    assertThat(obs.note()).isEmpty();
    for (int i = 1; i < obs.lines().size(); i++) {
      assertThat(obs.lines().get(i).box().y())
          .as("lines in reading order on %s", name)
          .isGreaterThanOrEqualTo(obs.lines().get(i - 1).box().y() - obs.lines().get(i - 1).box().height());
    }
    assertThat(screen.recall(obs.lines()))
        .as("recall on %s; missed %s", name, screen.missed(obs.lines()))
        .isGreaterThanOrEqualTo(MIN_RECALL.get(name));
  }

  @Test
  void groundsMousepadsFileMenuInsideItsMenuBar() {
    ScreenFixture screen = ScreenFixture.load("mousepad");
    Observation obs = read(screen);
    Grounding g = grounder.ground(obs, TextTarget.of("File"));
    assertThat(g).isInstanceOf(Grounding.Found.class);
    Grounding.Found file = (Grounding.Found) g;
    // The menu bar is the top ~25 px of the client area; "File" is its first, leftmost item.
    Rect w = screen.window();
    Rect fileItem = new Rect(w.x(), w.y(), 60, 30);
    assertThat(fileItem.contains(file.point())).as("File at %s, menu item area %s", file.point(), fileItem).isTrue();
    assertThat(file.matched()).isEqualTo("File");
    assertThat(file.confidence()).isGreaterThan(0.5);

    Grounding.Found help = (Grounding.Found) grounder.ground(obs, TextTarget.of("Help"));
    assertThat(help.point().y()).isCloseTo(file.point().y(), org.assertj.core.data.Offset.offset(3));
    assertThat(help.point().x()).isGreaterThan(file.point().x() + 200);

    Grounding.Found phrase = (Grounding.Found) grounder.ground(obs, TextTarget.of("quarterly budget review"));
    assertThat(w.contains(phrase.point())).isTrue();
    assertThat(phrase.point().y()).isGreaterThan(file.point().y());
    assertThat(grounder.contains(obs, "Call the dentist")).isTrue();
    assertThat(grounder.contains(obs, "Saved")).isFalse();
  }

  @Test
  void groundsOnTheBusyDesktopAndReportsAmbiguity() {
    ScreenFixture screen = ScreenFixture.load("desktop");
    Observation obs = read(screen);
    // "Document" is only in mousepad's menu bar (the recorded window).
    Grounding.Found document = (Grounding.Found) grounder.ground(obs, TextTarget.of("Document"));
    assertThat(screen.window().contains(document.point())).isTrue();
    // "Edit" is in both mousepad's and galculator's menus: unique is impossible, nth picks.
    Grounding edit = grounder.ground(obs, TextTarget.of("Edit"));
    assertThat(edit).isInstanceOf(Grounding.Ambiguous.class);
    assertThat(((Grounding.Ambiguous) edit).candidates()).hasSize(2);
    Grounding.Found first = (Grounding.Found) grounder.ground(obs, TextTarget.nth("Edit", 1));
    assertThat(screen.window().contains(first.point())).as("the upper Edit is mousepad's").isTrue();
    // The dark terminal's text is readable and groundable.
    assertThat(grounder.ground(obs, TextTarget.of("job 17 golf"))).isInstanceOf(Grounding.Found.class);
    Grounding missing = grounder.ground(obs, TextTarget.of("Preferences"));
    assertThat(missing).isInstanceOf(Grounding.NotFound.class);
    assertThat(((Grounding.NotFound) missing).nearest()).hasSize(5);
  }

  @Test
  void groundsGalculatorsDisplayAndButtons() {
    ScreenFixture screen = ScreenFixture.load("galculator");
    Observation obs = read(screen);
    Grounding.Found display = (Grounding.Found) grounder.ground(obs, TextTarget.of("271828"));
    Grounding.Found sqrt = (Grounding.Found) grounder.ground(obs, TextTarget.of("sqrt"));
    assertThat(screen.window().contains(display.point())).isTrue();
    assertThat(screen.window().contains(sqrt.point())).isTrue();
    assertThat(sqrt.point().y()).isGreaterThan(display.point().y());
  }
}
