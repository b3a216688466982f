package dev.deskpilot.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionExecutor;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.vm.osworld.OsworldDesktop;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OSWorld's endpoints of the guest server on loopback with a fake screen and a recording executor,
 * and {@link OsworldDesktop} against them: every action travels as OSWorld's pyautogui code and
 * arrives as the same action.
 */
class OsworldRoutesTest {
  private static final String TOKEN = "t0ken-0123456789abcdef0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Records actions; the pointer follows moves and clicks. */
  private static final class RecordingExecutor implements ActionExecutor {
    final List<Action> performed = new CopyOnWriteArrayList<>();
    volatile Point pointer = new Point(7, 8);

    @Override
    public ActionResult perform(Action action) {
      if (action instanceof Action.CursorPosition) {
        return ActionResult.success(0).withPointer(pointer);
      }
      performed.add(action);
      switch (action) {
        case Action.MoveTo m -> pointer = m.to();
        case Action.Click c -> pointer = c.at();
        case Action.Drag d -> pointer = d.to();
        default -> { }
      }
      return action instanceof Action.Click c && c.at().x() > 1000
          ? ActionResult.failure("click at " + c.at() + " is off the 100x50 screen", 1)
          : ActionResult.success(1);
    }
  }

  private final RecordingExecutor executor = new RecordingExecutor();
  private final BufferedImage screenImage = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
  private final HttpClient http = HttpClient.newHttpClient();
  private GuestServer server;
  private URI url;

  @TempDir Path tmp;

  @BeforeEach
  void start() throws IOException {
    screenImage.setRGB(3, 4, 0x123456);
    server = GuestServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, ":42",
        () -> Screenshot.of(screenImage), executor, GuestServer.OsworldAccess.OPEN_ON_LOOPBACK);
    url = URI.create("http://127.0.0.1:" + server.port());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(url.resolve(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(url.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void everyActionTravelsAsPyautoguiAndArrivesAsItself() {
    List<Action> actions = List.of(
        new Action.Click(new Point(3, 4), Action.MouseButton.RIGHT, 2),
        new Action.Click(new Point(5, 6), Action.MouseButton.LEFT, 1, List.of("ctrl", "shift")),
        new Action.MoveTo(new Point(5, 6)),
        new Action.Drag(new Point(1, 1), new Point(9, 9), List.of(new Point(4, 4)), Action.MouseButton.LEFT),
        new Action.Scroll(new Point(7, 7), -1, 3),
        new Action.TypeText("it's \"quoted\" \\ and\nnew\tline"),
        Action.KeyChord.parse("ctrl+shift+t"),
        Action.KeyChord.parse("Return"),
        new Action.KeyDown("shift"),
        new Action.KeyUp("shift"),
        new Action.MouseDown(new Point(2, 2), Action.MouseButton.MIDDLE),
        new Action.MouseUp(null, Action.MouseButton.MIDDLE));
    try (OsworldDesktop desktop = new OsworldDesktop(url, Optional.empty())) {
      for (Action a : actions) {
        assertThat(desktop.perform(a).ok()).as("%s", a).isTrue();
      }
    }
    List<Action> expected = new ArrayList<>();
    expected.add(actions.get(0));
    expected.addAll(List.of(new Action.KeyDown("ctrl"), new Action.KeyDown("shift"), Action.Click.left(new Point(5, 6)),
        new Action.KeyUp("shift"), new Action.KeyUp("ctrl")));
    expected.add(actions.get(2));
    // a drag is written as moves between mouseDown and mouseUp
    expected.addAll(List.of(new Action.MoveTo(new Point(1, 1)), new Action.MouseDown(null, Action.MouseButton.LEFT),
        new Action.MoveTo(new Point(4, 4)), new Action.MoveTo(new Point(9, 9)), new Action.MouseUp(null, Action.MouseButton.LEFT)));
    // vscroll then hscroll, at the point
    expected.addAll(List.of(new Action.Scroll(new Point(7, 7), 0, 3), new Action.Scroll(new Point(7, 7), -1, 0)));
    expected.addAll(actions.subList(5, 7));
    expected.add(new Action.KeyChord(List.of("enter")));
    expected.addAll(actions.subList(8, 12));
    assertThat(executor.performed).containsExactlyElementsOf(expected);
  }

  @Test
  void whatPyautoguiCannotDoIsAFailedResultNotANoOp() {
    try (OsworldDesktop desktop = new OsworldDesktop(url, Optional.empty())) {
      ActionResult r = desktop.perform(new Action.TypeText("héllo"));
      assertThat(r.ok()).isFalse();
      assertThat(r.error()).contains("pyautogui cannot type 'é' (U+00E9, at index 1)");
      ActionResult back = desktop.perform(new Action.Click(new Point(1, 1), Action.MouseButton.BACK, 1));
      assertThat(back.error()).contains("pyautogui has no back mouse button");
      ActionResult refused = desktop.perform(Action.Click.left(new Point(2000, 1)));
      assertThat(refused.ok()).isFalse();
      assertThat(refused.error()).contains("pyautogui exited 1").contains("off the 100x50 screen");
    }
    assertThat(executor.performed).containsExactly(Action.Click.left(new Point(2000, 1)));
  }

  @Test
  void osworldHarnessCommandsArePerformedWithPyautoguiDefaults() throws Exception {
    // exactly what OSWorld's PythonController sends for CLICK{button,x,y} and TYPING
    String click = "{\"command\": [\"python\", \"-c\", \"import pyautogui; import time; pyautogui.FAILSAFE = False; "
        + "pyautogui.click(button='left', x=10, y=20, clicks=2)\"], \"shell\": false}";
    HttpResponse<String> r = post("/execute", "application/json", click);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    assertThat(body.path("returncode").asInt()).isZero();
    assertThat(body.path("output").asText()).isEmpty();
    String moveAndScroll = "{\"command\": [\"python\", \"-c\", \"import pyautogui; import time; pyautogui.FAILSAFE = False; "
        + "pyautogui.moveTo(30, 40, 0.7, pyautogui.easeInQuad); pyautogui.vscroll(-2); pyautogui.dragTo(50, 45, duration=1.0, button='left', mouseDownUp=True); "
        + "pyautogui.typewrite('a\\\\'b'); pyautogui.hotkey('ctrl', 'a'); pyautogui.press('pgdn')\"], \"shell\": false}";
    assertThat(post("/execute", "application/json", moveAndScroll).statusCode()).isEqualTo(200);
    assertThat(executor.performed).containsExactly(
        new Action.Click(new Point(10, 20), Action.MouseButton.LEFT, 2),
        new Action.MoveTo(new Point(30, 40)),
        new Action.Scroll(new Point(30, 40), 0, 2),
        new Action.Drag(new Point(30, 40), new Point(50, 45)),
        new Action.TypeText("a'b"),
        new Action.KeyChord(List.of("ctrl", "a")),
        new Action.KeyChord(List.of("pgdn")));
  }

  @Test
  void badPyautoguiArgumentsStopTheScriptWithOneLine() throws Exception {
    String bad = "{\"command\": [\"python\", \"-c\", \"import pyautogui; pyautogui.moveTo(1, 2); pyautogui.click(x='a', y=2)\"], \"shell\": false}";
    JsonNode body = JSON.readTree(post("/execute", "application/json", bad).body());
    assertThat(body.path("returncode").asInt()).isEqualTo(1);
    assertThat(body.path("error").asText()).isEqualTo("pyautogui.click(x='a', y=2): x must be a number, was 'a'");
    assertThat(executor.performed).containsExactly(new Action.MoveTo(new Point(1, 2)));
  }

  @Test
  void otherCommandsRunForRealInOsworldsShapes() throws Exception {
    JsonNode list = JSON.readTree(post("/execute", "application/json",
        "{\"command\": [\"sh\", \"-c\", \"echo out; echo err >&2; exit 3\"], \"shell\": false}").body());
    assertThat(list.path("status").asText()).isEqualTo("success");
    assertThat(list.path("output").asText()).isEqualTo("out\n");
    assertThat(list.path("error").asText()).isEqualTo("err\n");
    assertThat(list.path("returncode").asInt()).isEqualTo(3);
    JsonNode split = JSON.readTree(post("/setup/execute", "application/json",
        "{\"command\": \"printf '%s|' 'a b' c\", \"shell\": false}").body());
    assertThat(split.path("output").asText()).isEqualTo("a b|c|");
    JsonNode shell = JSON.readTree(post("/execute", "application/json", "{\"command\": \"echo $((6*7))\", \"shell\": true}").body());
    assertThat(shell.path("output").asText()).isEqualTo("42\n");
    HttpResponse<String> missing = post("/execute", "application/json", "{\"command\": [\"no-such-program-xyz\"], \"shell\": false}");
    assertThat(missing.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(missing.body()).path("message").asText()).isEqualTo("[Errno 2] No such file or directory: 'no-such-program-xyz'");
    HttpResponse<String> launched = post("/setup/launch", "application/json", "{\"command\": [\"true\", \"x\"]}");
    assertThat(launched.body()).isEqualTo("true x launched successfully");
  }

  @Test
  void filesGoUpAsMultipartAndComeBackByFormField() throws Exception {
    Path file = tmp.resolve("sub/dir/data.bin");
    byte[] content = new byte[300];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) i;
    }
    try (OsworldDesktop desktop = new OsworldDesktop(url, Optional.empty())) {
      desktop.writeFile(file.toString(), content);
      assertThat(Files.readAllBytes(file)).isEqualTo(content);
      assertThat(desktop.readFile(file.toString())).isEqualTo(content);
      assertThatThrownBy(() -> desktop.readFile(tmp.resolve("nope").toString()))
          .isInstanceOfSatisfying(DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.NO_SUCH_FILE));
      CommandResult r = desktop.run(Command.shell("echo hi; exit 4"));
      assertThat(r).isEqualTo(new CommandResult(4, "hi\n", "", false));
      CommandResult slow = desktop.run(Command.shell("sleep 5").withTimeout(Duration.ofSeconds(1)));
      assertThat(slow.timedOut()).isTrue();
      assertThat(desktop.cursorPosition()).isEqualTo(new Point(7, 8));
      assertThat(desktop.screenSize()).isEqualTo(new java.awt.Dimension(100, 50));
      assertThat(desktop.capture().image().getRGB(3, 4) & 0xffffff).isEqualTo(0x123456);
    }
    HttpResponse<String> noField = post("/file", "application/x-www-form-urlencoded", "path=x");
    assertThat(noField.statusCode()).isEqualTo(400);
    assertThat(noField.body()).isEqualTo("{\"error\":\"file_path is required\"}");
  }

  @Test
  void smallEndpointsAnswerAsFlaskDoes() throws Exception {
    assertThat(get("/platform").body()).isEqualTo("Linux");
    assertThat(get("/cursor_position").body()).isEqualTo("[7,8]");
    assertThat(post("/screen_size", "application/json", "").body()).isEqualTo("{\"height\":50,\"width\":100}");
    Files.createDirectories(tmp.resolve("a/b"));
    Files.writeString(tmp.resolve("a/f.txt"), "x");
    JsonNode tree = JSON.readTree(post("/list_directory", "application/json", "{\"path\": \"" + tmp.resolve("a") + "\"}").body());
    assertThat(tree.at("/directory_tree/name").asText()).isEqualTo("a");
    assertThat(tree.at("/directory_tree/children").toString()).contains("{\"type\":\"file\",\"name\":\"f.txt\"}")
        .contains("{\"type\":\"directory\",\"name\":\"b\",\"children\":[]}");
    HttpResponse<String> unknown = get("/no/such/endpoint");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("<title>404 Not Found</title>");
    HttpResponse<String> wrongMethod = get("/execute");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    HttpResponse<String> badJson = post("/execute", "application/json", "{\"command\": [");
    assertThat(badJson.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badJson.body()).path("error").asText()).startsWith("invalid JSON body: ").doesNotContain("\n");
    assertThat(post("/setup/activate_window", "application/json", "{}").body()).isEqualTo("window_name required");
  }

  @Test
  void theV1ApiKeepsNeedingTheTokenWhenOsworldIsOpen() throws Exception {
    assertThat(get("/v1/health").statusCode()).isEqualTo(401);
    assertThat(get("/v1/screenshot").statusCode()).isEqualTo(401);
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(url.resolve("/v1/health"))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(JSON.readTree(health.body()).path("protocol").asInt()).isEqualTo(dev.deskpilot.vm.GuestProtocol.VERSION);
  }

  @Test
  void withTheDefaultAccessOsworldEndpointsNeedTheTokenToo() throws Exception {
    try (GuestServer guarded = GuestServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, ":1",
        () -> Screenshot.of(screenImage), executor)) {
      URI u = URI.create("http://127.0.0.1:" + guarded.port());
      try (OsworldDesktop anonymous = new OsworldDesktop(u, Optional.empty());
          OsworldDesktop withToken = new OsworldDesktop(u, Optional.of(TOKEN))) {
        assertThatThrownBy(anonymous::screenSize).isInstanceOfSatisfying(DesktopException.class,
            e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.UNAUTHORIZED));
        assertThat(withToken.screenSize().width).isEqualTo(100);
      }
    }
  }

  @Test
  void tokenlessOsworldIsRefusedOnAnAddressOthersCanReach() {
    assertThatThrownBy(() -> GuestServer.start(new InetSocketAddress("0.0.0.0", 0), TOKEN, ":1",
        () -> Screenshot.of(screenImage), executor, GuestServer.OsworldAccess.OPEN_ON_LOOPBACK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only served on a loopback address, not on 0.0.0.0");
  }
}
