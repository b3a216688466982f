package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.StepOutcome;
import dev.deskpilot.tasks.TaskContext;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * OSWorld's browser setup steps ({@code controllers/setup.py}), through {@link DevTools}:
 *
 * <ul>
 *   <li>{@code chrome_open_tabs} ({@code urls_to_open}): waits for DevTools (15 tries, 5 s apart),
 *       opens each URL in a new tab and waits up to 60 s for it to load (a slow page is logged, not
 *       fatal); after the first one, the tab that was open before is closed, as OSWorld closes
 *       the browser's default tab;
 *   <li>{@code chrome_close_tabs} ({@code urls_to_close}): after 5 s, closes for each URL the
 *       first tab whose URL is the same by {@link Urls#same};
 *   <li>{@code update_browse_history} ({@code history: [{url, title,
 *       visit_time_from_now_in_seconds}]}): OSWorld's empty history database (from the file cache)
 *       gets one {@code urls} and one {@code visits} row per item, with Chrome's timestamps, and
 *       replaces {@code ~/.config/google-chrome/Default/History} on the desktop (python3's sqlite3
 *       does the inserts there).
 * </ul>
 *
 * A browser that never answers is fatal, as in OSWorld: {@link DesktopException} FAILED.
 */
public final class ChromeSteps {
  /** OSWorld's empty history database, filled by {@code update_browse_history}. */
  public static final String EMPTY_HISTORY_URL =
      "https://huggingface.co/datasets/xlangai/ubuntu_osworld_file_cache/resolve/main/chrome/44ee5668-ecd5-4366-a6ce-c1c9b8d4e938/history_empty.sqlite?download=true";

  /** Where OSWorld's Linux VM keeps Chrome's history (x86). */
  public static final String HISTORY_PATH = "~/.config/google-chrome/Default/History";

  private static final Duration PAGE_LOAD = Duration.ofSeconds(60);
  private static final int CONNECT_ATTEMPTS = 15;
  private static final Duration CONNECT_PAUSE = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String INSERT_HISTORY =
      "import json, sqlite3, sys\n"
          + "rows = json.loads(sys.argv[2])\n"
          + "conn = sqlite3.connect(sys.argv[1])\n"
          + "for r in rows:\n"
          + "    c = conn.cursor()\n"
          + "    c.execute('INSERT INTO urls (url, title, visit_count, typed_count, last_visit_time, hidden) VALUES (?, ?, ?, ?, ?, ?)', (r['url'], r['title'], 1, 0, r['time'], 0))\n"
          + "    c.execute('INSERT INTO visits (url, visit_time, from_visit, transition, segment_id, visit_duration) VALUES (?, ?, ?, ?, ?, ?)', (c.lastrowid, r['time'], 0, 805306368, 0, 0))\n"
          + "    conn.commit()\n"
          + "conn.close()\n";

  private ChromeSteps() {}

  private static DevTools connect(TaskContext ctx, StepParams step) throws InterruptedException {
    DevTools dt = new DevTools(ctx.desktop(), DevTools.OSWORLD_PORT);
    try {
      dt.awaitBrowser(ctx.sleeper(), CONNECT_ATTEMPTS, CONNECT_PAUSE);
    } catch (DevTools.DevToolsException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, step.label() + " " + step.type() + ": " + e.getMessage(), e);
    }
    return dt;
  }

  /** {@code chrome_open_tabs}. */
  public static StepOutcome openTabs(TaskContext ctx, StepParams step) throws InterruptedException {
    List<String> urls = step.strings("urls_to_open");
    DevTools dt = connect(ctx, step);
    try {
      Set<String> before = new HashSet<>();
      List<DevTools.Tab> existing = dt.tabs();
      existing.forEach(t -> before.add(t.id()));
      List<String> notes = new ArrayList<>();
      for (int i = 0; i < urls.size(); i++) {
        DevTools.Tab tab = dt.open(urls.get(i));
        DevTools.Evaluation e = dt.evaluate(tab.id(), "document.readyState", PAGE_LOAD);
        notes.add(urls.get(i) + (e.loaded() ? "" : " (not loaded within " + PAGE_LOAD.toSeconds() + " s)"));
        if (i == 0 && !existing.isEmpty()) {
          // OSWorld closes context.pages[0], the oldest tab; DevTools lists the least recently active last.
          dt.close(existing.getLast().id());
        }
      }
      return new StepOutcome(step.label(), step.type(), true, "opened " + String.join(", ", notes));
    } catch (DevTools.DevToolsException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, step.label() + " " + step.type() + ": " + e.getMessage(), e);
    }
  }

  /** {@code chrome_close_tabs}. */
  public static StepOutcome closeTabs(TaskContext ctx, StepParams step) throws InterruptedException {
    List<String> urls = step.strings("urls_to_close");
    ctx.sleeper().sleep(Duration.ofSeconds(5));
    DevTools dt = connect(ctx, step);
    try {
      List<DevTools.Tab> tabs = new ArrayList<>(dt.tabs());
      List<String> closed = new ArrayList<>();
      for (String url : urls) {
        for (DevTools.Tab t : tabs) {
          if (Urls.same(t.url(), url, true)) {
            dt.close(t.id());
            tabs.remove(t);
            closed.add(t.url());
            break;
          }
        }
      }
      return new StepOutcome(step.label(), step.type(), true, "closed " + closed);
    } catch (DevTools.DevToolsException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, step.label() + " " + step.type() + ": " + e.getMessage(), e);
    }
  }

  /** Chrome's time: microseconds since 1601-01-01, from local wall-clock time as OSWorld computes it. */
  static long chromeTime(LocalDateTime when) {
    return ChronoUnit.MICROS.between(LocalDateTime.of(1601, 1, 1, 0, 0), when);
  }

  /** {@code update_browse_history}. */
  public static StepOutcome updateHistory(TaskContext ctx, StepParams step) throws InterruptedException {
    JsonNode history = step.require("history");
    if (!history.isArray()) {
      throw step.bad("history", "expected a list of {url, title, visit_time_from_now_in_seconds}");
    }
    LocalDateTime now = LocalDateTime.now();
    ArrayNode rows = JSON.createArrayNode();
    for (int i = 0; i < history.size(); i++) {
      JsonNode h = history.get(i);
      if (!h.path("url").isTextual() || !h.path("title").isTextual() || !h.path("visit_time_from_now_in_seconds").isNumber()) {
        throw step.bad("history/" + i, "expected {\"url\": str, \"title\": str, \"visit_time_from_now_in_seconds\": number}");
      }
      long micros = Math.round(h.get("visit_time_from_now_in_seconds").doubleValue() * 1e6);
      ObjectNode row = rows.addObject();
      row.put("url", h.get("url").asText());
      row.put("title", h.get("title").asText());
      row.put("time", chromeTime(now.minus(micros, ChronoUnit.MICROS)));
    }
    byte[] empty = DownloadStep.fetch(ctx, step, EMPTY_HISTORY_URL, "history_empty.sqlite");
    String tmp = "/tmp/deskpilot-history-" + UUID.randomUUID() + ".sqlite";
    try {
      ctx.desktop().writeFile(tmp, empty);
    } catch (DesktopException e) {
      SetupFailures.rethrowIfUnreachable(e);
      throw new DesktopException(DesktopException.Kind.FAILED, step.label() + " update_browse_history: cannot write " + tmp + ": " + e.getMessage(), e);
    }
    CommandResult r = WindowSteps.run(ctx, new Command(List.of("python3", "-c", INSERT_HISTORY, tmp, rows.toString()), false, Duration.ofSeconds(60)));
    if (r.exitCode() != 0) {
      throw new DesktopException(DesktopException.Kind.FAILED,
          step.label() + " update_browse_history: inserting the history rows failed: " + SetupFailures.firstLine(r.stderr()));
    }
    String dest = HISTORY_PATH.replaceFirst("^~/", "\\$HOME/");
    CommandResult mv = WindowSteps.run(ctx, new Command(List.of("sh", "-c",
        "mkdir -p \"$(dirname \"" + dest + "\")\" && mv -f \"$1\" \"" + dest + "\"", "sh", tmp), false, Duration.ofSeconds(30)));
    if (mv.exitCode() != 0) {
      throw new DesktopException(DesktopException.Kind.FAILED,
          step.label() + " update_browse_history: cannot move the history into place: " + SetupFailures.firstLine(mv.stderr()));
    }
    return new StepOutcome(step.label(), step.type(), true, rows.size() + " history entries written to " + HISTORY_PATH);
  }
}
