package dev.deskpilot.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.vm.Sandbox;
import dev.deskpilot.vm.SandboxOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * OSWorld's wire format against the real guest server of a real sandbox (Xvfb, openbox, D-Bus,
 * AT-SPI) in {@code --osworld-compat} mode: the requests are the bytes OSWorld's
 * {@code PythonController} sends through Python's {@code requests}, with no token.
 */
class OsworldCompatIT {
  private static final String ST = "https://accessibility.ubuntu.example.org/ns/state";
  private static final String CP = "https://accessibility.ubuntu.example.org/ns/component";
  private static final String ATTR = "https://accessibility.ubuntu.example.org/ns/attributes";
  private static final String PREFIX = "import pyautogui; import time; pyautogui.FAILSAFE = False; ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Sandbox sandbox;
  private static PythonRequests python;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults().withAccessibility(true).withOsworldCompat(true));
    python = new PythonRequests("127.0.0.1", URI.create(sandbox.desktop().url()).getPort());
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /** json.dumps({"command": [...], "shell": False}) */
  private static String execute(String... argv) throws Exception {
    List<String> quoted = new ArrayList<>();
    for (String a : argv) {
      quoted.add(JSON.writeValueAsString(a));
    }
    return "{\"command\": [" + String.join(", ", quoted) + "], \"shell\": false}";
  }

  @Test
  void screenshotIsAPngOfTheWholeScreen() throws Exception {
    PythonRequests.Reply r = python.get("/screenshot");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("image/png");
    assertThat(new String(r.body(), 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertThat(img.getWidth()).isEqualTo(1920);
    assertThat(img.getHeight()).isEqualTo(1080);
    assertThat(python.postEmpty("/screen_size").text()).isEqualTo("{\"height\":1080,\"width\":1920}");
    assertThat(python.get("/platform").text()).isEqualTo("Linux");
  }

  @Test
  void harnessPyautoguiCommandsMoveTheRealPointer() throws Exception {
    PythonRequests.Reply r = python.postJson("/execute", execute("python", "-c", PREFIX + "pyautogui.moveTo(321, 234, 0.6, pyautogui.easeInQuad)"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(JSON.readTree(r.text())).isEqualTo(JSON.readTree("{\"error\":\"\",\"output\":\"\",\"returncode\":0,\"status\":\"success\"}"));
    assertThat(JSON.readTree(python.get("/cursor_position").text()).toString()).isEqualTo("[321,234]");
  }

  @Test
  void commandsRunInTheSessionAndFilesTravelBothWays() throws Exception {
    JsonNode shell = JSON.readTree(python.postJson("/execute", "{\"command\": \"echo $HOME; echo oops >&2; exit 5\", \"shell\": true}").text());
    assertThat(shell.path("output").asText()).isEqualTo(sandbox.home() + "\n");
    assertThat(shell.path("error").asText()).isEqualTo("oops\n");
    assertThat(shell.path("returncode").asInt()).isEqualTo(5);
    byte[] data = new byte[70_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    PythonRequests.Reply up = python.postUpload("/setup/upload", "~/up/osworld_python_exec_1.bin", "osworld_python_exec_1.bin", data);
    assertThat(up.status()).isEqualTo(200);
    assertThat(up.text()).isEqualTo("File Uploaded: 70000 bytes");
    assertThat(Files.readAllBytes(sandbox.home().resolve("up/osworld_python_exec_1.bin"))).isEqualTo(data);
    PythonRequests.Reply down = python.postForm("/file", "file_path", "~/up/osworld_python_exec_1.bin");
    assertThat(down.status()).isEqualTo(200);
    assertThat(down.body()).isEqualTo(data);
    PythonRequests.Reply missing = python.postForm("/file", "file_path", "~/up/none.txt");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.text()).isEqualTo("{\"error\":\"File not found\"}");
    JsonNode tree = JSON.readTree(python.postJson("/list_directory", "{\"path\": \"" + sandbox.home().resolve("up") + "\"}").text());
    assertThat(tree.at("/directory_tree/children/0/name").asText()).isEqualTo("osworld_python_exec_1.bin");
  }

  @Test
  void accessibilityIsOsworldsXmlForARealMousepadWindow() throws Exception {
    // an existing, unmodified file: closing its window asks nothing
    python.postJson("/execute", "{\"command\": \"echo hello > ~/a11y-notes.txt\", \"shell\": true}");
    PythonRequests.Reply launched = python.postJson("/setup/launch", "{\"command\": [\"mousepad\", \"~/a11y-notes.txt\"], \"shell\": false}");
    assertThat(launched.text()).isEqualTo("mousepad " + sandbox.home() + "/a11y-notes.txt launched successfully");
    Element[] frame = new Element[1];
    Document[] doc = new Document[1];
    await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      PythonRequests.Reply r = python.get("/accessibility");
      assertThat(r.status()).as(r.text()).isEqualTo(200);
      String xml = JSON.readTree(r.text()).path("AT").asText();
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      doc[0] = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
      frame[0] = mousepadFrame(doc[0]);
      assertThat(frame[0]).as("a showing mousepad frame in %s", xml.length() > 3000 ? xml.substring(0, 3000) : xml).isNotNull();
    });
    Element root = doc[0].getDocumentElement();
    assertThat(root.getLocalName()).isEqualTo("desktop-frame");
    for (String prefix : List.of("st", "attr", "cp", "doc", "docattr", "txt", "val", "act")) {
      assertThat(root.lookupNamespaceURI(prefix)).as(prefix).isEqualTo("https://accessibility.ubuntu.example.org/ns/" + switch (prefix) {
        case "st" -> "state";
        case "attr" -> "attributes";
        case "cp" -> "component";
        case "doc" -> "document";
        case "docattr" -> "document/attributes";
        case "txt" -> "text";
        case "val" -> "value";
        default -> "action";
      });
    }
    Element f = frame[0];
    assertThat(f.getAttribute("name")).contains("a11y-notes");
    assertThat(f.getAttributeNS(ST, "visible")).isEqualTo("true");
    assertThat(f.getAttributeNS(CP, "screencoord")).matches("\\(-?\\d+, -?\\d+\\)");
    assertThat(f.getAttributeNS(CP, "size")).matches("\\(\\d+, \\d+\\)");
    Element app = (Element) f.getParentNode();
    assertThat(app.getLocalName()).isEqualTo("application");
    assertThat(app.getAttribute("name")).isEqualTo("mousepad");
    assertThat(f.getAttributeNS(ATTR, "toolkit")).isEqualTo("gtk");
    // the menu bar's items are there with OSWorld's action attributes
    NodeList items = f.getElementsByTagName("menu");
    boolean fileMenu = false;
    for (int i = 0; i < items.getLength(); i++) {
      Element m = (Element) items.item(i);
      fileMenu |= m.getAttribute("name").equals("File")
          && m.getAttributeNS("https://accessibility.ubuntu.example.org/ns/action", "click_desc").equals("Clicks the menuitem")
          && m.hasAttributeNS("https://accessibility.ubuntu.example.org/ns/action", "click_kb")
          && "true".equals(m.getAttribute("selection"));
    }
    assertThat(fileMenu).as("a File menu with act:click_* attributes").isTrue();

    assertThat(python.postJson("/setup/close_window", "{\"window_name\": \"a11y-notes\"}").text())
        .isEqualTo("Window closed successfully.");
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).until(() ->
        !JSON.readTree(python.postJson("/execute", execute("wmctrl", "-l")).text()).path("output").asText().contains("a11y-notes"));
  }

  private static Element mousepadFrame(Document doc) {
    NodeList frames = doc.getElementsByTagName("frame");
    for (int i = 0; i < frames.getLength(); i++) {
      Element e = (Element) frames.item(i);
      if (e.getAttribute("name").contains("a11y-notes") && "true".equals(e.getAttributeNS(ST, "showing"))
          && e.hasAttributeNS(CP, "screencoord")) {
        return e;
      }
    }
    return null;
  }

  @Test
  void theV1ApiStillNeedsTheTokenAndUnknownPathsGetFlasksPage() throws Exception {
    assertThat(python.get("/v1/health").status()).isEqualTo(401);
    assertThat(python.get("/v1/screenshot").status()).isEqualTo(401);
    PythonRequests.Reply unknown = python.get("/start_recordingz");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.text()).contains("<title>404 Not Found</title>");
    assertThat(sandbox.desktop().health().width()).isEqualTo(1920);
  }
}
