package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Elements found in the pixels alone (no accessibility tree given) on corpus screens, scored
 * against the accessibility tree's widgets as the benchmark scores them (IoU &ge; 0.5, one to one),
 * and particular widgets each rule should find.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisionElementsTest {
  /** Measured recall minus a margin (measured: 1.00, 0.64, 0.94, 0.95). */
  private static final Map<String, Double> MIN_RECALL = Map.of(
      "preferences-1920x1080-light", 0.9, "chooser-1920x1080-light", 0.6,
      "galculator-1920x1080-dark", 0.9, "mousepad-menu-1920x1080-light", 0.9);

  private final Perceiver perceiver = Perceiver.open();
  private final ObjectMapper json = new ObjectMapper();

  @AfterAll
  void close() {
    perceiver.close();
  }

  record Truth(String role, String name, Rect box) {}

  private Observation read(String name) throws IOException {
    BufferedImage src;
    try (InputStream in = resource(name + ".png")) {
      src = ImageIO.read(in);
    }
    BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    perceiver.reset();
    return perceiver.perceive(Screenshot.of(rgb));
  }

  private List<Truth> truth(String name) throws IOException {
    List<Truth> out = new ArrayList<>();
    try (InputStream in = resource(name + ".json")) {
      for (JsonNode e : json.readTree(in).path("elements")) {
        JsonNode b = e.get("box");
        out.add(new Truth(e.path("role").asText(), e.path("name").asText(),
            new Rect(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt())));
      }
    }
    return out;
  }

  private static InputStream resource(String file) {
    InputStream in = VisionElementsTest.class.getResourceAsStream("/corpus/" + file);
    if (in == null) {
      throw new IllegalStateException("test resource /corpus/" + file + " is missing");
    }
    return in;
  }

  /** Truth elements matched one to one by IoU >= 0.5, best pairs first. */
  private static int matched(List<Truth> truth, List<UiElement> found) {
    record Pair(int t, int f, double iou) {}
    List<Pair> pairs = new ArrayList<>();
    for (int t = 0; t < truth.size(); t++) {
      for (int f = 0; f < found.size(); f++) {
        double iou = truth.get(t).box().iou(found.get(f).box());
        if (iou >= 0.5) {
          pairs.add(new Pair(t, f, iou));
        }
      }
    }
    pairs.sort((a, b) -> Double.compare(b.iou(), a.iou()));
    boolean[] tUsed = new boolean[truth.size()];
    boolean[] fUsed = new boolean[found.size()];
    int n = 0;
    for (Pair p : pairs) {
      if (!tUsed[p.t()] && !fUsed[p.f()]) {
        tUsed[p.t()] = fUsed[p.f()] = true;
        n++;
      }
    }
    return n;
  }

  @ParameterizedTest
  @ValueSource(strings = {"preferences-1920x1080-light", "chooser-1920x1080-light", "galculator-1920x1080-dark",
      "mousepad-menu-1920x1080-light"})
  void recallAgainstTheAccessibilityTree(String name) throws IOException {
    Observation obs = read(name);
    List<Truth> truth = truth(name);
    double recall = (double) matched(truth, obs.elements()) / truth.size();
    System.out.printf("vision elements %s: recall %.2f of %d%n", name, recall, truth.size());
    assertThat(recall).isGreaterThanOrEqualTo(MIN_RECALL.get(name));
    assertThat(obs.elements()).allMatch(e -> e.source() != UiElement.Source.ACCESSIBILITY);
  }

  private static UiElement best(Observation obs, String role, Rect box) {
    return obs.elements().stream().filter(e -> e.role().equals(role))
        .max((a, b) -> Double.compare(a.box().iou(box), b.box().iou(box))).orElseThrow();
  }

  @Test
  void stackedCheckBoxesTakeTheirColumnsWidth() throws IOException {
    Observation obs = read("preferences-1920x1080-light");
    Rect truth = new Rect(522, 249, 337, 22); // "Show line numbers" as AT-SPI reports it
    UiElement e = best(obs, "checkbox", truth);
    assertThat(e.label()).isEqualTo("Show line numbers");
    // Its label ends at x=669; the column's widest (x=728) is as far as vision reaches (the tree
    // says 859: the dialog's column, drawn nowhere).
    assertThat(e.box().right()).isGreaterThanOrEqualTo(720);
    assertThat(e.box().iou(truth)).isGreaterThanOrEqualTo(0.5);
    // The one with a spin button on its row stops before it.
    Rect margin = new Rect(522, 321, 210, 34);
    assertThat(best(obs, "checkbox", margin).box().right()).isLessThan(738);
  }

  @Test
  void menuBarItemsSplitFromOneOcrLineAndOpenMenuRowsSpanThePopup() throws IOException {
    Observation obs = read("mousepad-menu-1920x1080-light");
    UiElement search = best(obs, "menu_item", new Rect(261, 140, 60, 25));
    assertThat(search.label()).isEqualTo("Search");
    assertThat(search.box().iou(new Rect(261, 140, 60, 25))).isGreaterThanOrEqualTo(0.6);
    UiElement save = best(obs, "menu_item", new Rect(181, 292, 304, 25));
    assertThat(save.label()).isEqualTo("Save");
    assertThat(save.box().iou(new Rect(181, 292, 304, 25))).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void tableCellsSpanTheirColumns() throws IOException {
    Observation obs = read("chooser-1920x1080-light");
    Rect size = new Rect(1096, 243, 76, 21); // "23 bytes" in the Size column
    UiElement cell = best(obs, "list_item", size);
    assertThat(cell.label()).isEqualTo("23 bytes");
    assertThat(cell.box().iou(size)).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void darkThemeButtonsWithFaintBordersAreButtons() throws IOException {
    Observation obs = read("galculator-1920x1080-dark");
    Rect seven = new Rect(707, 453, 59, 34);
    List<UiElement> buttons = obs.elements().stream().filter(e -> e.role().equals("button")).toList();
    assertThat(buttons).hasSizeGreaterThanOrEqualTo(20);
    assertThat(buttons).anyMatch(b -> b.box().iou(seven) >= 0.7);
  }

  @Test
  void notebookTabsAreTabsAndADialogOverItsParentIsAWindow() throws IOException {
    Observation obs = read("preferences-1920x1080-light");
    Rect editor = new Rect(588, 186, 38, 30); // a tab is its label in GTK's tree
    UiElement tab = best(obs, "tab", editor);
    assertThat(tab.label()).isEqualTo("Editor");
    assertThat(tab.box().iou(editor)).isGreaterThanOrEqualTo(0.6);
    assertThat(obs.elements()).noneMatch(e -> e.role().equals("menu_item") && e.label().equals("Editor"));
    Rect dialog = new Rect(500, 160, 375, 507);
    assertThat(best(obs, "window", dialog).box().iou(dialog)).isGreaterThanOrEqualTo(0.9);
    Rect combo = new Rect(522, 547, 136, 34);
    UiElement none = best(obs, "combo_box", combo);
    assertThat(none.label()).isEqualTo("None");
    assertThat(none.box().iou(combo)).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void aFileListWithManyColumnsIsNoMenuAndAFlatComboIsACombo() throws IOException {
    Observation obs = read("chooser-1920x1080-light");
    assertThat(obs.elements()).noneMatch(e -> e.role().equals("menu"));
    Rect name = new Rect(588, 243, 508, 21); // "Annual report 2023.txt", its icon cell left of it
    assertThat(best(obs, "list_item", name).box().iou(name)).isGreaterThanOrEqualTo(0.7);
    Rect encoding = new Rect(476, 684, 181, 34);
    UiElement combo = best(obs, "combo_box", encoding);
    assertThat(combo.label()).isEqualTo("Default (UTF-8)");
    assertThat(combo.box().iou(encoding)).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void anEditorsBodyUnderItsBarsIsItsTextAreaEvenUnderAnOpenMenu() throws IOException {
    Observation obs = read("mousepad-menu-1920x1080-light");
    Rect text = new Rect(182, 168, 998, 609);
    assertThat(best(obs, "text_field", text).box().iou(text)).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void aDoubleHeightKeyIsAButton() throws IOException {
    Observation obs = read("galculator-1920x1080-dark");
    Rect equals = new Rect(967, 533, 59, 74);
    assertThat(best(obs, "button", equals).box().iou(equals)).isGreaterThanOrEqualTo(0.8);
  }
}
