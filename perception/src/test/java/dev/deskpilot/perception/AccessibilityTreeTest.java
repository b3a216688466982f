package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessibilityTreeTest {
  static final String JSON = """
      {"nodes": [{"role": "application", "name": "mousepad", "states": [], "box": null, "children": [
        {"role": "frame", "name": "notes.txt - Mousepad", "states": ["showing", "visible", "active"], "box": [100, 50, 600, 400], "children": [
          {"role": "menu", "name": "File", "states": ["showing"], "box": [101, 70, 39, 25], "children": []},
          {"role": "push button", "name": "Save & close", "states": ["showing"], "box": [500, 400, 90, 30], "children": []},
          {"role": "text", "name": "", "states": ["showing", "editable"], "box": [101, 100, 598, 280], "text": "Hello <world>", "children": []},
          {"role": "check box", "name": "Hidden", "states": [], "box": null, "children": []}
        ]},
        {"role": "dialog", "name": "Background", "states": ["showing"], "box": [120, 60, 200, 100], "children": [
          {"role": "push button", "name": "Covered", "states": ["showing"], "box": [130, 80, 60, 20], "children": []}
        ]}
      ]}]}
      """;

  @Test
  void readsTheDumpersJsonAndWritesOsworldsXmlThatReadsBackTheSame() {
    AccessibilityTree tree = AccessibilityTree.fromJson(JSON);
    assertThat(tree.nodes()).hasSize(8);
    String xml = tree.toOsworldXml();
    assertThat(xml).contains("<desktop-frame xmlns:st=\"https://accessibility.ubuntu.example.org/ns/state\"");
    assertThat(xml).contains("<push-button name=\"Save &amp; close\" st:showing=\"true\" cp:screencoord=\"(500, 400)\" cp:size=\"(90, 30)\"/>");
    assertThat(xml).contains(">Hello &lt;world&gt;</text>");
    AccessibilityTree back = AccessibilityTree.fromOsworldXml(xml);
    assertThat(back).isEqualTo(tree);
  }

  @Test
  void badInputIsOneClearError() {
    assertThatThrownBy(() -> AccessibilityTree.fromJson("{\"x\": 1}")).hasMessageContaining("no \"nodes\" array");
    assertThatThrownBy(() -> AccessibilityTree.fromJson("{nope")).hasMessageContaining("malformed");
    assertThatThrownBy(() -> AccessibilityTree.fromOsworldXml("<a><b></a>")).hasMessageContaining("malformed");
  }

  @Test
  void theDumperShipsWithTheJar() {
    assertThat(AccessibilityTree.dumperScript()).contains("import pyatspi").contains("getRangeExtents");
  }

  @Test
  void fusionTakesTheTreesRolesAndBoxesAndDropsCoveredWidgets() {
    AccessibilityTree tree = AccessibilityTree.fromJson(JSON);
    BufferedImage img = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
    img.setRGB(1, 1, 0xffffff);
    // A button seen in the pixels where the tree has "Save & close", and a label only vision saw.
    List<UiElement> seen = List.of(
        new UiElement("", "button", "Save", new Rect(502, 402, 86, 27), 0.7, UiElement.Source.VISION),
        new UiElement("", "label", "Status", new Rect(110, 420, 50, 12), 0.5, UiElement.Source.TEXT));
    List<UiElement> fused = dev.deskpilot.perception.internal.AccessibilityFusion.fuse(seen, tree, ScreenMapping.IDENTITY, 800, 600);
    assertThat(fused).extracting(UiElement::role, UiElement::label, UiElement::source).contains(
        org.assertj.core.groups.Tuple.tuple("button", "Save & close", UiElement.Source.FUSED),
        org.assertj.core.groups.Tuple.tuple("menu_item", "File", UiElement.Source.ACCESSIBILITY),
        org.assertj.core.groups.Tuple.tuple("text_field", "", UiElement.Source.ACCESSIBILITY),
        org.assertj.core.groups.Tuple.tuple("label", "Status", UiElement.Source.TEXT));
    assertThat(fused).extracting(UiElement::label).doesNotContain("Hidden", "Covered");
    assertThat(fused.stream().filter(e -> e.label().equals("Save & close")).findFirst().orElseThrow().box())
        .isEqualTo(new Rect(500, 400, 90, 30));
    assertThat(Set.copyOf(fused.stream().map(UiElement::role).toList())).contains("window");
  }
}
