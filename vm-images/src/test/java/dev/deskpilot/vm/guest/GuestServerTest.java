package dev.deskpilot.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionExecutor;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.vm.GuestHealth;
import dev.deskpilot.vm.HttpDesktop;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The guest server and {@link HttpDesktop} end to end on loopback, with a fake screen and input. */
class GuestServerTest {
  private static final String TOKEN = "t0ken-0123456789abcdef0123456789abcdef";

  /** Records every action and answers with a fixed result. */
  private static final class RecordingExecutor implements ActionExecutor {
    final List<Action> performed = new CopyOnWriteArrayList<>();

    @Override
    public ActionResult perform(Action action) {
      performed.add(action);
      return action instanceof Action.Click c && c.at().x() > 100
          ? ActionResult.failure("click at " + c.at() + " is outside the 100x50 screen", 1)
          : ActionResult.success(2);
    }
  }

  private final RecordingExecutor executor = new RecordingExecutor();
  private final BufferedImage screenImage = new BufferedImage(100, 50, BufferedImage.TYPE_INT_RGB);
  private GuestServer server;
  private HttpDesktop desktop;
  private URI url;

  @TempDir Path tmp;

  @BeforeEach
  void start() throws IOException {
    for (int y = 0; y < 50; y++) {
      for (int x = 0; x < 100; x++) {
        screenImage.setRGB(x, y, (x * 2) << 16 | (y * 5) << 8 | ((x + y) & 0xff));
      }
    }
    server =
        GuestServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            TOKEN,
            ":42",
            () -> Screenshot.of(screenImage),
            executor);
    url = URI.create("http://127.0.0.1:" + server.port());
    desktop = new HttpDesktop(url, TOKEN);
  }

  @AfterEach
  void stop() {
    desktop.close();
    server.close();
  }

  @Test
  void healthReportsDisplayAndScreenSize() {
    assertThat(desktop.health()).isEqualTo(new GuestHealth(":42", 100, 50));
  }

  @Test
  void screenshotArrivesPixelForPixel() {
    Screenshot shot = desktop.capture();
    assertThat(shot.image().getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(shot.width()).isEqualTo(100);
    assertThat(shot.height()).isEqualTo(50);
    for (int y = 0; y < 50; y++) {
      for (int x = 0; x < 100; x++) {
        assertThat(shot.image().getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(screenImage.getRGB(x, y));
      }
    }
  }

  @Test
  void everyKindOfActionTravelsAndComesBackAsItsResult() {
    List<Action> actions =
        List.of(
            new Action.Click(new Point(3, 4), Action.MouseButton.RIGHT, 2),
            new Action.MoveTo(new Point(5, 6)),
            new Action.Drag(new Point(1, 1), new Point(9, 9)),
            new Action.Scroll(new Point(7, 7), -1, 3),
            new Action.TypeText("A@#$%^&*()_+{}|:\"<>?~ é\n\t"),
            Action.KeyChord.parse("ctrl+shift+t"),
            new Action.Wait(Duration.ofMillis(1500)),
            new Action.Done(),
            new Action.Fail("cannot find it"));
    for (Action a : actions) {
      assertThat(desktop.perform(a).ok()).isTrue();
    }
    assertThat(executor.performed).containsExactlyElementsOf(actions);
  }

  @Test
  void aFailedActionIsAResultNotAnException() {
    ActionResult r = desktop.perform(Action.Click.left(new Point(500, 20)));
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).isEqualTo("click at (500,20) is outside the 100x50 screen");
  }

  @Test
  void wrongTokenIsUnauthorizedAndTheMessageNeverShowsAToken() {
    String wrong = "wrong-0123456789abcdef0123456789abcdef";
    try (HttpDesktop intruder = new HttpDesktop(url, wrong)) {
      assertThatThrownBy(intruder::capture)
          .isInstanceOfSatisfying(
              DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.UNAUTHORIZED))
          .hasMessage("guest at " + url + " refused the session token")
          .message()
          .doesNotContain(wrong)
          .doesNotContain(TOKEN);
    }
    assertThat(executor.performed).isEmpty();
  }

  @Test
  void requestsWithoutTokenGet401JsonEvenOnUnknownPaths() throws Exception {
    for (String path : List.of("/v1/health", "/v1/screenshot", "/nope")) {
      HttpResponse<String> r = raw("GET", path, null, null);
      assertThat(r.statusCode()).as(path).isEqualTo(401);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
      assertThat(r.body()).startsWith("{\"error\":\"missing or wrong session token");
    }
    assertThat(raw("GET", "/v1/health", "Bearer " + TOKEN + "x", null).statusCode()).isEqualTo(401);
    assertThat(raw("GET", "/v1/health", TOKEN, null).statusCode()).isEqualTo(401);
    assertThat(raw("GET", "/v1/health", "Bearer " + TOKEN, null).statusCode()).isEqualTo(200);
  }

  @Test
  void invalidActionJsonIs400WithTheProblemOnOneLine() throws Exception {
    HttpResponse<String> r =
        raw("POST", "/v1/action", "Bearer " + TOKEN, "{\"type\":\"click\",\"at\":{\"x\":1,\"y\":2},\n\"button\":\"LEFT\",\"count\":7}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("click count must be 1..3, was 7").contains("line 2").doesNotContain("\\n");
    HttpResponse<String> unknown = raw("POST", "/v1/action", "Bearer " + TOKEN, "{\"type\":\"teleport\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("teleport").contains("known type ids");
    assertThat(raw("POST", "/v1/action", "Bearer " + TOKEN, "not json").statusCode()).isEqualTo(400);
    assertThat(executor.performed).isEmpty();
  }

  @Test
  void unknownEndpointsAndWrongMethodsAreRefused() throws Exception {
    HttpResponse<String> missing = raw("GET", "/v1/nope", "Bearer " + TOKEN, null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("no endpoint GET /v1/nope");
    // outside /v1 the server speaks OSWorld's protocol, whose unknown paths get Flask's 404 page
    HttpResponse<String> osworld = raw("GET", "/v2/health", "Bearer " + TOKEN, null);
    assertThat(osworld.statusCode()).isEqualTo(404);
    assertThat(osworld.body()).contains("<title>404 Not Found</title>");
    assertThat(raw("POST", "/v1/health", "Bearer " + TOKEN, "{}").statusCode()).isEqualTo(405);
    assertThat(raw("DELETE", "/v1/file?path=/tmp/x", "Bearer " + TOKEN, null).statusCode()).isEqualTo(405);
  }

  @Test
  void runReturnsExitCodeAndBothStreams() {
    CommandResult r = desktop.run(Command.shell("echo out; echo err >&2; exit 3"));
    assertThat(r).isEqualTo(new CommandResult(3, "out\n", "err\n", false));
    CommandResult argv = desktop.run(Command.of("printf", "%s|", "a b", "ü"));
    assertThat(argv.stdout()).isEqualTo("a b|ü|");
  }

  @Test
  void runNeverShowsTheTokenVariableToCommands() {
    CommandResult r = desktop.run(Command.shell("env"));
    assertThat(r.stdout()).doesNotContain(GuestServer.TOKEN_VARIABLE);
  }

  @Test
  void runKillsTheWholeProcessTreeOnTimeout() throws Exception {
    Path pidFile = tmp.resolve("child.pid");
    CommandResult r =
        desktop.run(
            Command.shell("sleep 300 & echo $! > " + pidFile + "; echo started; wait")
                .withTimeout(Duration.ofMillis(700)));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.exitCode()).isEqualTo(-1);
    assertThat(r.stdout()).isEqualTo("started\n");
    long child = Long.parseLong(Files.readString(pidFile).strip());
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
  }

  @Test
  void runOfAMissingProgramFailsNamingIt() {
    assertThatThrownBy(() -> desktop.run(Command.of("/no/such/program")))
        .isInstanceOfSatisfying(
            DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.FAILED))
        .hasMessageContaining("/no/such/program");
  }

  @Test
  void launchReturnsAtOnceWithTheRunningPid() throws Exception {
    long pid = desktop.spawn(Command.of("sleep", "30"));
    ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
    try {
      assertThat(h.isAlive()).isTrue();
      assertThat(h.info().command()).hasValueSatisfying(c -> assertThat(c).endsWith("sleep"));
    } finally {
      h.destroyForcibly();
    }
  }

  @Test
  void filesRoundTripWithParentsCreated() {
    String path = tmp.resolve("a/b/c.bin").toString();
    byte[] content = new byte[300_000];
    new java.util.Random(7).nextBytes(content);
    desktop.writeFile(path, content);
    assertThat(desktop.readFile(path)).isEqualTo(content);
    desktop.writeFile(path, "second".getBytes(StandardCharsets.UTF_8));
    assertThat(desktop.readFile(path)).asString(StandardCharsets.UTF_8).isEqualTo("second");
    String empty = tmp.resolve("empty").toString();
    desktop.writeFile(empty, new byte[0]);
    assertThat(desktop.readFile(empty)).isEmpty();
    String odd = tmp.resolve("with space & ü?.txt").toString();
    desktop.writeFile(odd, new byte[] {1, 2});
    assertThat(Files.exists(Path.of(odd))).isTrue();
  }

  @Test
  void aMissingFileIsNoSuchFileNamingThePath() {
    String path = tmp.resolve("missing.txt").toString();
    assertThatThrownBy(() -> desktop.readFile(path))
        .isInstanceOfSatisfying(
            DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.NO_SUCH_FILE))
        .hasMessageContaining(path);
  }

  @Test
  void relativeFilePathsAreRefused() throws Exception {
    HttpResponse<String> r = raw("GET", "/v1/file?path=etc/passwd", "Bearer " + TOKEN, null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("must be absolute");
  }

  @Test
  void aClosedGuestIsUnreachableNamingItsUrl() {
    server.close();
    assertThatThrownBy(desktop::health)
        .isInstanceOfSatisfying(
            DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.UNREACHABLE))
        .hasMessageContaining(url.toString())
        .message()
        .doesNotContain(TOKEN);
  }

  @Test
  void garbledRepliesAreBadReply() throws IOException {
    com.sun.net.httpserver.HttpServer liar =
        com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    liar.createContext(
        "/",
        ex -> {
          byte[] body = "<html>hello</html>".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    liar.start();
    try (HttpDesktop d = new HttpDesktop(URI.create("http://127.0.0.1:" + liar.getAddress().getPort()), TOKEN)) {
      for (org.assertj.core.api.ThrowableAssert.ThrowingCallable call :
          List.<org.assertj.core.api.ThrowableAssert.ThrowingCallable>of(
              d::health, d::capture, () -> d.perform(new Action.Done()), () -> d.run(Command.of("true")))) {
        assertThatThrownBy(call)
            .isInstanceOfSatisfying(
                DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.BAD_REPLY));
      }
    } finally {
      liar.stop(0);
    }
  }

  @Test
  void aShortTokenIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(
            () ->
                GuestServer.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    "short-secret",
                    ":1",
                    () -> Screenshot.of(screenImage),
                    executor))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("session token must be at least 32 characters, was 12 characters");
  }

  private HttpResponse<String> raw(String method, String path, String authorization, String body)
      throws IOException, InterruptedException {
    try (HttpClient c = HttpClient.newHttpClient()) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(url.resolve(path))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
  }
}
