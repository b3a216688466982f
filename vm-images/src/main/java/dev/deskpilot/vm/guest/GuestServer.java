package dev.deskpilot.vm.guest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionExecutor;
import dev.deskpilot.actuators.ActionJson;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.vm.internal.GuestJson;
import dev.deskpilot.vm.internal.GuestWire;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The in-guest server: a small HTTP service that lets a host drive the desktop it runs on.
 *
 * <p>Every request must carry {@code Authorization: Bearer <token>} (compared in constant time),
 * else 401. Errors are JSON {@code {"error": "..."}}. Endpoints:
 *
 * <ul>
 *   <li>{@code GET /v1/health} -> {@code {"ok":true,"display":":N","width":W,"height":H,
 *       "protocol":P}} ({@link dev.deskpilot.vm.GuestProtocol#VERSION}: hosts refuse a guest of another protocol)
 *   <li>{@code GET /v1/screenshot} -> PNG bytes of the whole screen
 *   <li>{@code POST /v1/action} with an {@link Action} as JSON -> {@link ActionResult} as JSON
 *       (400 with the parse error in one line when the action is not valid)
 *   <li>{@code POST /v1/run} {@code {"argv":[..],"shell":false,"timeout_ms":N}} -> {@code
 *       {"exit_code","stdout","stderr","timed_out"}} (the process tree is killed on timeout)
 *   <li>{@code POST /v1/launch} same body -> {@code {"pid":N}}, the process left running
 *   <li>{@code GET /v1/file?path=ABS} -> the file's bytes, or 404 ({@code ~/} means the guest's home)
 *   <li>{@code PUT /v1/file?path=ABS} with the bytes -> {@code {"bytes":N}} (parents created)
 * </ul>
 *
 * <p>Next to {@code /v1}, on the same port, the server answers OSWorld's in-VM server protocol
 * ({@code /screenshot}, {@code /execute}, {@code /file}, {@code /setup/*}, {@code /accessibility},
 * ...; see {@code OsworldRoutes} and vm-images/README.md). Those paths need the same token unless
 * the server was started with an {@link OsworldAccess} that opens them; {@code /v1} always needs
 * it.
 *
 * <p>Actions are performed one at a time; other requests run concurrently.
 */
public final class GuestServer implements AutoCloseable {
  /** The environment variable the server reads its token from; commands it runs never see it. */
  public static final String TOKEN_VARIABLE = "DESKPILOT_GUEST_TOKEN";

  /** Shortest session token accepted. */
  public static final int MIN_TOKEN_LENGTH = 32;

  /**
   * The version of this protocol, reported by {@code /v1/health}. 2 added OSWorld's endpoints and
   * this field; a guest without the field speaks 1.
   */

  /** Who may call OSWorld's endpoints (the {@code /v1} API always needs the token). */
  public enum OsworldAccess {
    /** Only with the session token, like {@code /v1}. */
    TOKEN,
    /**
     * Without a token, as OSWorld's harness calls them; only allowed when the server is bound to
     * a loopback address (127.0.0.1, ::1), where only this machine reaches it.
     */
    OPEN_ON_LOOPBACK,
    /**
     * Without a token, for a server inside a VM whose port the host forwards from its own loopback
     * only (QEMU's {@code hostfwd=tcp:127.0.0.1:...}); the caller vouches for that. Never use it
     * for a server on a host.
     */
    OPEN_IN_VM
  }

  private static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
  private static final System.Logger LOG = System.getLogger(GuestServer.class.getName());

  private final HttpServer http;
  private final ExecutorService threads;
  private final byte[] expectedAuthDigest;
  private final String display;
  private final Supplier<Screenshot> screen;
  private final ActionExecutor executor;
  private final CommandRunner commands = new CommandRunner(List.of(TOKEN_VARIABLE));
  private final ObjectMapper json = GuestJson.mapper();
  private final ObjectMapper actionJson = ActionJson.mapper();
  private final ReentrantLock inputLock = new ReentrantLock();
  private final OsworldAccess osworldAccess;
  private final OsworldRoutes osworld;

  private GuestServer(
      HttpServer http,
      ExecutorService threads,
      String token,
      String display,
      Supplier<Screenshot> screen,
      ActionExecutor executor,
      OsworldAccess osworldAccess) {
    this.http = http;
    this.threads = threads;
    this.expectedAuthDigest = sha256("Bearer " + token);
    this.display = display;
    this.screen = screen;
    this.executor = executor;
    this.osworldAccess = osworldAccess;
    this.osworld = new OsworldRoutes(screen, executor, commands, inputLock);
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free port).
   *
   * @param token the session token clients must present, at least {@value #MIN_TOKEN_LENGTH} chars
   * @param display the X display name reported by {@code /v1/health}, e.g. {@code ":3"}
   * @param screen captures the whole screen
   * @param executor performs actions
   * @throws IOException when the address cannot be bound
   */
  public static GuestServer start(
      InetSocketAddress address,
      String token,
      String display,
      Supplier<Screenshot> screen,
      ActionExecutor executor)
      throws IOException {
    return start(address, token, display, screen, executor, OsworldAccess.TOKEN);
  }

  /**
   * Starts serving on {@code address}, with OSWorld's endpoints open as {@code osworldAccess} says.
   *
   * @throws IllegalArgumentException for {@link OsworldAccess#OPEN_ON_LOOPBACK} on an address that
   *     is not loopback (e.g. 0.0.0.0)
   * @throws IOException when the address cannot be bound
   */
  public static GuestServer start(
      InetSocketAddress address,
      String token,
      String display,
      Supplier<Screenshot> screen,
      ActionExecutor executor,
      OsworldAccess osworldAccess)
      throws IOException {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(osworldAccess, "osworldAccess");
    if (osworldAccess == OsworldAccess.OPEN_ON_LOOPBACK
        && (address.getAddress() == null || !address.getAddress().isLoopbackAddress())) {
      throw new IllegalArgumentException(
          "OSWorld endpoints without a token are only served on a loopback address, not on "
              + address.getHostString() + ":" + address.getPort()
              + " (bind 127.0.0.1, or keep the token)");
    }
    if (token == null || token.length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException(
          "session token must be at least "
              + MIN_TOKEN_LENGTH
              + " characters, was "
              + (token == null ? "missing" : token.length() + " characters"));
    }
    HttpServer http = HttpServer.create(address, 64);
    ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("guest-http-", 0).factory());
    GuestServer server =
        new GuestServer(
            http,
            threads,
            token,
            Objects.requireNonNull(display, "display"),
            Objects.requireNonNull(screen, "screen"),
            Objects.requireNonNull(executor, "executor"),
            osworldAccess);
    http.createContext("/", server::handle);
    http.setExecutor(threads);
    http.start();
    return server;
  }

  /** Where the server listens (with the port actually bound). */
  public InetSocketAddress address() {
    return http.getAddress();
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
  }

  /** A request that cannot be served as asked: its status and a one-line reason. */
  private static final class Refusal extends Exception {
    private final int status;

    Refusal(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private void handle(HttpExchange ex) {
    long start = System.nanoTime();
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getPath();
    int status = 500;
    try (ex) {
      try {
        boolean v1 = path.equals("/v1") || path.startsWith("/v1/");
        boolean open = !v1 && osworldAccess != OsworldAccess.TOKEN;
        if (!open && !authorized(ex)) {
          throw new Refusal(401, "missing or wrong session token (expected Authorization: Bearer <token>)");
        }
        status = v1 ? route(ex, method, path) : osworld.route(ex, method, path);
      } catch (Refusal r) {
        status = r.status;
        sendJson(ex, r.status, new GuestWire.ErrorReply(r.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 503;
        sendJson(ex, 503, new GuestWire.ErrorReply("the guest server is stopping"));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, method + " " + path + " failed", e);
        status = 500;
        sendJson(ex, 500, new GuestWire.ErrorReply(oneLine(e.toString())));
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, method + " " + path + ": could not reply: " + e);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    int finalStatus = status;
    LOG.log(System.Logger.Level.DEBUG, () -> method + " " + path + " -> " + finalStatus + " in " + millis + " ms");
  }

  private int route(HttpExchange ex, String method, String path)
      throws Refusal, IOException, InterruptedException {
    switch (path) {
      case "/v1/health" -> {
        requireMethod(method, "GET", path);
        Screenshot shot = screen.get();
        return sendJson(ex, 200, new GuestWire.HealthReply(true, display, shot.width(), shot.height(), dev.deskpilot.vm.GuestProtocol.VERSION));
      }
      case "/v1/screenshot" -> {
        requireMethod(method, "GET", path);
        byte[] png = PngEncoder.encode(screen.get().image());
        ex.getResponseHeaders().set("Content-Type", "image/png");
        ex.sendResponseHeaders(200, png.length);
        try (OutputStream os = ex.getResponseBody()) {
          os.write(png);
        }
        return 200;
      }
      case "/v1/action" -> {
        requireMethod(method, "POST", path);
        Action action = parseAction(ex);
        ActionResult result;
        inputLock.lockInterruptibly();
        try {
          result = executor.perform(action);
        } finally {
          inputLock.unlock();
        }
        return sendJson(ex, 200, result);
      }
      case "/v1/run" -> {
        requireMethod(method, "POST", path);
        Command command = command(parse(ex, GuestWire.RunRequest.class, "run request"));
        CommandResult r;
        try {
          r = commands.run(command);
        } catch (IOException e) {
          throw new Refusal(400, "cannot start " + command.argv() + ": " + oneLine(e.getMessage()));
        }
        return sendJson(ex, 200, new GuestWire.RunReply(r.exitCode(), r.stdout(), r.stderr(), r.timedOut()));
      }
      case "/v1/launch" -> {
        requireMethod(method, "POST", path);
        Command command = command(parse(ex, GuestWire.RunRequest.class, "launch request"));
        long pid;
        try {
          pid = commands.launch(command);
        } catch (IOException e) {
          throw new Refusal(400, "cannot start " + command.argv() + ": " + oneLine(e.getMessage()));
        }
        return sendJson(ex, 200, new GuestWire.LaunchReply(pid));
      }
      case "/v1/file" -> {
        Path file = fileParameter(ex);
        switch (method) {
          case "GET" -> {
            return readFile(ex, file);
          }
          case "PUT" -> {
            return writeFile(ex, file);
          }
          default -> throw new Refusal(405, method + " is not allowed on /v1/file (use GET or PUT)");
        }
      }
      default -> throw new Refusal(404, "no endpoint " + method + " " + path);
    }
  }

  private int readFile(HttpExchange ex, Path file) throws Refusal, IOException {
    if (Files.isDirectory(file)) {
      throw new Refusal(400, file + " is a directory, not a file");
    }
    long size;
    InputStream in;
    try {
      size = Files.size(file);
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new Refusal(404, "no such file: " + file);
    } catch (AccessDeniedException e) {
      throw new Refusal(403, "not allowed to read " + file);
    }
    try (in) {
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.sendResponseHeaders(200, size == 0 ? -1 : size);
      try (OutputStream os = ex.getResponseBody()) {
        in.transferTo(os);
      }
    }
    return 200;
  }

  private int writeFile(HttpExchange ex, Path file) throws Refusal, IOException {
    if (Files.isDirectory(file)) {
      throw new Refusal(400, file + " is a directory, not a file");
    }
    Path parent = file.getParent();
    Path temp;
    try {
      Files.createDirectories(parent);
      temp = Files.createTempFile(parent, "." + file.getFileName() + ".", ".part");
    } catch (AccessDeniedException e) {
      throw new Refusal(403, "not allowed to write in " + parent);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new Refusal(400, "cannot create directory " + e.getFile() + ": a file is in the way");
    }
    long bytes;
    try (InputStream in = ex.getRequestBody()) {
      bytes = Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    return sendJson(ex, 200, new GuestWire.WriteReply(bytes));
  }

  private static Path fileParameter(HttpExchange ex) throws Refusal {
    String query = ex.getRequestURI().getRawQuery();
    String value = null;
    if (query != null) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        if (name.equals("path")) {
          value = URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
    }
    if (value == null || value.isEmpty()) {
      throw new Refusal(400, "/v1/file needs a query parameter path=ABSOLUTE_PATH");
    }
    if (value.indexOf('\0') >= 0) {
      throw new Refusal(400, "file path contains a NUL character");
    }
    if (value.equals("~") || value.startsWith("~/")) {
      // The guest's home, as a shell would expand it: task files name paths in the user's home
      // without knowing where a throwaway sandbox home lives.
      // $HOME, not user.home: the JVM takes user.home from the passwd entry, not the session.
      String home = System.getenv("HOME");
      value = (home == null || home.isEmpty() ? System.getProperty("user.home") : home) + value.substring(1);
    }
    Path p = Path.of(value);
    if (!p.isAbsolute()) {
      throw new Refusal(400, "file path must be absolute or start with ~/, was '" + value + "'");
    }
    return p.normalize();
  }

  private static Command command(GuestWire.RunRequest r) throws Refusal {
    if (r.argv() == null) {
      throw new Refusal(400, "run request needs \"argv\": a list of strings");
    }
    Duration timeout = r.timeoutMs() == null ? DEFAULT_COMMAND_TIMEOUT : Duration.ofMillis(r.timeoutMs());
    try {
      return new Command(r.argv(), r.shell(), timeout);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new Refusal(400, "bad run request: " + e.getMessage());
    }
  }

  private <T> T parse(HttpExchange ex, Class<T> type, String what) throws Refusal, IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (body.length == 0) {
      throw new Refusal(400, "empty body: expected " + what + " JSON");
    }
    try {
      return json.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new Refusal(400, "invalid " + what + " JSON: " + GuestJson.oneLine(e));
    }
  }

  /** Actions are read strictly ({@link ActionJson}): a malformed one never reaches the screen. */
  private Action parseAction(HttpExchange ex) throws Refusal, IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (body.length == 0) {
      throw new Refusal(400, "empty body: expected action JSON");
    }
    try {
      return ActionJson.read(actionJson, new String(body, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new Refusal(400, oneLine(e.getMessage()));
    }
  }

  private static void requireMethod(String method, String expected, String path) throws Refusal {
    if (!method.equals(expected)) {
      throw new Refusal(405, method + " is not allowed on " + path + " (use " + expected + ")");
    }
  }

  private boolean authorized(HttpExchange ex) {
    String header = ex.getRequestHeaders().getFirst("Authorization");
    // Comparing fixed-length digests keeps the comparison's time independent of the token.
    return MessageDigest.isEqual(sha256(header == null ? "" : header), expectedAuthDigest);
  }

  private int sendJson(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
    return status;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
