package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.internal.DevTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * chrome_open_tabs, chrome_close_tabs and update_browse_history against a real headless Chromium
 * listening on OSWorld's DevTools port 9222 (skipped when something else holds the port).
 */
class ChromeStepsIT {
  @TempDir Path tmp;
  private FakeDesktop desktop;
  private final List<Duration> slept = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", DevTools.OSWORLD_PORT));
    } catch (IOException busy) {
      Assumptions.abort("port " + DevTools.OSWORLD_PORT + " is in use; ChromeStepsIT needs it for Chromium's DevTools");
    }
    desktop = new FakeDesktop(tmp);
    desktop.env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
  }

  @AfterEach
  void stop() {
    if (desktop != null) {
      desktop.close();
    }
  }

  private void startChromium() {
    desktop.launch(new Command(List.of("chromium", "--headless", "--no-sandbox", "--no-first-run",
        "--remote-debugging-port=" + DevTools.OSWORLD_PORT, "--user-data-dir=" + tmp.resolve("profile"), "about:blank"),
        false, Duration.ofSeconds(5)));
  }

  private TaskContext context(String configJson, FileCache files) {
    Task t = TaskReader.parse("{\"id\":\"chrome-1\",\"instruction\":\"x\",\"config\":" + configJson
        + ",\"evaluator\":{\"func\":\"infeasible\"}}", tmp.resolve("chrome-1.json"), "chrome");
    return TaskContext.of(t, desktop, tmp.resolve("work")).withFiles(files).withSleeper(slept::add);
  }

  private static String page(String title) {
    return "\"data:text/html,<title>" + title + "</title><p>" + title + "</p>\"";
  }

  @Test
  void openTabsReplacesTheDefaultTabAndCloseTabsClosesByUrl() throws Exception {
    startChromium();
    DevTools dt = new DevTools(desktop, DevTools.OSWORLD_PORT);
    List<StepOutcome> out = new SetupRunner().runConfig(context(
        "[{\"type\":\"chrome_open_tabs\",\"parameters\":{\"urls_to_open\":[" + page("First") + "," + page("Second") + "]}}]",
        FileCache.none()));
    assertThat(out.getFirst().ok()).isTrue();
    assertThat(dt.tabs()).extracting(DevTools.Tab::title).containsExactlyInAnyOrder("First", "Second");

    String second = dt.tabs().stream().filter(t -> t.title().equals("Second")).findFirst().orElseThrow().url();
    new SetupRunner().runConfig(context(
        "[{\"type\":\"chrome_close_tabs\",\"parameters\":{\"urls_to_close\":[" + Fixtures.js(second) + "]}}]", FileCache.none()));
    await().atMost(Duration.ofSeconds(10)).until(() -> dt.tabs().size() == 1);
    assertThat(dt.tabs()).extracting(DevTools.Tab::title).containsExactly("First");
    assertThat(slept).contains(Duration.ofSeconds(5));
  }

  @Test
  void aBrowserThatNeverAnswersFailsTheSetupAfterOsworldsRetries() {
    TaskContext ctx = context("[{\"type\":\"chrome_open_tabs\",\"parameters\":{\"urls_to_open\":[\"https://example.com\"]}}]", FileCache.none());
    assertThatThrownBy(() -> new SetupRunner().runConfig(ctx))
        .isInstanceOf(DesktopException.class)
        .hasMessageContaining("config[0] chrome_open_tabs: Chromium's DevTools did not answer on port 9222 after 15 attempts");
    assertThat(slept).hasSize(14).allMatch(d -> d.equals(Duration.ofSeconds(5)));
  }

  @Test
  void updateBrowseHistoryFillsOsworldsEmptyHistory() throws Exception {
    Path cache = tmp.resolve("cache");
    Path empty = cache.resolve("chrome/44ee5668-ecd5-4366-a6ce-c1c9b8d4e938/history_empty.sqlite");
    Files.createDirectories(empty.getParent());
    String schema = "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript('''"
        + "CREATE TABLE urls(id INTEGER PRIMARY KEY AUTOINCREMENT, url LONGVARCHAR, title LONGVARCHAR, visit_count INTEGER DEFAULT 0 NOT NULL,"
        + " typed_count INTEGER DEFAULT 0 NOT NULL, last_visit_time INTEGER NOT NULL, hidden INTEGER DEFAULT 0 NOT NULL);"
        + "CREATE TABLE visits(id INTEGER PRIMARY KEY AUTOINCREMENT, url INTEGER NOT NULL, visit_time INTEGER NOT NULL, from_visit INTEGER,"
        + " transition INTEGER DEFAULT 0 NOT NULL, segment_id INTEGER, visit_duration INTEGER DEFAULT 0 NOT NULL);'''); c.commit()";
    assertThat(desktop.run(new Command(List.of("python3", "-c", schema, empty.toString()), false, Duration.ofSeconds(20))).exitCode()).isZero();

    new SetupRunner().runConfig(context("[{\"type\":\"update_browse_history\",\"parameters\":{\"history\":["
        + "{\"url\":\"https://a.example/x\",\"title\":\"A\",\"visit_time_from_now_in_seconds\":3600},"
        + "{\"url\":\"https://b.example/\",\"title\":\"B\",\"visit_time_from_now_in_seconds\":60}]}}]", FileCache.of(cache)));

    Path history = tmp.resolve("home/.config/google-chrome/Default/History");
    assertThat(history).exists();
    String rows = desktop.run(new Command(List.of("python3", "-c",
        "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]);"
            + "print([(u,t,v,tr) for u,t,v,tr in c.execute('select u.url,u.title,u.visit_count,v.transition from urls u join visits v on v.url=u.id order by u.id')]);"
            + "a,b=[r[0] for r in c.execute('select last_visit_time from urls order by id')]; print(round((b-a)/1e6))",
        history.toString()), false, Duration.ofSeconds(20))).stdout();
    assertThat(rows).isEqualTo("[('https://a.example/x', 'A', 1, 805306368), ('https://b.example/', 'B', 1, 805306368)]\n3540\n");
  }
}
