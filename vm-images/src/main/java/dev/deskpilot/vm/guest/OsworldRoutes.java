package dev.deskpilot.vm.guest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Shlex;
import dev.deskpilot.actuators.ActionExecutor;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.perception.AccessibilityTree;
import dev.deskpilot.perception.Screenshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OSWorld's in-VM server protocol ({@code desktop_env/server/main.py}, Flask on port 5000) served
 * by the guest server next to its own {@code /v1} API: the same paths, request bodies, reply
 * shapes, status codes and error texts, so OSWorld's harness and {@code PythonController} work
 * against a Deskpilot guest. Differences are documented in vm-images/README.md ({@code pyautogui}
 * commands are performed by the guest's own executor; screenshots carry no cursor).
 */
final class OsworldRoutes {
  /** OSWorld's {@code /execute} timeout. */
  private static final Duration EXECUTE_TIMEOUT = Duration.ofSeconds(120);

  private static final Duration PYTHON_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SHORT = Duration.ofSeconds(30);
  private static final Duration ACCESSIBILITY_TIMEOUT = Duration.ofSeconds(120);
  private static final String NOT_FOUND_HTML = """
      <!doctype html>
      <html lang=en>
      <title>404 Not Found</title>
      <h1>Not Found</h1>
      <p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>
      """;
  private static final String NOT_ALLOWED_HTML = """
      <!doctype html>
      <html lang=en>
      <title>405 Method Not Allowed</title>
      <h1>Method Not Allowed</h1>
      <p>The method is not allowed for the requested URL.</p>
      """;

  /** Path -> the one method it answers. */
  static final Map<String, String> ENDPOINTS = Map.ofEntries(
      Map.entry("/screenshot", "GET"),
      Map.entry("/accessibility", "GET"),
      Map.entry("/terminal", "GET"),
      Map.entry("/platform", "GET"),
      Map.entry("/cursor_position", "GET"),
      Map.entry("/screen_size", "POST"),
      Map.entry("/execute", "POST"),
      Map.entry("/setup/execute", "POST"),
      Map.entry("/setup/launch", "POST"),
      Map.entry("/file", "POST"),
      Map.entry("/setup/upload", "POST"),
      Map.entry("/list_directory", "POST"),
      Map.entry("/setup/open_file", "POST"),
      Map.entry("/setup/activate_window", "POST"),
      Map.entry("/setup/close_window", "POST"),
      Map.entry("/run_python", "POST"),
      Map.entry("/run_bash_script", "POST"));

  private final Supplier<Screenshot> screen;
  private final ActionExecutor executor;
  private final CommandRunner commands;
  private final Lock inputLock;
  /** Flask's {@code jsonify} sorts keys. */
  private final ObjectMapper json =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  OsworldRoutes(Supplier<Screenshot> screen, ActionExecutor executor, CommandRunner commands, Lock inputLock) {
    this.screen = screen;
    this.executor = executor;
    this.commands = commands;
    this.inputLock = inputLock;
  }

  /** A request that cannot be served: its status and the body OSWorld would send. */
  static final class Reply extends Exception {
    final int status;
    final Object body;

    Reply(int status, Object body) {
      super(String.valueOf(body), null, false, false);
      this.status = status;
      this.body = body;
    }
  }

  /** Serves one OSWorld request; returns the status sent. */
  int route(HttpExchange ex, String method, String path) throws IOException, InterruptedException {
    String allowed = ENDPOINTS.get(path);
    try {
      if (allowed == null) {
        return html(ex, 404, NOT_FOUND_HTML);
      }
      if (!allowed.equals(method)) {
        ex.getResponseHeaders().set("Allow", allowed + ", OPTIONS" + (allowed.equals("GET") ? ", HEAD" : ""));
        return html(ex, 405, NOT_ALLOWED_HTML);
      }
      return switch (path) {
        case "/screenshot" -> screenshot(ex);
        case "/accessibility" -> accessibility(ex);
        case "/terminal" -> terminal(ex);
        case "/platform" -> html(ex, 200, "Linux");
        case "/cursor_position" -> cursorPosition(ex);
        case "/screen_size" -> screenSize(ex);
        case "/execute", "/setup/execute" -> execute(ex);
        case "/setup/launch" -> launch(ex);
        case "/file" -> file(ex);
        case "/setup/upload" -> upload(ex);
        case "/list_directory" -> listDirectory(ex);
        case "/setup/open_file" -> openFile(ex);
        case "/setup/activate_window" -> window(ex, 'a', "Window activated successfully");
        case "/setup/close_window" -> window(ex, 'c', "Window closed successfully.");
        case "/run_python" -> runPython(ex);
        case "/run_bash_script" -> runBashScript(ex);
        default -> throw new IllegalStateException("endpoint " + path + " is listed but has no handler");
      };
    } catch (Reply r) {
      return r.body instanceof String s ? html(ex, r.status, s) : send(ex, r.status, r.body);
    }
  }

  // ---- the screen ----

  private int screenshot(HttpExchange ex) throws IOException {
    byte[] png = PngEncoder.encode(screen.get().image());
    ex.getResponseHeaders().set("Content-Type", "image/png");
    ex.sendResponseHeaders(200, png.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(png);
    }
    return 200;
  }

  private int cursorPosition(HttpExchange ex) throws IOException, InterruptedException, Reply {
    ActionResult r;
    inputLock.lockInterruptibly();
    try {
      r = executor.perform(new Action.CursorPosition());
    } finally {
      inputLock.unlock();
    }
    if (!r.ok() || r.pointer() == null) {
      throw new Reply(500, error("cannot read the pointer position: " + r.error()));
    }
    return send(ex, 200, List.of(r.pointer().x(), r.pointer().y()));
  }

  private int screenSize(HttpExchange ex) throws IOException {
    drain(ex);
    Screenshot shot = screen.get();
    return send(ex, 200, Map.of("width", shot.width(), "height", shot.height()));
  }

  private int accessibility(HttpExchange ex) throws IOException, InterruptedException, Reply {
    drain(ex);
    String tree = dumpTree();
    String xml;
    try {
      xml = AccessibilityTree.osworldXml(tree);
    } catch (IllegalArgumentException e) {
      throw new Reply(500, statusError("the AT-SPI dumper printed no tree: " + oneLine(e.getMessage())));
    }
    return send(ex, 200, Map.of("AT", xml));
  }

  /** The focused terminal's text of an active gnome-terminal window, as OSWorld reads it, or null. */
  private int terminal(HttpExchange ex) throws IOException, InterruptedException, Reply {
    JsonNode root = json.readTree(dumpTree());
    String output = null;
    for (JsonNode app : root.path("nodes")) {
      if (!app.path("role").asText().equals("application") || !app.path("name").asText().equals("gnome-terminal-server")) {
        continue;
      }
      for (JsonNode frame : app.path("children")) {
        if (frame.path("role").asText().equals("frame") && has(frame, "active")) {
          List<JsonNode> terminals = new ArrayList<>();
          collect(frame, "terminal", "focused", terminals);
          if (terminals.size() == 1) {
            output = terminals.getFirst().path("text").asText("").stripTrailing();
          }
        }
      }
    }
    ObjectNode reply = json.createObjectNode();
    reply.put("output", output);
    reply.put("status", "success");
    return send(ex, 200, reply);
  }

  private static boolean has(JsonNode node, String state) {
    for (JsonNode s : node.path("states")) {
      if (s.asText().equals(state)) {
        return true;
      }
    }
    return false;
  }

  private static void collect(JsonNode node, String role, String state, List<JsonNode> out) {
    for (JsonNode c : node.path("children")) {
      if (c.path("role").asText().equals(role) && has(c, state)) {
        out.add(c);
      }
      collect(c, role, state, out);
    }
  }

  /** Runs the bundled AT-SPI dumper in OSWorld mode inside the session; its JSON. */
  private String dumpTree() throws IOException, InterruptedException, Reply {
    Path script = Files.createTempFile("deskpilot-atspi-", ".py");
    try {
      Files.writeString(script, AccessibilityTree.dumperScript(), StandardCharsets.UTF_8);
      CommandResult r = run(new Command(List.of("/usr/bin/python3", script.toString(), "--osworld"), false, ACCESSIBILITY_TIMEOUT));
      if (r.timedOut()) {
        throw new Reply(500, statusError("reading the accessibility tree took more than " + ACCESSIBILITY_TIMEOUT.toSeconds() + " s"));
      }
      if (r.exitCode() != 0) {
        throw new Reply(500, statusError("cannot read the accessibility tree (exit " + r.exitCode() + "): " + oneLine(r.stderr())));
      }
      return r.stdout();
    } finally {
      Files.deleteIfExists(script);
    }
  }

  // ---- commands ----

  private int execute(HttpExchange ex) throws IOException, InterruptedException, Reply {
    JsonNode body = jsonBody(ex);
    boolean shell = body.path("shell").asBoolean(false);
    List<String> argv = commandOf(body, shell);
    if (!shell) {
      Optional<PyautoguiRunner> pyautogui = PyautoguiRunner.of(argv);
      if (pyautogui.isPresent()) {
        PyautoguiRunner.Outcome o = pyautogui.get().run(executor, inputLock);
        return send(ex, 200, executeReply("", o.error(), o.returncode()));
      }
    }
    Command command = toCommand(argv, shell, EXECUTE_TIMEOUT);
    CommandResult r;
    try {
      r = commands.run(command);
    } catch (IOException e) {
      throw new Reply(500, statusError(startError(argv, e)));
    }
    if (r.timedOut()) {
      throw new Reply(500, statusError("Command '" + describe(argv, shell) + "' timed out after " + EXECUTE_TIMEOUT.toSeconds() + " seconds"));
    }
    return send(ex, 200, executeReply(r.stdout(), r.stderr(), r.exitCode()));
  }

  private static Map<String, Object> executeReply(String output, String error, int returncode) {
    return ordered("status", "success", "output", output, "error", error, "returncode", returncode);
  }

  private int launch(HttpExchange ex) throws IOException, Reply {
    JsonNode body = jsonBody(ex);
    boolean shell = body.path("shell").asBoolean(false);
    List<String> argv = commandOf(body, shell);
    try {
      commands.launch(toCommand(argv, shell, SHORT));
    } catch (IOException e) {
      throw new Reply(500, statusError(startError(argv, e)));
    }
    return html(ex, 200, describe(argv, shell) + " launched successfully");
  }

  private int runPython(HttpExchange ex) throws IOException, InterruptedException, Reply {
    JsonNode body = jsonBody(ex);
    String code = body.path("code").isTextual() ? body.path("code").asText() : "";
    if (code.isEmpty()) {
      throw new Reply(400, ordered("status", "error", "message", "Code not supplied!"));
    }
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "python_exec_" + HexFormat.of().formatHex(randomBytes()) + ".py");
    try {
      Files.writeString(file, code, StandardCharsets.UTF_8);
      CommandResult r = run(new Command(List.of("/usr/bin/python3", file.toString()), false, PYTHON_TIMEOUT));
      if (r.timedOut()) {
        Map<String, Object> reply = ordered("status", "error", "message", "Execution timeout: Code took too long to execute",
            "error", "TimeoutExpired", "need_more", false, "output", null);
        throw new Reply(500, reply);
      }
      String error = r.stderr();
      String message = r.stdout();
      if (!error.isEmpty()) {
        message += message.isEmpty() ? error : "\n" + error;
      }
      String status = "success";
      if (r.exitCode() != 0) {
        status = "error";
        if (error.isEmpty()) {
          error = "Process exited with code " + r.exitCode();
          message = message.isEmpty() ? error : message + "\n" + error;
        }
      }
      return send(ex, 200, ordered("status", status, "message", message, "need_more", false, "output", r.stdout(),
          "error", error, "return_code", r.exitCode()));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private int runBashScript(HttpExchange ex) throws IOException, InterruptedException, Reply {
    JsonNode body = jsonBody(ex);
    String script = body.path("script").isTextual() ? body.path("script").asText() : "";
    if (script.isEmpty()) {
      throw new Reply(400, ordered("status", "error", "output", "Script not supplied!", "error", "", "returncode", -1));
    }
    long timeout = body.path("timeout").canConvertToLong() && body.path("timeout").asLong() > 0 ? body.path("timeout").asLong() : 100;
    String dir = body.path("working_dir").isTextual() ? expandUser(body.path("working_dir").asText()) : null;
    if (dir != null && !Files.exists(Path.of(dir))) {
      throw new Reply(400, ordered("status", "error", "output", "Working directory does not exist: " + dir, "error", "", "returncode", -1));
    }
    if (!script.contains("#!/bin/bash")) {
      script = "#!/bin/bash\n\n" + script;
    }
    Path file = Files.createTempFile("deskpilot-", ".sh", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      // stderr joins stdout, as OSWorld's server does
      String line = (dir == null ? "" : "cd " + shellQuote(dir) + " && ") + "exec /bin/bash " + shellQuote(file.toString()) + " 2>&1";
      CommandResult r = run(new Command(List.of(line), true, Duration.ofSeconds(timeout)));
      if (r.timedOut()) {
        throw new Reply(500, ordered("status", "error", "output", "Script execution timed out after " + timeout + " seconds",
            "error", "", "returncode", -1));
      }
      return send(ex, 200, ordered("status", r.exitCode() == 0 ? "success" : "error", "output", r.stdout(), "error", "",
          "returncode", r.exitCode()));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  // ---- files ----

  private int file(HttpExchange ex) throws IOException, Reply {
    Map<String, FormData.Part> form = form(ex);
    FormData.Part p = form.get("file_path");
    if (p == null) {
      throw new Reply(400, Map.of("error", "file_path is required"));
    }
    Path file = Path.of(expandVars(expandUser(p.text())));
    if (!Files.exists(file)) {
      throw new Reply(404, Map.of("error", "File not found"));
    }
    if (Files.isDirectory(file)) {
      throw new Reply(500, Map.of("error", "Failed to serve file: [Errno 21] Is a directory: '" + file + "'"));
    }
    long size = Files.size(file);
    try (InputStream in = Files.newInputStream(file)) {
      ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
      ex.getResponseHeaders().set("Content-Disposition", "attachment; filename=" + file.getFileName());
      ex.sendResponseHeaders(200, size == 0 ? -1 : size);
      try (OutputStream os = ex.getResponseBody()) {
        in.transferTo(os);
      }
    } catch (java.nio.file.AccessDeniedException e) {
      throw new Reply(500, Map.of("error", "Failed to serve file: [Errno 13] Permission denied: '" + file + "'"));
    }
    return 200;
  }

  private int upload(HttpExchange ex) throws IOException, Reply {
    Map<String, FormData.Part> form = form(ex);
    FormData.Part path = form.get("file_path");
    FormData.Part data = form.get("file_data");
    if (path == null || data == null || data.filename().isEmpty()) {
      throw new Reply(400, Map.of("error", "file_path and file_data are required"));
    }
    Path file = Path.of(expandVars(expandUser(path.text())));
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".part");
      try {
        Files.write(temp, data.content());
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new Reply(500, Map.of("error", "Failed to upload file: " + oneLine(e.toString())));
    }
    return html(ex, 200, "File Uploaded: " + Files.size(file) + " bytes");
  }

  private int listDirectory(HttpExchange ex) throws IOException, Reply {
    JsonNode body = jsonBody(ex);
    if (!body.has("path")) {
      throw new Reply(400, Map.of("error", "Missing 'path' parameter"));
    }
    Path start = Path.of(body.path("path").asText(""));
    if (!Files.isDirectory(start)) {
      throw new Reply(400, Map.of("error", "The provided path is not a directory"));
    }
    return send(ex, 200, Map.of("directory_tree", tree(start)));
  }

  private ObjectNode tree(Path dir) {
    ObjectNode node = json.createObjectNode();
    node.put("type", "directory");
    node.put("name", dir.getFileName() == null ? "" : dir.getFileName().toString());
    ArrayNode children = node.putArray("children");
    try (var entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        // Symbolic links to directories are listed as files: following them could loop.
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          children.add(tree(p));
        } else {
          children.addObject().put("type", "file").put("name", p.getFileName().toString());
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      ObjectNode failed = json.createObjectNode();
      failed.put("error", oneLine(e.getMessage()));
      return failed;
    }
    return node;
  }

  // ---- windows ----

  private int openFile(HttpExchange ex) throws IOException, InterruptedException, Reply {
    JsonNode body = jsonBody(ex);
    String path = body.path("path").asText("");
    if (path.isEmpty()) {
      throw new Reply(400, "Path not supplied!");
    }
    double timeout;
    JsonNode t = body.get("timeout_seconds");
    if (t == null || t.isNull()) {
      timeout = 1800;
    } else if (t.isNumber() || t.isTextual() && t.asText().matches("\\s*[0-9.eE+-]+\\s*")) {
      timeout = t.asDouble();
    } else {
      throw new Reply(400, "Invalid timeout_seconds: " + t.asText(t.toString()));
    }
    Path file = Path.of(expandVars(expandUser(path)));
    boolean isFile = Files.exists(file);
    String name;
    String stem;
    Command start;
    if (isFile) {
      name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      stem = dot > 0 ? name.substring(0, dot) : name;
      start = new Command(List.of("xdg-open", file.toString()), false, SHORT);
    } else {
      if (!onPath(path)) {
        throw new Reply(404, "Application/file not found: " + path);
      }
      name = path;
      stem = path;
      start = new Command(List.of(path), false, SHORT);
    }
    try {
      commands.launch(start);
    } catch (IOException e) {
      throw new Reply(500, "Failed to open " + path + ". Error: " + oneLine(e.getMessage()));
    }
    List<String> candidates = new ArrayList<>();
    String windowName = body.path("window_name").asText("");
    if (!windowName.isEmpty()) {
      candidates.add(windowName);
    } else {
      candidates.add(name);
      if (!stem.isEmpty()) {
        candidates.add(stem);
      }
    }
    long deadline = System.nanoTime() + (long) (timeout * 1e9);
    do {
      CommandResult list = run(new Command(List.of("wmctrl", "-l"), false, SHORT));
      for (String line : list.stdout().strip().split("\n")) {
        if (!line.isBlank() && candidates.stream().anyMatch(line::contains)) {
          run(new Command(List.of("wmctrl", "-i", "-a", line.strip().split("\\s+")[0]), false, SHORT));
          return html(ex, 200, "File opened and window activated successfully");
        }
      }
      Thread.sleep(1000);
    } while (System.nanoTime() < deadline);
    List<String> quoted = candidates.stream().map(c -> "'" + c + "'").toList();
    throw new Reply(500, "Failed to find window for [" + String.join(", ", quoted) + "] within " + pyFloat(timeout) + " seconds.");
  }

  private int window(HttpExchange ex, char action, String done) throws IOException, InterruptedException, Reply {
    JsonNode body = jsonBody(ex);
    String name = body.path("window_name").asText("");
    if (name.isEmpty()) {
      throw new Reply(400, "window_name required");
    }
    String option = "-" + (body.path("by_class").asBoolean(false) ? "x" : "") + (body.path("strict").asBoolean(false) ? "F" : "") + action;
    run(new Command(List.of("wmctrl", option, name), false, SHORT));
    return html(ex, 200, done);
  }

  // ---- helpers ----

  private CommandResult run(Command c) throws InterruptedException, Reply {
    try {
      return commands.run(c);
    } catch (IOException e) {
      throw new Reply(500, statusError(startError(c.argv(), e)));
    }
  }

  /** OSWorld's {@code command} field: a list, or a string (split like shlex unless shell). */
  private static List<String> commandOf(JsonNode body, boolean shell) throws Reply {
    JsonNode c = body.get("command");
    List<String> argv = new ArrayList<>();
    if (c == null || c.isNull()) {
      throw new Reply(400, Map.of("error", "\"command\" is required: a list of strings, or a command line string"));
    }
    if (c.isTextual()) {
      if (shell) {
        argv.add(c.asText());
      } else {
        try {
          argv.addAll(Shlex.split(c.asText()));
        } catch (IllegalArgumentException e) {
          throw new Reply(400, Map.of("error", "cannot split \"command\" like a shell: " + e.getMessage()));
        }
      }
    } else if (c.isArray()) {
      for (JsonNode a : c) {
        if (!a.isTextual()) {
          throw new Reply(400, Map.of("error", "\"command\" list items must be strings, found " + a));
        }
        argv.add(a.asText());
      }
    } else {
      throw new Reply(400, Map.of("error", "\"command\" must be a list of strings or a string, was " + c));
    }
    if (argv.isEmpty() || argv.getFirst().isBlank()) {
      throw new Reply(400, Map.of("error", "\"command\" is empty"));
    }
    // OSWorld expands ~/ in every argument.
    argv.replaceAll(a -> a.startsWith("~/") ? expandUser(a) : a);
    return argv;
  }

  private static Command toCommand(List<String> argv, boolean shell, Duration timeout) {
    if (!shell) {
      return new Command(argv, false, timeout);
    }
    if (argv.size() == 1) {
      return new Command(argv, true, timeout);
    }
    // subprocess.run([script, arg0, ...], shell=True): /bin/sh -c script arg0 ...
    List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c"));
    sh.addAll(argv);
    return new Command(sh, false, timeout);
  }

  private static String describe(List<String> argv, boolean shell) {
    return shell && argv.size() == 1 ? argv.getFirst() : String.join(" ", argv);
  }

  private static String startError(List<String> argv, IOException e) {
    String m = oneLine(e.getMessage());
    if (m.matches(".*error[=:] ?2\\b.*")) {
      return "[Errno 2] No such file or directory: '" + argv.getFirst() + "'";
    }
    if (m.matches(".*error[=:] ?13\\b.*")) {
      return "[Errno 13] Permission denied: '" + argv.getFirst() + "'";
    }
    return m;
  }

  private JsonNode jsonBody(HttpExchange ex) throws IOException, Reply {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    if (body.length == 0) {
      throw new Reply(400, Map.of("error", "expected a JSON object body, got an empty body"));
    }
    JsonNode node;
    try {
      node = json.readTree(body);
    } catch (IOException e) {
      throw new Reply(400, Map.of("error", "invalid JSON body: " + oneLine(e.getMessage().split("\n")[0])));
    }
    if (node == null || !node.isObject()) {
      throw new Reply(400, Map.of("error", "expected a JSON object body"));
    }
    return node;
  }

  private static Map<String, FormData.Part> form(HttpExchange ex) throws IOException, Reply {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    try {
      return FormData.parse(ex.getRequestHeaders().getFirst("Content-Type"), body);
    } catch (IllegalArgumentException e) {
      throw new Reply(400, Map.of("error", "bad form body: " + e.getMessage()));
    }
  }

  private static void drain(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      in.transferTo(OutputStream.nullOutputStream());
    }
  }

  private static boolean onPath(String program) {
    if (program.contains("/")) {
      return Files.isExecutable(Path.of(program));
    }
    String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program)) && !Files.isDirectory(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  static String expandUser(String p) {
    if (p.equals("~") || p.startsWith("~/")) {
      String home = System.getenv("HOME");
      return (home == null || home.isEmpty() ? System.getProperty("user.home") : home) + p.substring(1);
    }
    return p;
  }

  private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+)|\\$\\{(\\w+)}");

  /** Python's os.path.expandvars: $NAME and ${NAME} of set variables; others stay as written. */
  static String expandVars(String p) {
    Matcher m = VARIABLE.matcher(p);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = System.getenv(name);
      m.appendReplacement(sb, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    return m.appendTail(sb).toString();
  }

  private static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  /** Python's {@code format(x, 'g')} for the timeouts OSWorld prints. */
  private static String pyFloat(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static Map<String, Object> statusError(String message) {
    return ordered("status", "error", "message", message);
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }

  private static Map<String, Object> ordered(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private int send(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = json.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
    return status;
  }

  private static int html(HttpExchange ex, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
    return status;
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
