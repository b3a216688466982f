package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

/** The dumper's --osworld JSON written as OSWorld's /accessibility XML. */
class AccessibilityOsworldXmlTest {
  private static final String JSON = """
      {"nodes": [{"role": "application", "name": "calc & co", "states": [], "box": null, "attributes": {},
        "children": [{"role": "push button", "name": "Save \\"now\\"", "states": ["showing", "visible", "multi_line"],
          "box": [10, 20, 30, 40], "attributes": {"toolkit": "gtk", "bad name": "x"}, "image": true,
          "value": {"value": "1.0", "min": "0.0"}, "actions": [["click", "Clicks the button", "<Alt>s"]],
          "text": "a < b\\n", "children": []}]}]}
      """;

  @Test
  void everyFieldLandsWhereOsworldPutsIt() throws Exception {
    String xml = AccessibilityTree.osworldXml(JSON);
    assertThat(xml).contains("<push-button name=\"Save &quot;now&quot;\" st:showing=\"true\" st:visible=\"true\" st:multi_line=\"true\" "
        + "attr:toolkit=\"gtk\" attr:bad-name=\"x\" cp:screencoord=\"(10, 20)\" cp:size=\"(30, 40)\" image=\"true\" "
        + "val:value=\"1.0\" val:min=\"0.0\" act:click_desc=\"Clicks the button\" act:click_kb=\"&lt;Alt&gt;s\">a &lt; b\n</push-button>");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Element root = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("desktop-frame");
    Element button = (Element) root.getElementsByTagName("push-button").item(0);
    assertThat(button.getAttributeNS("https://accessibility.ubuntu.example.org/ns/state", "showing")).isEqualTo("true");
    assertThat(button.getAttributeNS("https://accessibility.ubuntu.example.org/ns/action", "click_kb")).isEqualTo("<Alt>s");
    // what perception reads back from it
    AccessibilityNode read = AccessibilityTree.fromOsworldXml(xml).applications().getFirst().children().getFirst();
    assertThat(read.box()).isEqualTo(new Rect(10, 20, 30, 40));
    assertThat(read.name()).isEqualTo("Save \"now\"");
  }

  @Test
  void notTheDumpersJsonIsOneClearError() {
    assertThatThrownBy(() -> AccessibilityTree.osworldXml("{\"apps\": []}")).hasMessage("accessibility tree JSON has no \"nodes\" array");
  }
}
