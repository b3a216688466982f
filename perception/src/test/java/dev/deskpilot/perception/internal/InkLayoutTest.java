package dev.deskpilot.perception.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.perception.Rect;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The ink maps updated around changes equal the maps computed from scratch. */
class InkLayoutTest {
  private static BufferedImage corpus(String name) throws IOException {
    try (InputStream in = InkLayoutTest.class.getResourceAsStream("/corpus/" + name + ".png")) {
      return dev.deskpilot.perception.TestImages.rgb(ImageIO.read(in));
    }
  }

  @Test
  void mapsUpdatedAroundRandomChangesEqualMapsComputedFromScratch() throws IOException {
    BufferedImage a = corpus("chooser-1280x800-dark");
    BufferedImage b = corpus("preferences-1280x800-light");
    Random random = new Random(7);
    try (InkLayout incremental = new InkLayout(); Outlines outlines = new Outlines()) {
      BufferedImage frame = a;
      incremental.update(FramePixels.of(frame), null);
      outlines.find(incremental, null);
      for (int step = 0; step < 12; step++) {
        // Paste a random rectangle of the other screen: light over dark, text over text.
        BufferedImage next = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = next.createGraphics();
        g.drawImage(frame, 0, 0, null);
        int w = 20 + random.nextInt(400);
        int h = 10 + random.nextInt(200);
        int x = random.nextInt(frame.getWidth() - w);
        int y = random.nextInt(frame.getHeight() - h);
        g.drawImage(b.getSubimage(x, y, w, h), x + random.nextInt(9) - 4, y, null);
        g.dispose();
        List<Rect> changed = TileDiff.changed(FramePixels.of(frame), FramePixels.of(next), 16);
        incremental.update(FramePixels.of(next), changed);
        try (InkLayout full = new InkLayout()) {
          full.update(FramePixels.of(next), null);
          assertThat(incremental.maskPixels()).as("mask after step %d", step).isEqualTo(full.maskPixels());
          assertThat(incremental.normPixels()).as("norm after step %d", step).isEqualTo(full.normPixels());
          assertThat(incremental.units()).as("units after step %d", step).isEqualTo(full.units());
          assertThat(incremental.marks()).as("marks after step %d", step).isEqualTo(full.marks());
          assertThat(outlines.find(incremental, changed)).as("outlines after step %d", step)
              .isEqualTo(ElementFinder.outlines(full));
        }
        frame = next;
      }
    }
  }

  @Test
  void tileDiffFindsExactlyTheChangedTiles() {
    BufferedImage a = new BufferedImage(100, 60, BufferedImage.TYPE_INT_RGB);
    BufferedImage b = new BufferedImage(100, 60, BufferedImage.TYPE_INT_RGB);
    assertThat(TileDiff.changed(FramePixels.of(a), FramePixels.of(b), 16)).isEmpty();
    b.setRGB(17, 3, 0x123456);
    b.setRGB(99, 59, 1);
    assertThat(TileDiff.changed(FramePixels.of(a), FramePixels.of(b), 16))
        .containsExactly(new Rect(16, 0, 16, 16), new Rect(96, 48, 4, 12));
  }

  @Test
  void unitsAreReadDarkOnLight() {
    byte[] lightOnDark = {10, 10, 10, (byte) 240, 10, 10};
    assertThat(UnitTexts.darkOnLight(lightOnDark)).isEqualTo(245);
    assertThat(lightOnDark[3] & 0xff).isEqualTo(15);
    byte[] darkOnLight = {(byte) 250, (byte) 250, 20, (byte) 250};
    assertThat(UnitTexts.darkOnLight(darkOnLight)).isEqualTo(250);
    assertThat(darkOnLight[2]).isEqualTo((byte) 20);
  }

  @Test
  void lonePunctuationMarksAreReadFromTheirShape() {
    Rect dash = new Rect(100, 50, 6, 1);
    Rect top = new Rect(200, 50, 7, 1);
    Rect bottom = new Rect(200, 53, 7, 1);
    Rect dot = new Rect(300, 50, 2, 2);
    Rect textDot = new Rect(400, 58, 2, 2); // the full stop of a sentence: a word beside it
    Rect word = new Rect(360, 50, 38, 10);
    List<Rect> small = List.of(dash, top, bottom, dot, textDot);
    List<Rect> components = List.of(dash, top, bottom, dot, textDot, word);
    assertThat(InkLayout.marks(small, components)).containsExactly(
        new InkLayout.Mark(dash, "-"), new InkLayout.Mark(top.union(bottom), "="), new InkLayout.Mark(dot, "."));
  }

  @Test
  void aGlyphPieceWithinTheHeightOfTheWordBesideItJoinsIt() {
    // galculator's bold display "1764": the mask cut the "1" into a 14x18 top and a 20x11 foot.
    assertThat(InkLayout.merge(java.util.List.of(new Rect(1014, 419, 14, 18), new Rect(1036, 419, 71, 28), new Rect(1014, 436, 20, 11))))
        .containsExactly(new Rect(1014, 419, 93, 28));
    // A line of another height further off stays apart.
    assertThat(InkLayout.joins(new Rect(0, 0, 30, 10), new Rect(60, 0, 30, 28))).isFalse();
  }

  @Test
  void theFeetOfBoldGlyphsCutOffByTheMaskJoinTheirLine() {
    // galculator's display: "100" in bold, its feet a slice half as high reaching into it.
    assertThat(InkLayout.joins(new Rect(946, 314, 68, 19), new Rect(946, 331, 66, 9))).isTrue();
    // Two lines of a terminal whose descenders and ascenders meet: neither is a slice of the other.
    assertThat(InkLayout.joins(new Rect(41, 563, 110, 21), new Rect(41, 582, 137, 21))).isFalse();
  }

  /** A unit 20x14 px, white, with a word in rows 5-12 and, at row 0-1, columns 6-7, ink from outside. */
  private static byte[] unitWithSliver() {
    byte[] p = new byte[20 * 14];
    java.util.Arrays.fill(p, (byte) 255);
    for (int y = 5; y < 13; y++) {
      for (int x = 3; x < 17; x += 2) {
        p[y * 20 + x] = 0;
      }
    }
    p[6] = p[7] = p[26] = p[27] = 0;
    return p;
  }

  private static byte[] outside(int rows, int inkedFromNearest) {
    byte[] o = new byte[20 * rows];
    java.util.Arrays.fill(o, (byte) 255);
    for (int r = rows - inkedFromNearest; r < rows; r++) {
      o[r * 20 + 6] = 0;
    }
    return o;
  }

  @Test
  void aNeighboursInkCutByTheUnitsEdgeIsPaintedOver() {
    byte[] descender = unitWithSliver();
    assertThat(UnitTexts.eraseEdgeSlivers(descender, 20, 14, 255, outside(14, 10), null)).isTrue();
    assertThat(descender[6] & 0xff).isEqualTo(255);
    assertThat(descender[27] & 0xff).isEqualTo(255);
    assertThat(descender[5 * 20 + 3]).isEqualTo((byte) 0);
  }

  @Test
  void aDotTheUnitsEdgeCutsAndALineAlongTheEdgeStay() {
    byte[] dot = unitWithSliver();
    assertThat(UnitTexts.eraseEdgeSlivers(dot, 20, 14, 255, outside(14, 1), null)).isFalse();
    assertThat(dot[6]).isEqualTo((byte) 0);
    byte[] line = unitWithSliver();
    for (int x = 0; x < 20; x++) {
      line[x] = 0;
    }
    byte[] above = outside(14, 14);
    for (int x = 0; x < 20; x++) {
      above[13 * 20 + x] = 0;
    }
    assertThat(UnitTexts.eraseEdgeSlivers(line, 20, 14, 255, above, null)).isFalse();
    assertThat(line[0]).isEqualTo((byte) 0);
  }

  @Test
  void darkRegionsCountedEqualTheMedianFilters() throws IOException {
    for (String name : List.of("xterm-typed-1280x800-light", "chooser-1920x1080-dark", "preferences-1280x800-light")) {
      FramePixels f = FramePixels.of(corpus(name));
      try (InkLayout ink = new InkLayout()) {
        ink.update(f, null);
        org.bytedeco.opencv.opencv_core.Mat gray = ink.gray();
        org.bytedeco.opencv.opencv_core.Mat median = new org.bytedeco.opencv.opencv_core.Mat();
        org.bytedeco.opencv.global.opencv_imgproc.medianBlur(gray, median, InkLayout.DARK_WINDOW);
        org.bytedeco.opencv.opencv_core.Mat byMedian = new org.bytedeco.opencv.opencv_core.Mat();
        org.bytedeco.opencv.global.opencv_imgproc.threshold(median, byMedian, InkLayout.DARK_THRESHOLD - 1, 255,
            org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY_INV);
        byte[] expected = new byte[f.width() * f.height()];
        byte[] actual = new byte[expected.length];
        ((java.nio.ByteBuffer) byMedian.createBuffer()).get(0, expected);
        ((java.nio.ByteBuffer) InkLayout.dark(gray).createBuffer()).get(0, actual);
        assertThat(actual).as(name).isEqualTo(expected);
        int darkPixels = 0;
        for (byte b : actual) {
          darkPixels += b != 0 ? 1 : 0;
        }
        assertThat(darkPixels).as("dark pixels of %s", name).isPositive();
      }
    }
  }

  /** A white 200x100 frame with "mmm" on baseline 60 and a black bar in columns 30-31 over rows {@code [top, 48)}. */
  private static BufferedImage wordUnderBar(int top) {
    BufferedImage f = new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = f.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, 200, 100);
    g.setColor(java.awt.Color.BLACK);
    g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new java.awt.Font("DejaVu Sans", java.awt.Font.PLAIN, 13));
    g.drawString("mmm", 12, 60);
    g.fillRect(30, top, 2, 48 - top);
    g.dispose();
    return f;
  }

  @Test
  void aUnitsReadingDependsOnTheRowsAroundItThatItsReadingAreaNames() {
    // The unit's box holds the bar's last 2 rows, empty rows, then the word: how far the bar goes
    // on above the box decides whether those 2 rows are a neighbour's sliver (painted over).
    Rect unit = new Rect(10, 46, 60, 16);
    byte[][] pixels = new byte[2][];
    int[] tops = {20, 46};
    for (int i = 0; i < 2; i++) {
      try (InkLayout ink = new InkLayout()) {
        ink.update(FramePixels.of(wordUnderBar(tops[i])), null);
        List<UnitTexts.Job> jobs = new UnitTexts().lookup(ink, unit);
        pixels[i] = jobs.getFirst().pixels();
      }
    }
    // The frames differ only above the unit, within its reading area, and its pixels differ.
    assertThat(pixels[0]).isNotEqualTo(pixels[1]);
    assertThat(unit.intersection(new Rect(0, 20, 200, 26)).area()).isZero();
    assertThat(UnitTexts.readingArea(unit).intersection(new Rect(0, 20, 200, 26)).area()).isPositive();
  }
}
