package dev.deskpilot.vm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.vm.internal.GuestJson;
import dev.deskpilot.vm.internal.GuestWire;
import dev.deskpilot.vm.internal.PngImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A {@link Desktop} driven through the in-guest server ({@code dev.deskpilot.vm.guest.GuestServer})
 * of a sandbox or VM, over HTTP with a per-session bearer token.
 *
 * <p>Failures: connection refused, reset or timed out -> {@link DesktopException.Kind#UNREACHABLE}
 * (the message names the URL); 401 -> {@link DesktopException.Kind#UNAUTHORIZED}; a missing file
 * -> {@link DesktopException.Kind#NO_SUCH_FILE} naming the path; a reply that does not parse -> {@link
 * DesktopException.Kind#BAD_REPLY}; anything else the guest refuses -> {@link
 * DesktopException.Kind#FAILED} with its reason. The token never appears in a message.
 *
 * <p>Thread-safe; the guest performs actions one at a time.
 */
public final class HttpDesktop implements Desktop {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final MediaType BYTES = MediaType.get("application/octet-stream");
  private static final Duration SLACK = Duration.ofSeconds(30);

  private final HttpUrl base;
  private final String name;
  private final String authorization;
  private final OkHttpClient client;
  private final ObjectMapper json = GuestJson.mapper();

  /**
   * @param baseUrl the guest server, e.g. {@code http://127.0.0.1:41234}
   * @param token the session token the guest was started with
   */
  public HttpDesktop(URI baseUrl, String token) {
    Objects.requireNonNull(baseUrl, "baseUrl");
    HttpUrl parsed = HttpUrl.parse(baseUrl.toString());
    if (parsed == null) {
      throw new IllegalArgumentException("guest URL must be http(s)://HOST:PORT, was " + baseUrl);
    }
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a guest session token is required");
    }
    this.base = parsed;
    this.name = parsed.scheme() + "://" + parsed.host() + ":" + parsed.port();
    this.authorization = "Bearer " + token;
    this.client =
        new OkHttpClient.Builder()
            .connectTimeout(5, TimeUnit.SECONDS)
            .readTimeout(60, TimeUnit.SECONDS)
            .writeTimeout(60, TimeUnit.SECONDS)
            .build();
  }

  /** The guest server's URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return name;
  }

  /**
   * Asks the guest whether it is up, and which display and screen size it drives.
   *
   * @throws DesktopException FAILED when the guest speaks another protocol version than this host
   *     ({@link GuestProtocol#VERSION}), saying to rebuild the image
   */
  public GuestHealth health() {
    GuestWire.HealthReply r = getJson("v1/health", GuestWire.HealthReply.class, "health");
    int protocol = r.protocol() == null ? 1 : r.protocol();
    if (protocol != GuestProtocol.VERSION) {
      throw new DesktopException(
          DesktopException.Kind.FAILED,
          "guest protocol " + protocol + ", host expects " + GuestProtocol.VERSION + ": rebuild the image with ./deskpilot vm build");
    }
    if (!r.ok()) {
      throw new DesktopException(DesktopException.Kind.FAILED, "guest at " + name + " reports it is not healthy");
    }
    return new GuestHealth(r.display(), r.width(), r.height());
  }

  @Override
  public Screenshot capture() {
    byte[] png = bytes(request("v1/screenshot").get().build(), client, "screenshot", null);
    BufferedImage image;
    try {
      image = PngImages.decode(png).orElseThrow(() -> badReply("screenshot", "no PNG image (" + png.length + " bytes)", null));
    } catch (IOException e) {
      throw badReply("screenshot", "an unreadable PNG (" + png.length + " bytes)", e);
    }
    return Screenshot.of(image);
  }

  @Override
  public ActionResult perform(Action action) {
    Objects.requireNonNull(action, "action");
    Duration allowance = SLACK;
    if (action instanceof Action.Wait w) {
      allowance = allowance.plus(w.duration());
    } else if (action instanceof Action.TypeText t) {
      allowance = allowance.plusMillis(25L * t.text().length());
    }
    ActionResult r = postJson("v1/action", action, ActionResult.class, "action " + kind(action), allowance);
    return r;
  }

  @Override
  public CommandResult run(Command command) {
    GuestWire.RunReply r =
        postJson(
            "v1/run",
            wire(command),
            GuestWire.RunReply.class,
            "run " + command.argv(),
            command.timeout().plus(SLACK));
    if (r.stdout() == null || r.stderr() == null) {
      throw badReply("run " + command.argv(), "a reply without stdout/stderr", null);
    }
    return new CommandResult(r.exitCode(), r.stdout(), r.stderr(), r.timedOut());
  }

  @Override
  public void launch(Command command) {
    spawn(command);
  }

  /** Like {@link #launch} but returns the process id of the started command inside the guest. */
  public long spawn(Command command) {
    GuestWire.LaunchReply r =
        postJson("v1/launch", wire(command), GuestWire.LaunchReply.class, "launch " + command.argv(), SLACK);
    return r.pid();
  }

  @Override
  public byte[] readFile(String path) {
    requireAbsolute(path);
    Request req = request(fileUrl(path)).get().build();
    return bytes(req, client, "read " + path, path);
  }

  @Override
  public void writeFile(String path, byte[] content) {
    requireAbsolute(path);
    Objects.requireNonNull(content, "content");
    Request req = request(fileUrl(path)).put(RequestBody.create(content, BYTES)).build();
    GuestWire.WriteReply r = parse(bytes(req, client, "write " + path, null), GuestWire.WriteReply.class, "write " + path);
    if (r.bytes() != content.length) {
      throw badReply("write " + path, "a count of " + r.bytes() + " bytes for " + content.length + " sent", null);
    }
  }

  /** Releases this client's connections; the guest keeps running. */
  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "HttpDesktop[" + name + "]";
  }

  private static GuestWire.RunRequest wire(Command c) {
    return new GuestWire.RunRequest(c.argv(), c.shell(), c.timeout().toMillis());
  }

  private HttpUrl fileUrl(String path) {
    return base.newBuilder().addPathSegments("v1/file").addQueryParameter("path", path).build();
  }

  private Request.Builder request(String pathSegments) {
    return request(base.newBuilder().addPathSegments(pathSegments).build());
  }

  private Request.Builder request(HttpUrl url) {
    return new Request.Builder().url(url).header("Authorization", authorization);
  }

  private <T> T getJson(String path, Class<T> type, String what) {
    return parse(bytes(request(path).get().build(), client, what, null), type, what);
  }

  private <T> T postJson(String path, Object body, Class<T> type, String what, Duration allowance) {
    byte[] payload;
    try {
      payload = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + what + " as JSON: " + e.getOriginalMessage(), e);
    }
    OkHttpClient c =
        allowance.compareTo(Duration.ofSeconds(60)) <= 0
            ? client
            : client.newBuilder().readTimeout(allowance).build();
    Request req = request(path).post(RequestBody.create(payload, JSON)).build();
    return parse(bytes(req, c, what, null), type, what);
  }

  private <T> T parse(byte[] body, Class<T> type, String what) {
    try {
      T value = json.readValue(body, type);
      if (value == null) {
        throw badReply(what, "an empty JSON reply", null);
      }
      return value;
    } catch (IOException e) {
      throw badReply(what, "a reply that is not the expected JSON (" + snippet(body) + ")", e);
    }
  }

  /**
   * Sends a request and returns the body of a 2xx reply; maps every other outcome to a {@link
   * DesktopException}.
   *
   * @param filePath the file asked for, when a 404 means "no such file"
   */
  private byte[] bytes(Request req, OkHttpClient c, String what, String filePath) {
    try (Response r = c.newCall(req).execute()) {
      byte[] body = r.body().bytes();
      if (r.isSuccessful()) {
        return body;
      }
      if (r.code() == 401) {
        throw new DesktopException(
            DesktopException.Kind.UNAUTHORIZED, "guest at " + name + " refused the session token");
      }
      if (r.code() == 404 && filePath != null) {
        throw new DesktopException(
            DesktopException.Kind.NO_SUCH_FILE, "no file " + filePath + " on the guest at " + name);
      }
      throw new DesktopException(
          DesktopException.Kind.FAILED,
          "guest at " + name + " refused " + what + ": HTTP " + r.code() + ": " + errorText(body));
    } catch (InterruptedIOException e) {
      if ("interrupted".equals(e.getMessage())) {
        Thread.currentThread().interrupt();
      }
      throw unreachable(what, e);
    } catch (IOException e) {
      throw unreachable(what, e);
    }
  }

  private DesktopException unreachable(String what, IOException e) {
    return new DesktopException(
        DesktopException.Kind.UNREACHABLE,
        "guest at " + name + " is unreachable (" + what + "): " + e.getClass().getSimpleName() + ": " + e.getMessage(),
        e);
  }

  private DesktopException badReply(String what, String got, Throwable cause) {
    return new DesktopException(
        DesktopException.Kind.BAD_REPLY, "guest at " + name + " answered " + what + " with " + got, cause);
  }

  private String errorText(byte[] body) {
    try {
      GuestWire.ErrorReply e = json.readValue(body, GuestWire.ErrorReply.class);
      if (e != null && e.error() != null) {
        return e.error();
      }
    } catch (IOException ignored) {
      // not our error shape: show the raw text instead
    }
    return snippet(body);
  }

  private static String snippet(byte[] body) {
    String s = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
    s = s.replaceAll("\\s*\\R\\s*", " ").strip();
    return s.isEmpty() ? "empty body" : "'" + s + (body.length > 200 ? "...'" : "'");
  }

  private static void requireAbsolute(String path) {
    if (path == null || !(path.startsWith("/") || path.equals("~") || path.startsWith("~/"))) {
      throw new IllegalArgumentException("guest file path must be absolute or start with ~/ (the guest's home), was '" + path + "'");
    }
  }

  private static String kind(Action a) {
    return a.getClass().getSimpleName();
  }
}
