package dev.deskpilot.vm.osworld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.perception.Point;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okio.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link OsworldDesktop} and {@link OsworldEnvironment} against a real HTTP server on loopback
 * answering with the replies OSWorld's Flask server sends (recorded shapes: Flask's {@code jsonify}
 * sorts keys and ends with a new line; plain strings are {@code text/html}).
 */
class OsworldDesktopTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @StartStop private final MockWebServer server = new MockWebServer();

  @TempDir Path tmp;

  private OsworldDesktop desktop() {
    return new OsworldDesktop(URI.create(server.url("/").toString()), Optional.empty());
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(body + "\n").build();
  }

  private static MockResponse text(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "text/html; charset=utf-8").body(body).build();
  }

  @Test
  void actionsArePostedAsOsworldsPyautoguiCommand() throws Exception {
    server.enqueue(json(200, "{\"error\":\"\",\"output\":\"\",\"returncode\":0,\"status\":\"success\"}"));
    server.enqueue(json(200, "{\"error\":\"Traceback (most recent call last):\\n  File \\\"<string>\\\", line 1\\nNameError: name 'x' is not defined\\n\",\"output\":\"\",\"returncode\":1,\"status\":\"success\"}"));
    server.enqueue(json(200, "[512,384]"));
    try (OsworldDesktop d = desktop()) {
      assertThat(d.perform(new Action.Click(new Point(10, 20), Action.MouseButton.LEFT, 1)).ok()).isTrue();
      ActionResult failed = d.perform(Action.KeyChord.parse("ctrl+s"));
      assertThat(failed.ok()).isFalse();
      assertThat(failed.error()).isEqualTo("pyautogui exited 1: NameError: name 'x' is not defined");
      assertThat(d.perform(new Action.CursorPosition()).pointer()).isEqualTo(new Point(512, 384));
      assertThat(d.perform(new Action.Done()).ok()).isTrue(); // touches nothing: no request
    }
    RecordedRequest click = server.takeRequest();
    assertThat(click.getMethod()).isEqualTo("POST");
    assertThat(click.getTarget()).isEqualTo("/execute");
    assertThat(click.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(click.getHeaders().get("Authorization")).isNull();
    assertThat(JSON.readTree(click.getBody().utf8())).isEqualTo(JSON.readTree(
        "{\"command\": [\"python\", \"-c\", \"import pyautogui; import time; pyautogui.FAILSAFE = False; "
            + "pyautogui.click(x=10, y=20, clicks=1, button='left')\"], \"shell\": false}"));
    assertThat(server.takeRequest().getBody().utf8()).contains("pyautogui.hotkey('ctrl', 's')");
    RecordedRequest cursor = server.takeRequest();
    assertThat(cursor.getMethod() + " " + cursor.getTarget()).isEqualTo("GET /cursor_position");
  }

  @Test
  void screenshotsAndScreenSize() throws Exception {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(5, 6, 0xff00ff00);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(img, "png", png);
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "image/png").body(new Buffer().write(png.toByteArray())).build());
    server.enqueue(json(200, "{\"height\":1080,\"width\":1920}"));
    server.enqueue(text(200, "not a png"));
    try (OsworldDesktop d = desktop()) {
      var shot = d.capture();
      assertThat(shot.width()).isEqualTo(40);
      assertThat(shot.image().getRGB(5, 6) & 0xffffff).isEqualTo(0x00ff00);
      assertThat(d.screenSize()).isEqualTo(new java.awt.Dimension(1920, 1080));
      assertThatThrownBy(d::capture).isInstanceOfSatisfying(DesktopException.class,
          e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.BAD_REPLY));
    }
    assertThat(server.takeRequest().getTarget()).isEqualTo("/screenshot");
    RecordedRequest size = server.takeRequest();
    assertThat(size.getMethod() + " " + size.getTarget()).isEqualTo("POST /screen_size");
  }

  @Test
  void filesTravelAsOsworldsFormAndMultipart() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "application/octet-stream")
        .addHeader("Content-Disposition", "attachment; filename=a.txt").body("hello").build());
    server.enqueue(json(404, "{\"error\":\"File not found\"}"));
    server.enqueue(text(200, "File Uploaded: 5 bytes"));
    server.enqueue(text(200, "File Uploaded: 4 bytes"));
    try (OsworldDesktop d = desktop()) {
      assertThat(new String(d.readFile("/home/user/a.txt"), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThatThrownBy(() -> d.readFile("~/missing.txt"))
          .isInstanceOfSatisfying(DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.NO_SUCH_FILE))
          .hasMessageContaining("~/missing.txt");
      d.writeFile("/home/user/b.txt", "12345".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> d.writeFile("/home/user/c.txt", "12345".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOfSatisfying(DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.BAD_REPLY))
          .hasMessageContaining("a count of 4 bytes for 5 sent");
    }
    RecordedRequest read = server.takeRequest();
    assertThat(read.getMethod() + " " + read.getTarget()).isEqualTo("POST /file");
    assertThat(read.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(read.getBody().utf8()).isEqualTo("file_path=%2Fhome%2Fuser%2Fa.txt");
    server.takeRequest();
    RecordedRequest upload = server.takeRequest();
    assertThat(upload.getTarget()).isEqualTo("/setup/upload");
    assertThat(upload.getHeaders().get("Content-Type")).startsWith("multipart/form-data; boundary=");
    assertThat(upload.getBody().utf8())
        .contains("Content-Disposition: form-data; name=\"file_path\"")
        .contains("\r\n\r\n/home/user/b.txt\r\n")
        .contains("Content-Disposition: form-data; name=\"file_data\"; filename=\"b.txt\"")
        .contains("\r\n\r\n12345\r\n");
  }

  @Test
  void commandsRunThroughExecuteAndLaunch() throws Exception {
    server.enqueue(json(200, "{\"error\":\"\",\"output\":\"hi\\n\",\"returncode\":0,\"status\":\"success\"}"));
    server.enqueue(json(200, "{\"error\":\"\",\"output\":\"\",\"returncode\":124,\"status\":\"success\"}"));
    server.enqueue(json(500, "{\"message\":\"[Errno 2] No such file or directory: 'nope'\",\"status\":\"error\"}"));
    server.enqueue(text(200, "xterm -e bash launched successfully"));
    try (OsworldDesktop d = desktop()) {
      assertThat(d.run(Command.shell("echo hi"))).isEqualTo(new CommandResult(0, "hi\n", "", false));
      assertThat(d.run(Command.of("sleep", "9").withTimeout(Duration.ofSeconds(2))).timedOut()).isTrue();
      assertThatThrownBy(() -> d.run(Command.of("nope")))
          .isInstanceOfSatisfying(DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.FAILED))
          .hasMessageContaining("HTTP 500: [Errno 2] No such file or directory: 'nope'");
      d.launch(Command.of("xterm", "-e", "bash"));
    }
    assertThat(JSON.readTree(server.takeRequest().getBody().utf8()))
        .isEqualTo(JSON.readTree("{\"command\": [\"timeout\", \"-k\", \"2\", \"60\", \"sh\", \"-c\", \"echo hi\"], \"shell\": false}"));
    server.takeRequest();
    server.takeRequest();
    RecordedRequest launch = server.takeRequest();
    assertThat(launch.getTarget()).isEqualTo("/setup/launch");
    assertThat(JSON.readTree(launch.getBody().utf8())).isEqualTo(JSON.readTree("{\"command\": [\"xterm\", \"-e\", \"bash\"], \"shell\": false}"));
  }

  @Test
  void anUnknownEndpointIsNamedNotMistakenForAMissingFile() {
    server.enqueue(text(404, "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>"));
    try (OsworldDesktop d = desktop()) {
      assertThatThrownBy(d::accessibilityXml).isInstanceOfSatisfying(DesktopException.class,
              e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.FAILED))
          .hasMessageContaining("has no endpoint for accessibility (GET /accessibility)");
    }
  }

  @Test
  void anUnreachableServerIsOneLineNamingTheUrl() throws Exception {
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    OsworldOptions options = OsworldOptions.of(URI.create("http://127.0.0.1:" + port)).withReadyTimeout(Duration.ofMillis(300));
    assertThatThrownBy(() -> OsworldEnvironment.connect(options))
        .isInstanceOfSatisfying(DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.UNREACHABLE))
        .hasMessageStartingWith("OSWorld server at http://127.0.0.1:" + port + " is unreachable (screen size)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void theRevertCommandRunsBeforeEveryTaskAndItsFailureIsNamed() throws Exception {
    Path marker = tmp.resolve("reverted");
    server.enqueue(json(200, "{\"height\":1080,\"width\":1920}"));
    OsworldOptions options = OsworldOptions.of(URI.create(server.url("/").toString()))
        .withRevertCommand("echo once >> '" + marker + "'");
    try (OsworldEnvironment env = OsworldEnvironment.connect(options)) {
      assertThat(env.description()).contains("1920x1080").contains("reverted by 'echo once >> ");
    }
    assertThat(Files.readString(marker)).isEqualTo("once\n");
    OsworldOptions failing = OsworldOptions.of(URI.create(server.url("/").toString()))
        .withRevertCommand("echo no such snapshot >&2; exit 3");
    assertThatThrownBy(() -> OsworldEnvironment.connect(failing))
        .isInstanceOfSatisfying(DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.FAILED))
        .hasMessage("the OSWorld revert command 'echo no such snapshot >&2; exit 3' exited 3: no such snapshot");
    server.enqueue(json(200, "{\"height\":768,\"width\":1024}"));
    try (OsworldEnvironment env = OsworldEnvironment.connect(OsworldOptions.of(URI.create(server.url("/").toString())))) {
      assertThat(env.description()).contains("no reset: state carries over from the previous task");
    }
  }
}
