package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrounderTest {
  private final Grounder grounder = new Grounder();

  /** Builds an observation from rows of words; each word is 10 px per letter wide, 20 px tall. */
  private static Observation screen(String... rows) {
    List<TextLine> lines = new ArrayList<>();
    for (int r = 0; r < rows.length; r++) {
      List<Word> words = new ArrayList<>();
      int x = 10;
      for (String text : rows[r].split(" +")) {
        words.add(new Word(text, new Rect(x, 10 + r * 40, text.length() * 10, 20), 90f));
        x += text.length() * 10 + 10;
      }
      lines.add(TextLine.of(words));
    }
    return new Observation(
        Screenshot.of(new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB)), lines, List.of(), "");
  }

  @Test
  void exactWordIsFoundAtTheCentreOfItsBox() {
    Observation obs = screen("File Edit View Help", "Shopping list");
    Grounding g = grounder.ground(obs, TextTarget.of("edit"));
    assertThat(g).isInstanceOf(Grounding.Found.class);
    Grounding.Found f = (Grounding.Found) g;
    assertThat(f.box()).isEqualTo(new Rect(60, 10, 40, 20));
    assertThat(f.point()).isEqualTo(new Point(80, 20));
    assertThat(f.matched()).isEqualTo("Edit");
    assertThat(f.confidence()).isEqualTo(0.9, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void multiWordTargetMatchesConsecutiveWordsOfOneRow() {
    Observation obs = screen("Save As... Close", "Save");
    Grounding.Found f = (Grounding.Found) grounder.ground(obs, TextTarget.of("save as"));
    assertThat(f.matched()).isEqualTo("Save As...");
    assertThat(f.box()).isEqualTo(new Rect(10, 10, 40 + 10 + 50, 20));
  }

  @Test
  void wordsOfOneVisualRowMatchEvenWhenOcrSplitThemIntoTwoLines() {
    Word a = new Word("Document", new Rect(100, 10, 80, 20), 90f);
    Word b = new Word("Help", new Rect(190, 12, 40, 18), 90f);
    Observation obs =
        new Observation(
            Screenshot.of(new BufferedImage(400, 100, BufferedImage.TYPE_INT_RGB)),
            List.of(TextLine.of(List.of(a)), TextLine.of(List.of(b))),
            List.of(),
            "");
    assertThat(grounder.ground(obs, TextTarget.of("Document Help"))).isInstanceOf(Grounding.Found.class);
  }

  @Test
  void wordsOfOneLineStayInOneRowWhateverTheirHeights() {
    // Tight word boxes: capitals, a descender and a lower-case word differ in height and top.
    Word a = new Word("Annual", new Rect(590, 247, 42, 10), 90f);
    Word b = new Word("report", new Rect(637, 249, 38, 12), 90f);
    Word c = new Word("2023.txt", new Rect(680, 247, 56, 10), 90f);
    Word side = new Word("Invoice", new Rect(185, 243, 50, 11), 90f);
    Observation obs =
        new Observation(
            Screenshot.of(new BufferedImage(800, 300, BufferedImage.TYPE_INT_RGB)),
            List.of(TextLine.of(List.of(side)), TextLine.of(List.of(a, b, c))),
            List.of(),
            "");
    Grounding.Found f = (Grounding.Found) grounder.ground(obs, TextTarget.of("Annual report 2023.txt"));
    assertThat(f.box()).isEqualTo(new Rect(590, 247, 146, 14));
  }

  @Test
  void wordsFarApartOnOneRowAreNotOnePhrase() {
    Word a = new Word("alpha", new Rect(10, 10, 50, 20), 90f);
    Word b = new Word("queued", new Rect(300, 10, 60, 20), 90f);
    Observation obs =
        new Observation(
            Screenshot.of(new BufferedImage(400, 100, BufferedImage.TYPE_INT_RGB)),
            List.of(TextLine.of(List.of(a, b))),
            List.of(),
            "");
    assertThat(grounder.ground(obs, TextTarget.of("alpha queued"))).isInstanceOf(Grounding.NotFound.class);
  }

  @Test
  void edgePunctuationIsIgnoredButLettersCount() {
    Observation obs = screen("_Save (Open) Saved");
    Grounding.Found save = (Grounding.Found) grounder.ground(obs, TextTarget.of("Save"));
    assertThat(save.matched()).isEqualTo("_Save");
    Grounding.Found open = (Grounding.Found) grounder.ground(obs, TextTarget.of("open"));
    assertThat(open.matched()).isEqualTo("(Open)");
  }

  @Test
  void savedMatchesSaveOnlyAsAFuzzyFallback() {
    Grounding.Found f = (Grounding.Found) grounder.ground(screen("Saved"), TextTarget.of("Save"));
    assertThat(f.matched()).isEqualTo("Saved");
    assertThat(f.confidence()).isLessThan(0.8);
  }

  @Test
  void ocrSlipsMatchFuzzilyWithLowerConfidence() {
    Observation obs = screen("Fiie Edit View");
    Grounding.Found f = (Grounding.Found) grounder.ground(obs, TextTarget.of("File"));
    assertThat(f.matched()).isEqualTo("Fiie");
    assertThat(f.confidence()).isGreaterThan(0).isLessThan(0.9 * Grounder.FUZZY_QUALITY);
  }

  @Test
  void exactMatchesBeatFuzzyOnes() {
    Observation obs = screen("Fiie", "File");
    Grounding.Found f = (Grounding.Found) grounder.ground(obs, TextTarget.of("File"));
    assertThat(f.matched()).isEqualTo("File");
    assertThat(f.box().y()).isEqualTo(50);
  }

  @Test
  void fuzzyBudgetRefusesTooManyEditsAndShortWords() {
    assertThat(grounder.ground(screen("Fxxe"), TextTarget.of("File"))).isInstanceOf(Grounding.NotFound.class);
    assertThat(grounder.ground(screen("On"), TextTarget.of("OK"))).isInstanceOf(Grounding.NotFound.class);
    assertThat(Grounder.editBudget(List.of("file"))).isEqualTo(1);
    assertThat(Grounder.editBudget(List.of("preferences"))).isEqualTo(2);
    assertThat(Grounder.editBudget(List.of("ok"))).isZero();
  }

  @Test
  void mergedOrSplitWordsMatchFuzzily() {
    Grounding.Found merged = (Grounding.Found) grounder.ground(screen("SaveAs Close"), TextTarget.of("Save As"));
    assertThat(merged.matched()).isEqualTo("SaveAs");
    Grounding.Found split = (Grounding.Found) grounder.ground(screen("Down load now"), TextTarget.of("Download"));
    assertThat(split.matched()).isEqualTo("Down load");
  }

  @Test
  void severalEqualMatchesAreAmbiguousInReadingOrder() {
    Observation obs = screen("OK Cancel", "Apply OK");
    Grounding g = grounder.ground(obs, TextTarget.of("ok"));
    assertThat(g).isInstanceOf(Grounding.Ambiguous.class);
    Grounding.Ambiguous a = (Grounding.Ambiguous) g;
    assertThat(a.target()).isEqualTo("\"ok\"");
    assertThat(a.candidates()).containsExactly(new Rect(10, 10, 20, 20), new Rect(70, 50, 20, 20));
  }

  /** One word per row segment: words of a row {@code gap} px apart (wide gaps cut segments). */
  private static Word at(String text, int x, int y) {
    return new Word(text, new Rect(x, y, text.length() * 10, 20), 90f);
  }

  private static Observation words(Word... words) {
    List<TextLine> lines = new ArrayList<>();
    for (Word w : words) {
      lines.add(TextLine.of(List.of(w)));
    }
    return new Observation(
        Screenshot.of(new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB)), lines, List.of(), "");
  }

  @Test
  void aMatchWrittenAsTheTargetBeatsOneInsideALongerLabel() {
    // An open File menu: "Open..." and "Open Recent" both hold the key "open".
    Observation obs = words(at("Open...", 90, 180), at("Ctrl+O", 400, 180), at("Open", 90, 205), at("Recent", 140, 205));
    Grounding.Found f = (Grounding.Found) grounder.ground(obs, TextTarget.of("Open..."));
    assertThat(f.box().y()).isEqualTo(180);
    // Written differently from both: the label of its own ("Open...") beats the phrase's first word.
    Grounding.Found g = (Grounding.Found) grounder.ground(obs, TextTarget.of("open"));
    assertThat(g.box().y()).isEqualTo(180);
    // nth still counts every exact match in reading order.
    assertThat(((Grounding.Found) grounder.ground(obs, TextTarget.nth("Open", 2))).box().y()).isEqualTo(205);
  }

  @Test
  void aLabelOfItsOwnBeatsTheSameWordInsideAPhrase() {
    Observation obs = words(at("Save", 10, 10), at("As", 60, 10), at("Save", 400, 300));
    Grounding.Found f = (Grounding.Found) grounder.ground(obs, TextTarget.of("Save"));
    assertThat(f.box().x()).isEqualTo(400);
  }

  @Test
  void equallyCloseMatchesStayAmbiguous() {
    Observation obs = words(at("Edit", 10, 10), at("Edit", 400, 300));
    assertThat(grounder.ground(obs, TextTarget.of("Edit"))).isInstanceOf(Grounding.Ambiguous.class);
  }

  @Test
  void nthPicksInReadingOrderTopToBottomThenLeftToRight() {
    Observation obs = screen("OK x OK", "OK");
    assertThat(((Grounding.Found) grounder.ground(obs, TextTarget.nth("OK", 1))).box().x()).isEqualTo(10);
    assertThat(((Grounding.Found) grounder.ground(obs, TextTarget.nth("OK", 2))).box().x()).isEqualTo(60);
    assertThat(((Grounding.Found) grounder.ground(obs, TextTarget.nth("OK", 3))).box().y()).isEqualTo(50);
    Grounding g = grounder.ground(obs, TextTarget.nth("OK", 4));
    assertThat(g).isInstanceOf(Grounding.NotFound.class);
    assertThat(((Grounding.NotFound) g).target()).isEqualTo("\"OK\" #4");
  }

  @Test
  void notFoundListsUpToFiveNearestTextsClosestFirst() {
    Observation obs = screen("Open Opened Close Copy Cut Paste Print Quit");
    Grounding g = grounder.ground(obs, TextTarget.of("Opxnxd"));
    assertThat(g).isInstanceOf(Grounding.NotFound.class);
    List<String> nearest = ((Grounding.NotFound) g).nearest();
    assertThat(nearest).hasSize(5);
    assertThat(nearest.getFirst()).isEqualTo("Opened");
    assertThat(nearest.get(1)).isEqualTo("Open");
  }

  @Test
  void emptyScreenFindsNothingAndSuggestsNothing() {
    Observation empty =
        new Observation(Screenshot.of(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB)), List.of(), List.of(), "");
    assertThat(grounder.ground(empty, TextTarget.of("File"))).isEqualTo(new Grounding.NotFound("\"File\"", List.of()));
    assertThat(grounder.contains(empty, "File")).isFalse();
  }

  @Test
  void punctuationOnlyTargetsMatchTheirWholeText() {
    Observation obs = screen("7 8 9 + - +/-");
    Grounding.Found plus = (Grounding.Found) grounder.ground(obs, TextTarget.of("+"));
    assertThat(plus.matched()).isEqualTo("+");
    assertThat(((Grounding.Found) grounder.ground(obs, TextTarget.of("+/-"))).matched()).isEqualTo("+/-");
  }

  @Test
  void containsAcceptsExactAndSameLengthMisreadsButNotOtherWords() {
    Observation obs = screen("File Save", "Document Savcd successfully");
    assertThat(grounder.contains(obs, "saved successfully")).isTrue();
    assertThat(grounder.contains(obs, "Save")).isTrue();
    assertThat(grounder.contains(obs, "Saved.")).isTrue();
    assertThat(grounder.contains(screen("File Save"), "Saved")).isFalse();
    assertThat(grounder.contains(obs, "Print")).isFalse();
  }

  @Test
  void containsAcceptsWordsOcrSplitAtInnerPunctuationOrMerged() {
    assertThat(grounder.contains(screen("term- ready>"), "term-ready")).isTrue();
    assertThat(grounder.contains(screen("SaveAs dialog"), "Save As")).isTrue();
    assertThat(grounder.contains(screen("term- rcady>"), "term-ready")).as("a misread within the budget").isTrue();
    assertThat(grounder.contains(screen("term- readiness"), "term-ready")).isFalse();
    assertThat(grounder.contains(screen("Save d"), "Saved")).isTrue();
    assertThat(grounder.contains(screen("File Save"), "Saved")).isFalse();
  }

  /** A white screen with a window border (a 1 px dark line from y 40 to 400) at x = 100, or none. */
  private static Observation bordered(boolean border, String... words) {
    BufferedImage img = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(java.awt.Color.WHITE);
    g.fillRect(0, 0, 800, 600);
    g.setColor(java.awt.Color.DARK_GRAY);
    if (border) {
      g.fillRect(100, 40, 1, 360);
    }
    g.dispose();
    List<Word> ws = new ArrayList<>();
    int x = 100;
    for (String t : words) {
      ws.add(new Word(t, new Rect(x, 126, t.length() * 10, 16), 90f));
      x += t.length() * 10 + 7;
    }
    return new Observation(Screenshot.of(img), List.of(TextLine.of(ws)), List.of(), "");
  }

  @Test
  void aWindowBorderReadAsALetterIsNotPartOfTheWord() {
    Observation withBorder = bordered(true, "lterm-", "ready>");
    assertThat(grounder.contains(withBorder, "term-ready")).isTrue();
    Grounding.Found f = (Grounding.Found) grounder.ground(withBorder, TextTarget.of("term-"));
    assertThat(f.matched()).isEqualTo("term-");
    assertThat(f.box().x()).as("the stroke is cut off the box").isGreaterThan(100);
    // the same letters with no line running on above and below: a real 'l'
    Observation letter = bordered(false, "lterm-", "ready>");
    assertThat(grounder.contains(letter, "term-ready")).isFalse();
    assertThat(((Grounding.Found) grounder.ground(letter, TextTarget.of("lterm"))).matched()).isEqualTo("lterm-");
    assertThat(grounder.contains(bordered(true, "learn"), "earn")).as("only a line that runs on is a border").isTrue();
    assertThat(grounder.contains(bordered(false, "learn"), "earn")).isFalse();
  }

  @Test
  void nthOfATargetWrittenWithPunctuationCountsTheMatchesWrittenSo() {
    Observation dialog = screen("Find and Replace", "Find:", "Replace:", "Replace Replace All");
    Grounding.Found label = (Grounding.Found) grounder.ground(dialog, TextTarget.nth("Replace:", 1));
    assertThat(label.matched()).isEqualTo("Replace:");
    assertThat(label.box().y()).isEqualTo(90);
    // without punctuation nth counts every equally good match, the title's first
    Grounding.Found first = (Grounding.Found) grounder.ground(dialog, TextTarget.nth("Replace", 1));
    assertThat(first.box().y()).isEqualTo(10);
    // no match written so: all count as before
    Grounding.Found any = (Grounding.Found) grounder.ground(screen("Find and Replace", "Replace"), TextTarget.nth("Replace:", 2));
    assertThat(any.box().y()).isEqualTo(50);
  }

  @Test
  void targetsValidateTheirInput() {
    assertThatThrownBy(() -> TextTarget.of(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TextTarget("x", -1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> TextTarget.nth("x", 0)).hasMessageContaining("1-based");
    assertThatThrownBy(() -> grounder.contains(screen("x"), "")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysLowerCaseAndStripEdgePunctuation() {
    assertThat(Grounder.key("Save...")).isEqualTo("save");
    assertThat(Grounder.key("_Save")).isEqualTo("save");
    assertThat(Grounder.key("report_final.pdf")).isEqualTo("report_final.pdf");
    assertThat(Grounder.key("+/-")).isEqualTo("+/-");
    assertThat(Grounder.levenshtein("kitten", "sitting")).isEqualTo(3);
  }
}
