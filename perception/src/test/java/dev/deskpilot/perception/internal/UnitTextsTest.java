package dev.deskpilot.perception.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.perception.Rect;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UnitTextsTest {
  /** A w x h unit of background 240 with dark blocks (x, y, w, h) of gray 40. */
  private static byte[] unit(int w, int h, int[]... blocks) {
    byte[] px = new byte[w * h];
    Arrays.fill(px, (byte) 240);
    for (int[] b : blocks) {
      for (int y = b[1]; y < b[1] + b[3]; y++) {
        for (int x = b[0]; x < b[0] + b[2]; x++) {
          px[y * w + x] = (byte) 40;
        }
      }
    }
    return px;
  }

  @Test
  void aLooseWordBoxSnapsOntoTheInkUnderIt() {
    // One glyph at columns 3..9, rows 2..10; the engine placed its box half inside it.
    UnitTexts.InkColumns ink = new UnitTexts.InkColumns(unit(20, 12, new int[] {3, 2, 7, 9}), 20, 12, 240);
    assertThat(ink.snap(new Rect(5, 4, 2, 2), 0, 20)).isEqualTo(new Rect(3, 2, 7, 9));
  }

  @Test
  void snappingStopsAtTheNeighbouringWordsAndKeepsBoxesOverNoInk() {
    // Two words touching at column 10: the first word's box may not grow into the second's.
    UnitTexts.InkColumns ink =
        new UnitTexts.InkColumns(unit(24, 12, new int[] {2, 3, 8, 6}, new int[] {10, 1, 8, 9}), 24, 12, 240);
    assertThat(ink.snap(new Rect(4, 3, 3, 3), 0, 10)).isEqualTo(new Rect(2, 3, 8, 6));
    assertThat(ink.snap(new Rect(12, 0, 2, 2), 10, 24)).isEqualTo(new Rect(10, 1, 8, 9));
    assertThat(ink.snap(new Rect(20, 0, 3, 5), 18, 24)).isEqualTo(new Rect(20, 0, 3, 5));
  }

  @Test
  void faintTextCountsAsInkByItsOwnContrast() {
    // Greyed-out (insensitive) text: 70 gray levels under its background.
    byte[] px = unit(10, 10);
    for (int y = 2; y < 8; y++) {
      px[y * 10 + 4] = (byte) 170;
    }
    UnitTexts.InkColumns ink = new UnitTexts.InkColumns(px, 10, 10, 240);
    assertThat(ink.snap(new Rect(0, 0, 10, 10), 0, 10)).isEqualTo(new Rect(4, 2, 1, 6));
  }

  /** A w x h unit of background 240 with a chevron (a V, {@code size} px wide) whose left is at x. */
  private static void chevron(byte[] px, int w, int x, int y, int size) {
    for (int i = 0; i < size / 2; i++) {
      px[(y + i) * w + x + i] = (byte) 40;
      px[(y + i) * w + x + i + 1] = (byte) 40;
      px[(y + i) * w + x + size - 1 - i] = (byte) 40;
      px[(y + i) * w + x + size - 2 - i] = (byte) 40;
    }
  }

  @Test
  void aDropDownArrowAfterALabelIsPaintedOver() {
    // "MS" as two 6x9 blocks, then a 10 px wide chevron 5 px high.
    byte[] px = unit(36, 11, new int[] {1, 1, 6, 9}, new int[] {9, 1, 6, 9});
    chevron(px, 36, 22, 4, 10);
    assertThat(UnitTexts.eraseTrailingArrow(px, 36, 11, 240)).isTrue();
    UnitTexts.InkColumns left = new UnitTexts.InkColumns(px, 36, 11, 240);
    assertThat(left.snap(new Rect(0, 0, 36, 11), 0, 36)).isEqualTo(new Rect(1, 1, 14, 9));
  }

  @Test
  void lettersAndBlocksAreNotArrows() {
    // A last glyph as high as the label (a 'V' of the word), and a square block.
    byte[] tall = unit(30, 12, new int[] {1, 1, 6, 10});
    for (int i = 0; i < 10; i++) {
      tall[(1 + i) * 30 + 10 + i / 2] = (byte) 40;
      tall[(1 + i) * 30 + 19 - i / 2] = (byte) 40;
    }
    assertThat(UnitTexts.eraseTrailingArrow(tall, 30, 12, 240)).isFalse();
    assertThat(UnitTexts.eraseTrailingArrow(unit(20, 12, new int[] {2, 2, 6, 6}, new int[] {10, 4, 8, 4}), 20, 12, 240)).isFalse();
  }

  @Test
  void aLoneLetterReadInBothCasesIsOneCapital() {
    byte[] c = unit(12, 11, new int[] {2, 1, 2, 9}, new int[] {4, 1, 5, 2}, new int[] {4, 8, 5, 2});
    UnitTexts.InkColumns ink = new UnitTexts.InkColumns(c, 12, 11, 240);
    Rect box = ink.snap(new Rect(0, 0, 12, 11), 0, 12);
    assertThat(UnitTexts.oneGlyph("Cc", box, ink)).isEqualTo("C");
    assertThat(UnitTexts.oneGlyph("oO", box, ink)).isEqualTo("O");
    assertThat(UnitTexts.oneGlyph("AC", box, ink)).isEqualTo("AC");
    // Two glyphs (a gap between them) stay two letters.
    byte[] two = unit(20, 11, new int[] {1, 1, 7, 9}, new int[] {10, 3, 6, 7});
    UnitTexts.InkColumns ink2 = new UnitTexts.InkColumns(two, 20, 11, 240);
    assertThat(UnitTexts.oneGlyph("Oo", new Rect(1, 1, 15, 9), ink2)).isEqualTo("Oo");
  }

  @Test
  void faintTextIsStretchedToFullContrastAndClearTextIsLeftAsItIs() {
    byte[] faint = {(byte) 220, (byte) 220, (byte) 140, (byte) 180};
    byte[] stretched = UnitTexts.fullContrast(faint, 220);
    assertThat(stretched).containsExactly((byte) 255, (byte) 255, (byte) 0, (byte) 127);
    assertThat(UnitTexts.fullContrast(new byte[] {(byte) 250, 10}, 250)).as("contrast 240 is read as it is").isNull();
    assertThat(UnitTexts.fullContrast(new byte[] {(byte) 200, (byte) 200}, 200)).as("no ink").isNull();
  }

  @Test
  void unitsAreCutIntoWordChunksAtWordSpaces() {
    // Letters 4 px wide 1 px apart, ink 10 px high: word spaces are 7 px, a comma 2 px wide stands
    // 5 px after the second word.
    byte[] px = unit(80, 14,
        new int[] {2, 2, 4, 10}, new int[] {7, 2, 4, 10}, new int[] {12, 2, 4, 10}, new int[] {17, 2, 4, 10},
        new int[] {28, 2, 4, 10}, new int[] {33, 2, 4, 10}, new int[] {38, 2, 4, 10},
        new int[] {47, 8, 2, 4},
        new int[] {56, 2, 4, 10}, new int[] {61, 2, 4, 10}, new int[] {66, 2, 4, 10}, new int[] {71, 2, 4, 10});
    UnitTexts.Chunks chunks = UnitTexts.chunks(px, 80, 14, 240);
    assertThat(chunks.columns())
        .containsExactly(new int[] {0, 23, 2, 21, 0}, new int[] {26, 51, 28, 49, 0}, new int[] {54, 77, 56, 75, 0});
    assertThat(chunks.top()).isEqualTo(1);
    assertThat(chunks.bottom()).isEqualTo(13);
  }

  @Test
  void aLoneNarrowFirstGlyphStaysWithTheNextWordAndCloseLettersStayTogether() {
    byte[] px = unit(60, 14, new int[] {2, 2, 3, 10},
        new int[] {12, 2, 4, 10}, new int[] {17, 2, 4, 10}, new int[] {22, 2, 4, 10}, new int[] {27, 2, 4, 10});
    assertThat(UnitTexts.chunks(px, 60, 14, 240).columns()).as("one chunk: the whole unit")
        .containsExactly(new int[] {0, 60, 0, 60, 0});
    byte[] word = unit(40, 14, new int[] {2, 2, 4, 10}, new int[] {9, 2, 4, 10}, new int[] {16, 2, 4, 10});
    assertThat(UnitTexts.chunks(word, 40, 14, 240).columns()).as("3 px letter gaps are no word space")
        .containsExactly(new int[] {0, 40, 0, 40, 0});
    // "348.50" in a monospaced font: a wide gap before the full stop, none is a word space.
    byte[] number = unit(60, 14, new int[] {2, 2, 4, 10}, new int[] {7, 2, 4, 10}, new int[] {12, 2, 4, 10},
        new int[] {22, 10, 2, 2}, new int[] {28, 2, 4, 10}, new int[] {33, 2, 4, 10});
    assertThat(UnitTexts.chunks(number, 60, 14, 240).columns()).containsExactly(new int[] {0, 60, 0, 60, 0});
  }

  @Test
  void aTextCursorIsNoPartOfTheLinesHeight() {
    int[][] text = {{5, 3, 4, 9}, {10, 3, 4, 11}, {20, 3, 4, 9}};
    byte[] plain = unit(40, 16, text);
    byte[] withCursor = unit(40, 16, text);
    for (int y = 0; y < 16; y++) {
      withCursor[y * 40 + 1] = (byte) 40;
    }
    int[] band = UnitTexts.textBand(new UnitTexts.InkColumns(plain, 40, 16, 240));
    assertThat(band).containsExactly(3, 14, -1, -1);
    assertThat(UnitTexts.textBand(new UnitTexts.InkColumns(withCursor, 40, 16, 240))).containsExactly(3, 14, 1, 2);
    // A tall first letter (l) stands out above the others only: no cursor, the band keeps it.
    byte[] tallFirst = unit(40, 16, new int[] {5, 1, 2, 13}, new int[] {10, 5, 4, 9}, new int[] {15, 5, 4, 9});
    assertThat(UnitTexts.textBand(new UnitTexts.InkColumns(tallFirst, 40, 16, 240))).containsExactly(1, 14, -1, -1);
  }

  @Test
  void aTextCursorBesideAWordIsAChunkOfItsOwnAndTheWordKeepsItsPixels() {
    // Two words; the cursor 2 px before the first one, taller than the text.
    int[][] text = {{4, 3, 4, 9}, {9, 3, 4, 11}, {14, 3, 4, 9}, {19, 3, 4, 9},
        {29, 3, 4, 9}, {34, 3, 4, 9}, {39, 3, 4, 9}, {44, 3, 4, 9}};
    byte[] withCursor = unit(56, 16, text);
    for (int y = 0; y < 16; y++) {
      withCursor[y * 56 + 1] = (byte) 40;
    }
    UnitTexts.Chunks chunks = UnitTexts.chunks(withCursor, 56, 16, 240);
    assertThat(chunks.columns())
        .containsExactly(new int[] {-1, 4, 1, 2, 1}, new int[] {2, 25, 4, 23, 0}, new int[] {27, 50, 29, 48, 0});
    UnitTexts.Chunks without = UnitTexts.chunks(unit(56, 16, text), 56, 16, 240);
    assertThat(without.columns()).containsExactly(new int[] {2, 25, 4, 23, 0}, new int[] {27, 50, 29, 48, 0});
    assertThat(without.top()).isEqualTo(chunks.top());
    assertThat(without.bottom()).isEqualTo(chunks.bottom());
  }

  @Test
  void aNumberAndItsDecimalPartReadApartAreOneWord() {
    var joined = UnitTexts.decimalsJoined(java.util.List.of(
        new dev.deskpilot.perception.Word("348", new Rect(0, 0, 25, 11), 83),
        new dev.deskpilot.perception.Word(".50", new Rect(30, 0, 22, 11), 81),
        new dev.deskpilot.perception.Word("EUR", new Rect(60, 0, 25, 11), 90)));
    assertThat(joined).extracting(dev.deskpilot.perception.Word::text).containsExactly("348.50", "EUR");
    assertThat(joined.getFirst().box()).isEqualTo(new Rect(0, 0, 52, 11));
    assertThat(UnitTexts.decimalsJoined(java.util.List.of(
        new dev.deskpilot.perception.Word("Total", new Rect(0, 0, 25, 11), 83),
        new dev.deskpilot.perception.Word(".50", new Rect(30, 0, 22, 11), 81))))
        .extracting(dev.deskpilot.perception.Word::text).containsExactly("Total", ".50");
  }
}
