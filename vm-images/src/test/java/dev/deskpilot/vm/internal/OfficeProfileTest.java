package dev.deskpilot.vm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class OfficeProfileTest {
  @Test
  void registryIsWellFormedAndTurnsOffEveryFirstRunQuestion() throws Exception {
    String xcu = OfficeProfile.registry("7.4");
    Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(xcu.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    NodeList props = doc.getElementsByTagName("prop");
    java.util.Map<String, String> values = new java.util.HashMap<>();
    for (int i = 0; i < props.getLength(); i++) {
      Element p = (Element) props.item(i);
      values.put(p.getAttribute("oor:name"), p.getElementsByTagName("value").item(0).getTextContent());
    }
    assertThat(values)
        .containsEntry("ShowTipOfTheDay", "false")
        .containsEntry("FirstRun", "false")
        .containsEntry("WarnAlienFormat", "false")
        .containsEntry("UseSystemFileDialog", "false")
        .containsEntry("ooSetupLastVersion", "7.4");
  }

  @Test
  void badVersionsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> OfficeProfile.registry("7"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'7'");
    assertThatThrownBy(() -> OfficeProfile.registry("7.4\"><x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void debianVersionsGiveMajorMinor() {
    assertThat(OfficeProfile.majorMinor("4:7.4.7-1+deb12u14")).contains("7.4");
    assertThat(OfficeProfile.majorMinor("24.8.4-1")).contains("24.8");
    assertThat(OfficeProfile.majorMinor("")).isEmpty();
    assertThat(OfficeProfile.majorMinor("unknown")).isEqualTo(Optional.empty());
  }

  @Test
  void seedWritesOnceAndNeverOverwritesAProfile(@TempDir Path home) throws IOException {
    assertThat(OfficeProfile.seed(home, "7.4")).isTrue();
    Path xcu = home.resolve(".config/libreoffice/4/user/registrymodifications.xcu");
    assertThat(Files.readString(xcu)).contains("<value>7.4</value>");
    Files.writeString(xcu, "mine");
    assertThat(OfficeProfile.seed(home, "7.5")).isFalse();
    assertThat(Files.readString(xcu)).isEqualTo("mine");
  }
}
