package dev.deskpilot.vm.osworld;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.vm.internal.PngImages;
import dev.deskpilot.vm.internal.PyautoguiWriter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A {@link Desktop} driven through OSWorld's in-VM server (port 5000) the way OSWorld's own
 * harness drives it: screenshots from {@code GET /screenshot}, actions as {@code pyautogui} code
 * run by {@code POST /execute} ({@code ["python", "-c", "import pyautogui; ..."]}), commands by
 * {@code /execute} and {@code /setup/launch}, files by {@code POST /file} and {@code POST
 * /setup/upload}, the pointer by {@code GET /cursor_position}.
 *
 * <p>What OSWorld's protocol cannot carry is a failed {@link ActionResult} naming it, never a
 * silent no-op: side mouse buttons, typing characters other than printable ASCII, new lines and
 * tabs (pyautogui types keys, not text). Command timeouts: OSWorld's server stops commands after
 * 120 s; shorter timeouts are kept by running the command under {@code timeout}.
 *
 * <p>Failures: connection refused, reset or timed out -> {@link DesktopException.Kind#UNREACHABLE}
 * naming the URL; 401 -> {@link DesktopException.Kind#UNAUTHORIZED}; a missing file -> {@link
 * DesktopException.Kind#NO_SUCH_FILE}; an unexpected reply -> {@link
 * DesktopException.Kind#BAD_REPLY}; any other refusal -> {@link DesktopException.Kind#FAILED}.
 */
public final class OsworldDesktop implements Desktop {
  /** OSWorld's server stops {@code /execute} commands after this long. */
  public static final Duration SERVER_COMMAND_LIMIT = Duration.ofSeconds(120);

  private static final MediaType JSON = MediaType.get("application/json");
  private static final MediaType BYTES = MediaType.get("application/octet-stream");
  private static final Pattern UPLOADED = Pattern.compile("File Uploaded: (\\d+) bytes");

  private final HttpUrl base;
  private final String name;
  private final Optional<String> authorization;
  private final OkHttpClient client;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param url the server, e.g. {@code http://192.168.122.10:5000}
   * @param token a bearer token to send, or empty (OSWorld's own server takes none)
   */
  public OsworldDesktop(URI url, Optional<String> token) {
    Objects.requireNonNull(url, "url");
    HttpUrl parsed = HttpUrl.parse(url.toString());
    if (parsed == null) {
      throw new IllegalArgumentException("OSWorld server URL must be http://HOST:PORT, was '" + url + "'");
    }
    this.base = parsed;
    this.name = parsed.scheme() + "://" + parsed.host() + ":" + parsed.port();
    this.authorization = Objects.requireNonNull(token, "token").map(t -> "Bearer " + t);
    this.client =
        new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(SERVER_COMMAND_LIMIT.plusSeconds(30))
            .writeTimeout(60, TimeUnit.SECONDS)
            .build();
  }

  /** The server's URL, e.g. {@code http://127.0.0.1:5000}. */
  public String url() {
    return name;
  }

  /** The VM's screen size from {@code POST /screen_size}; also the cheapest "is it up?" call. */
  public java.awt.Dimension screenSize() {
    JsonNode r = parse(bytes(request("screen_size").post(RequestBody.create(new byte[0], null)).build(), "screen size", null), "screen size");
    if (!r.path("width").canConvertToInt() || !r.path("height").canConvertToInt()) {
      throw badReply("screen size", "no width and height (" + r + ")", null);
    }
    return new java.awt.Dimension(r.path("width").asInt(), r.path("height").asInt());
  }

  /** The VM's accessibility tree as OSWorld's XML ({@code GET /accessibility}, its {@code "AT"}). */
  public String accessibilityXml() {
    JsonNode r = parse(bytes(request("accessibility").get().build(), "accessibility", null), "accessibility");
    if (!r.path("AT").isTextual()) {
      throw badReply("accessibility", "no \"AT\" string", null);
    }
    return r.path("AT").asText();
  }

  @Override
  public Screenshot capture() {
    byte[] png = bytes(request("screenshot").get().build(), "screenshot", null);
    try {
      BufferedImage image = PngImages.decode(png)
          .orElseThrow(() -> badReply("screenshot", "no PNG image (" + png.length + " bytes)", null));
      return Screenshot.of(image);
    } catch (IOException e) {
      throw badReply("screenshot", "an unreadable PNG (" + png.length + " bytes)", e);
    }
  }

  @Override
  public ActionResult perform(Action action) {
    Objects.requireNonNull(action, "action");
    long start = System.nanoTime();
    switch (action) {
      case Action.Wait w -> {
        // OSWorld's WAIT touches nothing in the VM: the harness waits.
        try {
          Thread.sleep(w.duration().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return ActionResult.failure("interrupted while waiting", millis(start));
        }
        return ActionResult.success(millis(start));
      }
      case Action.CursorPosition p -> {
        return ActionResult.success(millis(start)).withPointer(cursorPosition());
      }
      default -> { }
    }
    String statements;
    try {
      statements = PyautoguiWriter.statements(action);
    } catch (IllegalArgumentException e) {
      return ActionResult.failure("OSWorld's server cannot do this: " + e.getMessage(), millis(start));
    }
    if (statements.isEmpty()) {
      return ActionResult.success(millis(start));
    }
    JsonNode r = execute(List.of("python", "-c", PyautoguiWriter.PREFIX + statements), false, "action " + action.getClass().getSimpleName());
    int code = r.path("returncode").asInt(-1);
    if (!"success".equals(r.path("status").asText()) || code != 0) {
      String error = r.path("error").asText("").strip();
      return ActionResult.failure("pyautogui exited " + code + (error.isEmpty() ? "" : ": " + lastLine(error)), millis(start));
    }
    return ActionResult.success(millis(start));
  }

  /** Where the pointer is ({@code GET /cursor_position}). */
  public Point cursorPosition() {
    JsonNode r = parse(bytes(request("cursor_position").get().build(), "cursor position", null), "cursor position");
    if (!r.isArray() || r.size() != 2 || !r.get(0).canConvertToInt() || !r.get(1).canConvertToInt()) {
      throw badReply("cursor position", "not [x, y] (" + r + ")", null);
    }
    return new Point(r.get(0).asInt(), r.get(1).asInt());
  }

  @Override
  public CommandResult run(Command command) {
    boolean bounded = command.timeout().compareTo(SERVER_COMMAND_LIMIT) < 0;
    List<String> argv = new ArrayList<>();
    if (bounded) {
      long seconds = Math.max(1, (command.timeout().toMillis() + 999) / 1000);
      argv.addAll(List.of("timeout", "-k", "2", Long.toString(seconds)));
    }
    argv.addAll(command.processArgv());
    JsonNode r;
    try {
      r = execute(argv, false, "run " + command.argv());
    } catch (DesktopException e) {
      if (e.getMessage().contains("timed out after")) {
        return new CommandResult(-1, "", e.getMessage(), true);
      }
      throw e;
    }
    int code = r.path("returncode").asInt(-1);
    String out = r.path("output").asText("");
    String err = r.path("error").asText("");
    if (bounded && code == 124) {
      return new CommandResult(-1, out, err, true);
    }
    return new CommandResult(code, out, err, false);
  }

  @Override
  public void launch(Command command) {
    ObjectNode body = json.createObjectNode();
    if (command.shell()) {
      body.put("command", command.argv().getFirst());
    } else {
      ArrayNode list = body.putArray("command");
      command.argv().forEach(list::add);
    }
    body.put("shell", command.shell());
    bytes(request("setup/launch").post(RequestBody.create(body.toString().getBytes(StandardCharsets.UTF_8), JSON)).build(),
        "launch " + command.argv(), null);
  }

  @Override
  public byte[] readFile(String path) {
    requirePath(path);
    Request req = request("file").post(new FormBody.Builder().add("file_path", path).build()).build();
    return bytes(req, "read " + path, path);
  }

  @Override
  public void writeFile(String path, byte[] content) {
    requirePath(path);
    Objects.requireNonNull(content, "content");
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    MultipartBody body =
        new MultipartBody.Builder()
            .setType(MultipartBody.FORM)
            .addFormDataPart("file_path", path)
            .addFormDataPart("file_data", fileName.isEmpty() ? "file" : fileName, RequestBody.create(content, BYTES))
            .build();
    byte[] reply = bytes(request("setup/upload").post(body).build(), "write " + path, null);
    String text = new String(reply, StandardCharsets.UTF_8);
    Matcher m = UPLOADED.matcher(text);
    if (!m.find()) {
      throw badReply("write " + path, "'" + snippet(reply) + "' instead of 'File Uploaded: N bytes'", null);
    }
    if (Long.parseLong(m.group(1)) != content.length) {
      throw badReply("write " + path, "a count of " + m.group(1) + " bytes for " + content.length + " sent", null);
    }
  }

  /** Releases this client's connections; the VM keeps running. */
  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "OsworldDesktop[" + name + "]";
  }

  /** {@code POST /execute} as OSWorld's controller sends it; the reply's JSON. */
  private JsonNode execute(List<String> argv, boolean shell, String what) {
    ObjectNode body = json.createObjectNode();
    ArrayNode list = body.putArray("command");
    argv.forEach(list::add);
    body.put("shell", shell);
    Request req = request("execute").post(RequestBody.create(body.toString().getBytes(StandardCharsets.UTF_8), JSON)).build();
    return parse(bytes(req, what, null), what);
  }

  private Request.Builder request(String path) {
    Request.Builder b = new Request.Builder().url(base.newBuilder().addPathSegments(path).build());
    authorization.ifPresent(a -> b.header("Authorization", a));
    return b;
  }

  private JsonNode parse(byte[] body, String what) {
    try {
      JsonNode n = json.readTree(body);
      if (n == null || n.isMissingNode()) {
        throw badReply(what, "an empty reply", null);
      }
      return n;
    } catch (IOException e) {
      throw badReply(what, "a reply that is not JSON (" + snippet(body) + ")", e);
    }
  }

  private byte[] bytes(Request req, String what, String filePath) {
    try (Response r = client.newCall(req).execute()) {
      byte[] body = r.body().bytes();
      if (r.isSuccessful()) {
        return body;
      }
      if (r.code() == 401) {
        throw new DesktopException(DesktopException.Kind.UNAUTHORIZED, "OSWorld server at " + name + " refused our credentials");
      }
      if (r.code() == 404 && filePath != null) {
        throw new DesktopException(DesktopException.Kind.NO_SUCH_FILE, "no file " + filePath + " on the OSWorld VM at " + name);
      }
      if (r.code() == 404) {
        throw new DesktopException(DesktopException.Kind.FAILED,
            "OSWorld server at " + name + " has no endpoint for " + what + " (" + req.method() + " " + req.url().encodedPath() + ")");
      }
      throw new DesktopException(DesktopException.Kind.FAILED,
          "OSWorld server at " + name + " refused " + what + ": HTTP " + r.code() + ": " + errorText(body));
    } catch (InterruptedIOException e) {
      if ("interrupted".equals(e.getMessage())) {
        Thread.currentThread().interrupt();
      }
      throw unreachable(what, e);
    } catch (IOException e) {
      throw unreachable(what, e);
    }
  }

  private String errorText(byte[] body) {
    try {
      JsonNode n = json.readTree(body);
      if (n != null && n.isObject()) {
        for (String field : List.of("error", "message")) {
          if (n.path(field).isTextual() && !n.path(field).asText().isBlank()) {
            return n.path(field).asText().replaceAll("\\s*\\R\\s*", " ").strip();
          }
        }
      }
    } catch (IOException ignored) {
      // not JSON: show the text
    }
    return snippet(body);
  }

  private DesktopException unreachable(String what, IOException e) {
    return new DesktopException(
        DesktopException.Kind.UNREACHABLE,
        "OSWorld server at " + name + " is unreachable (" + what + "): " + e.getClass().getSimpleName() + ": " + e.getMessage(),
        e);
  }

  private DesktopException badReply(String what, String got, Throwable cause) {
    return new DesktopException(DesktopException.Kind.BAD_REPLY, "OSWorld server at " + name + " answered " + what + " with " + got, cause);
  }

  private static String snippet(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
    s = s.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
    return s.isEmpty() ? "empty body" : "'" + s + (body.length > 200 ? "...'" : "'");
  }

  private static String lastLine(String s) {
    String[] lines = s.strip().split("\\R");
    return lines[lines.length - 1].strip();
  }

  private static void requirePath(String path) {
    if (path == null || !(path.startsWith("/") || path.equals("~") || path.startsWith("~/"))) {
      throw new IllegalArgumentException("VM file path must be absolute or start with ~/, was '" + path + "'");
    }
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
