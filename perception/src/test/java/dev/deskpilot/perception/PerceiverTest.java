package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The perceiver on real captured screens with real Tesseract: incremental reads equal full reads of
 * the same frame, change reports, recall, and bad input.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PerceiverTest {
  private final Perceiver incremental = Perceiver.open();

  @AfterAll
  void close() {
    incremental.close();
  }

  static BufferedImage copy(BufferedImage src) {
    return TestImages.rgb(src);
  }

  /** {@code base} with {@code text} typed at (x, baseline) in a UI-sized font. */
  static BufferedImage typed(BufferedImage base, int x, int baseline, String text, Color ink, Color bg) {
    BufferedImage out = copy(base);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    Font font = new Font("DejaVu Sans", Font.PLAIN, 13);
    g.setFont(font);
    var bounds = font.getStringBounds(text, g.getFontRenderContext());
    g.setColor(bg);
    g.fillRect(x - 2, baseline - 14, (int) bounds.getWidth() + 4, 19);
    g.setColor(ink);
    g.drawString(text, x, baseline);
    g.dispose();
    return out;
  }

  /** {@code base} with a rectangle of {@code from} pasted at (x, y): a popup over the screen. */
  static BufferedImage pasted(BufferedImage base, BufferedImage from, Rect part, int x, int y) {
    BufferedImage out = copy(base);
    Graphics2D g = out.createGraphics();
    g.drawImage(from.getSubimage(part.x(), part.y(), part.width(), part.height()), x, y, null);
    g.dispose();
    return out;
  }

  private static void assertSameReading(Observation a, Observation b) {
    assertThat(a.lines()).as("lines").isEqualTo(b.lines());
    assertThat(a.elements().stream().map(e -> e.role() + "|" + e.label() + "|" + e.box()).toList())
        .as("elements")
        .isEqualTo(b.elements().stream().map(e -> e.role() + "|" + e.label() + "|" + e.box()).toList());
    assertThat(a.note()).isEqualTo(b.note());
  }

  private static Observation fullRead(BufferedImage frame) {
    try (Perceiver fresh = Perceiver.open()) {
      return fresh.perceive(Screenshot.of(frame));
    }
  }

  @Test
  void incrementalReadsEqualFullReadsOfTheSameFrames() {
    BufferedImage pad = copy(ScreenFixture.load("mousepad").image());
    BufferedImage desk = copy(ScreenFixture.load("desktop").image());
    BufferedImage galc = copy(ScreenFixture.load("galculator").image());
    List<BufferedImage> frames = List.of(
        pad,
        typed(pad, 203, 254, "Pick up the parcel", Color.BLACK, Color.WHITE),        // a line typed
        typed(pad, 203, 254, "Pick up the parcels today", Color.BLACK, Color.WHITE), // a word more
        pasted(pad, galc, new Rect(300, 200, 260, 300), 260, 160),                    // a popup over text
        pad,                                                                          // popup closed
        desk,                                                                         // another screen
        typed(desk, 30, 300, "job 42 zulu  done", new Color(0xd8d8d8), new Color(0x1e1e1e)), // dark terminal
        typed(desk, 1075, 150, "Best wishes", Color.BLACK, Color.WHITE));             // near a window edge
    incremental.reset();
    for (int i = 0; i < frames.size(); i++) {
      Observation step = incremental.perceive(Screenshot.of(frames.get(i)));
      Observation full = fullRead(frames.get(i));
      assertSameReading(step, full);
      if (i == 1 || i == 2 || i == 6 || i == 7) {
        assertThat(step.change().kind()).as("frame %d", i).isEqualTo(ScreenChange.Kind.CHANGED);
        assertThat(step.change().unitsReused()).as("frame %d reuses unchanged units", i).isGreaterThan(step.change().unitsRead());
        assertThat(step.change().changedFraction()).as("frame %d", i).isLessThan(0.05);
      }
    }
  }

  @Test
  void incrementalReadsEqualFullReadsOnRealScreenSequences() throws java.io.IOException {
    List<String> sequence = List.of("mousepad-1280x800-dark", "mousepad-typed-1280x800-dark",
        "mousepad-menu-1280x800-dark", "xterm-1280x800-light", "xterm-typed-1280x800-light");
    incremental.reset();
    for (String name : sequence) {
      BufferedImage frame;
      try (var in = PerceiverTest.class.getResourceAsStream("/corpus/" + name + ".png")) {
        frame = copy(javax.imageio.ImageIO.read(in));
      }
      Observation step = incremental.perceive(Screenshot.of(frame));
      assertSameReading(step, fullRead(frame));
      if (name.contains("typed")) {
        assertThat(step.change().unitsReused()).as(name).isGreaterThan(step.change().unitsRead());
      }
    }
  }

  @Test
  void reportsTheTextThatAppearedAndNothingWhenNothingChanged() {
    BufferedImage pad = copy(ScreenFixture.load("mousepad").image());
    incremental.reset();
    Observation first = incremental.perceive(Screenshot.of(pad));
    assertThat(first.change().kind()).isEqualTo(ScreenChange.Kind.NOT_COMPARED);

    Observation same = incremental.perceive(Screenshot.of(copy(pad)));
    assertThat(same.change().nothingChanged()).isTrue();
    assertThat(same.change().summary()).isEqualTo("nothing changed on screen");
    assertThat(same.lines()).isEqualTo(first.lines());
    assertThat(same.elements()).isEqualTo(first.elements());

    Observation typed = incremental.perceive(Screenshot.of(typed(pad, 210, 290, "Invoice sent", Color.BLACK, Color.WHITE)));
    assertThat(typed.change().kind()).isEqualTo(ScreenChange.Kind.CHANGED);
    assertThat(typed.change().textAppeared()).contains("Invoice sent");
    assertThat(typed.change().summary()).contains("new text \"Invoice sent\"");
    assertThat(new Grounder().contains(typed, "Invoice sent")).isTrue();
    // Elements that stayed keep their ids.
    for (UiElement e : first.elements()) {
      if (e.box().bottom() < 230) {
        assertThat(typed.element(e.id())).as("element %s", e).isEqualTo(e);
      }
    }
  }

  @Test
  void readsTheKnownWordsOfRealScreens() {
    for (String name : ScreenFixture.NAMES) {
      ScreenFixture screen = ScreenFixture.load(name);
      incremental.reset();
      Observation obs = incremental.perceive(Screenshot.of(screen.image()));
      assertThat(screen.recall(obs.lines())).as("recall on %s; missed %s", name, screen.missed(obs.lines()))
          .isGreaterThanOrEqualTo(0.9);
    }
  }

  @Test
  void typingAWordIntoALineReadsThatWordAndNotTheLine() {
    BufferedImage pad = copy(ScreenFixture.load("mousepad").image());
    incremental.reset();
    incremental.perceive(Screenshot.of(typed(pad, 203, 254, "Pick up the parcel from reception", Color.BLACK, Color.WHITE)));
    Observation more = incremental.perceive(
        Screenshot.of(typed(pad, 203, 254, "Pick up the parcel from reception today", Color.BLACK, Color.WHITE)));
    assertThat(more.lines()).extracting(TextLine::text).contains("Pick up the parcel from reception today");
    assertThat(more.change().unitsRead()).as("chunks read by OCR: the new word").isEqualTo(1);
    assertSameReading(more, fullRead(typed(pad, 203, 254, "Pick up the parcel from reception today", Color.BLACK, Color.WHITE)));
  }

  @Test
  void unitsWithTheSamePixelsInOneFrameAreReadOnce() {
    BufferedImage blank = new BufferedImage(800, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = blank.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 800, 300);
    g.dispose();
    BufferedImage twice = typed(typed(blank, 60, 100, "Save changes", Color.BLACK, Color.WHITE),
        460, 200, "Save changes", Color.BLACK, Color.WHITE);
    incremental.reset();
    Observation obs = incremental.perceive(Screenshot.of(twice));
    assertThat(obs.lines()).extracting(TextLine::text).containsExactly("Save changes", "Save changes");
    assertThat(obs.lines().get(1).box().x() - obs.lines().get(0).box().x()).isEqualTo(400);
    assertThat(obs.lines().get(1).box().y() - obs.lines().get(0).box().y()).isEqualTo(100);
    // Whether "Save changes" is one chunk or two, the second is taken from the first.
    assertThat(obs.change().unitsRead()).as("chunks read by OCR").isBetween(1, 2);
    assertThat(obs.change().unitsReused()).as("chunks taken from the same frame").isEqualTo(obs.change().unitsRead());
  }

  @Test
  void badImagesGiveAnEmptyObservationThatSaysWhy() {
    assertThat(incremental.perceive(Screenshot.of(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB))).note())
        .contains("too small");
    Observation black = incremental.perceive(Screenshot.of(new BufferedImage(1920, 1080, BufferedImage.TYPE_INT_RGB)));
    assertThat(black.lines()).isEmpty();
    assertThat(black.note()).isEqualTo("blank image: every pixel is #000000");
    BufferedImage huge = new BufferedImage(7681, 4320, BufferedImage.TYPE_BYTE_GRAY);
    huge.getRaster().setSample(5, 5, 0, 255);
    assertThat(incremental.perceive(Screenshot.of(huge)).note()).contains("larger than 8K");
  }

  @Test
  void aFailingEngineGivesANoteNotAnException() {
    OcrEngine broken = new OcrEngine() {
      @Override
      public List<TextLine> read(BufferedImage image) {
        throw new OcrException("engine gone");
      }

      @Override
      public void close() {}
    };
    try (Perceiver p = Perceiver.using(broken)) {
      Observation obs = p.perceive(Screenshot.of(ScreenFixture.load("mousepad").image()));
      assertThat(obs.note()).isEqualTo("OCR failed: engine gone");
      // Only what needs no OCR: lone punctuation marks read from their shape.
      assertThat(obs.lines()).allMatch(l -> l.text().matches("[-=.]"));
    }
  }
}
