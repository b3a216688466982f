package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Chromium's DevTools on the desktop, reached from inside it: a small Python script
 * ({@code devtools.py}, standard library only) runs through {@link Desktop#run} and talks to the
 * remote debugging port on 127.0.0.1, where OSWorld's controller connects Playwright over CDP to
 * the VM's port 9222 (task files start {@code google-chrome --remote-debugging-port=1337} and a
 * {@code socat} forward from 9222). Tabs are the DevTools "page" targets; Chromium lists them
 * most recently active first.
 */
public final class DevTools {
  /** The port OSWorld connects to (its {@code chromium_port}). */
  public static final int OSWORLD_PORT = 9222;

  private static final String SCRIPT = load();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Exit code of the script when nothing answers on the port. */
  static final int NOT_LISTENING = 3;

  private final Desktop desktop;
  private final int port;

  public DevTools(Desktop desktop, int port) {
    this.desktop = Objects.requireNonNull(desktop, "desktop");
    if (port <= 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, was " + port);
    }
    this.port = port;
  }

  /** A browser tab (a DevTools page target). */
  public record Tab(String id, String title, String url) {}

  /** DevTools did not answer, or answered with an error; the message says which. */
  public static final class DevToolsException extends RuntimeException {
    private final boolean notListening;

    DevToolsException(String message, boolean notListening) {
      super(message);
      this.notListening = notListening;
    }

    /** True when nothing listens on the port (the browser is not running with remote debugging). */
    public boolean notListening() {
      return notListening;
    }
  }

  private static String load() {
    try (InputStream in = DevTools.class.getResourceAsStream("devtools.py")) {
      if (in == null) {
        throw new IllegalStateException("devtools.py is missing from the tasks jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read devtools.py from the tasks jar", e);
    }
  }

  private JsonNode call(Duration timeout, String op, String... args) {
    List<String> argv = new ArrayList<>(List.of("python3", "-c", SCRIPT, Integer.toString(port), op));
    argv.addAll(List.of(args));
    CommandResult r;
    try {
      r = desktop.run(new Command(argv, false, timeout));
    } catch (DesktopException e) {
      SetupFailures.rethrowIfUnreachable(e);
      throw new DevToolsException("cannot run python3 on the desktop to reach Chromium's DevTools: " + e.getMessage(), false);
    }
    if (r.timedOut()) {
      throw new DevToolsException("DevTools " + op + " did not finish within " + timeout.toSeconds() + " s", false);
    }
    if (r.exitCode() == 127) {
      throw new DevToolsException("python3 is not installed on the desktop; it is needed to reach Chromium's DevTools", false);
    }
    if (r.exitCode() != 0) {
      throw new DevToolsException("DevTools " + op + " on port " + port + ": " + SetupFailures.firstLine(r.stderr()),
          r.exitCode() == NOT_LISTENING);
    }
    try {
      return JSON.readTree(r.stdout());
    } catch (IOException e) {
      throw new DevToolsException("DevTools " + op + " answered with something that is not JSON: "
          + SetupFailures.firstLine(r.stdout()), false);
    }
  }

  /** {@code /json/version}: throws when the browser does not answer. */
  public JsonNode version() {
    return call(Duration.ofSeconds(20), "version");
  }

  /**
   * Waits until DevTools answers, as OSWorld's controller retries its CDP connection (15 attempts,
   * 5 s apart; OSWorld also restarts Chrome once, Deskpilot does not).
   */
  public void awaitBrowser(Sleeper sleeper, int attempts, Duration pause) throws InterruptedException {
    DevToolsException last = null;
    for (int i = 1; i <= attempts; i++) {
      try {
        version();
        return;
      } catch (DevToolsException e) {
        last = e;
      }
      if (i < attempts) {
        sleeper.sleep(pause);
      }
    }
    throw new DevToolsException("Chromium's DevTools did not answer on port " + port + " after " + attempts
        + " attempts (start the browser with --remote-debugging-port): " + last.getMessage(), last.notListening());
  }

  /** The open tabs, most recently active first. */
  public List<Tab> tabs() {
    List<Tab> out = new ArrayList<>();
    for (JsonNode t : call(Duration.ofSeconds(20), "list")) {
      if (t.path("type").asText().equals("page")) {
        out.add(new Tab(t.path("id").asText(), t.path("title").asText(), t.path("url").asText()));
      }
    }
    return out;
  }

  /** Opens a new tab at {@code url}. */
  public Tab open(String url) {
    JsonNode t = call(Duration.ofSeconds(30), "new", url);
    return new Tab(t.path("id").asText(), t.path("title").asText(), t.path("url").asText());
  }

  public void close(String tabId) {
    call(Duration.ofSeconds(20), "close", tabId);
  }

  public void activate(String tabId) {
    call(Duration.ofSeconds(20), "activate", tabId);
  }

  /** The result of a JavaScript expression in a tab, once it has loaded or {@code loadWait} passed. */
  public record Evaluation(boolean loaded, JsonNode value) {}

  /** Evaluates {@code expression} in the tab (its value returned as JSON). */
  public Evaluation evaluate(String tabId, String expression, Duration loadWait) {
    JsonNode r = call(loadWait.plusSeconds(60), "eval", tabId, expression, Long.toString(loadWait.toSeconds()));
    return new Evaluation(r.path("loaded").asBoolean(false), r.path("value"));
  }
}
