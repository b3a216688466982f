package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.tasks.internal.BrowserGetters;
import dev.deskpilot.tasks.internal.DevTools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser getters against a real headless Chromium on port 9222 showing pages from a loopback server. */
class BrowserGettersIT {
  @TempDir Path tmp;
  private FakeDesktop desktop;
  private HttpServer server;
  private String base;

  private static final String PAGE = "<html><head><title>Flights</title></head><body>"
      + "<div class='city'>SEA<div class='sep'></div>NYC</div>"
      + "<span class='price'> $120 </span><span class='price'>$99</span>"
      + "<p id='when'>Sat, Jan 04</p><input id='q' value=' boston '>"
      + "<label>Pick-up location</label></body></html>";

  @BeforeEach
  void start() throws Exception {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("127.0.0.1", DevTools.OSWORLD_PORT));
    } catch (IOException busy) {
      Assumptions.abort("port " + DevTools.OSWORLD_PORT + " is in use");
    }
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    desktop = new FakeDesktop(tmp);
    desktop.env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
  }

  @AfterEach
  void stop() {
    if (desktop != null) {
      desktop.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  private void chromium(String url) {
    desktop.launch(new Command(List.of("chromium", "--headless", "--no-sandbox", "--no-first-run",
        "--remote-debugging-port=" + DevTools.OSWORLD_PORT, "--user-data-dir=" + tmp.resolve("profile"), url), false, Duration.ofSeconds(5)));
    DevTools dt = new DevTools(desktop, DevTools.OSWORLD_PORT);
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> dt.tabs().stream().anyMatch(t -> t.url().startsWith(base)));
  }

  private GetterInput in(String getterJson) {
    Task t = Fixtures.task(tmp, "b1", "{\"func\":\"check_direct_json_object\",\"result\":" + getterJson + "}");
    return new GetterInput(TaskContext.of(t, desktop, tmp.resolve("work")), t.evaluator().calls().getFirst().result().orElseThrow());
  }

  @Test
  void gettersReadTheActiveTab() throws Exception {
    String url = base + "/flights?from=SEA&to=NYC&empty=&tags=a,b";
    chromium(url);
    assertThat(BrowserGetters.activeUrl(in("{\"type\":\"active_url_from_accessTree\"}"))).isEqualTo(new Value.Text(url));

    JsonNode parsed = ((Value.Json) BrowserGetters.activeTabUrlParse(in(
        "{\"type\":\"active_tab_url_parse\",\"parse_keys\":[\"from\",\"to\",\"empty\"],\"replace\":{\"from\":\"origin\"}}"))).node();
    assertThat(parsed.toString()).isEqualTo("{\"to\":\"NYC\",\"empty\":\"\",\"origin\":\"SEA\"}");

    JsonNode byClass = ((Value.Json) BrowserGetters.activeTabHtmlParse(in("{\"type\":\"active_tab_html_parse\",\"category\":\"class\","
        + "\"class_multiObject\":{\"price\":{\"0\":\"first\",\"1\":\"second\",\"5\":\"none\"}},"
        + "\"class_multiObject_child\":{\"city\":{\"0\":\"start\",\"1\":\"end\"}},\"class_singleObject\":{\"missing\":\"gone\"}}"))).node();
    assertThat(byClass.toString()).isEqualTo("{\"first\":\"$120\",\"second\":\"$99\",\"none\":\"\",\"start\":\"SEA\",\"end\":\"NYC\",\"gone\":\"\"}");

    JsonNode byXpath = ((Value.Json) BrowserGetters.activeTabHtmlParse(in("{\"type\":\"active_tab_html_parse\",\"category\":\"xpath\","
        + "\"xpathObject\":{\"//*[@id='when']\":\"date\",\"//nothing\":\"x\"}}"))).node();
    assertThat(byXpath.toString()).isEqualTo("{\"date\":\"Sat, Jan 04\",\"x\":\"\"}");
    JsonNode byInput = ((Value.Json) BrowserGetters.activeTabHtmlParse(in("{\"type\":\"active_tab_html_parse\",\"category\":\"input\","
        + "\"inputObject\":{\"//*[@id='q']\":\"query\"}}"))).node();
    assertThat(byInput.get("query").asText()).isEqualTo("boston");
    JsonNode byLabel = ((Value.Json) BrowserGetters.activeTabHtmlParse(in("{\"type\":\"active_tab_html_parse\",\"category\":\"label\","
        + "\"labelObject\":{\"pick-up\":\"label\"}}"))).node();
    assertThat(byLabel.get("label").asText()).isEqualTo("Pick-up location");

    JsonNode tabs = ((Value.Json) BrowserGetters.openTabsInfo(in("{\"type\":\"open_tabs_info\"}"))).node();
    assertThat(tabs.toString()).contains("{\"title\":\"Flights\",\"url\":\"" + url + "\"}");

    JsonNode info = ((Value.Json) BrowserGetters.activeTabInfo(in("{\"type\":\"active_tab_info\"}"))).node();
    assertThat(info.get("title").asText()).isEqualTo("Flights");
    assertThat(info.get("content").asText()).contains("<p id=\"when\">Sat, Jan 04</p>");
    // the tab it opened to read the page is closed again
    await().atMost(Duration.ofSeconds(10)).until(() -> new DevTools(desktop, DevTools.OSWORLD_PORT).tabs().size() == 1);
  }

  @Test
  void withoutABrowserTheGettersFailClearly() {
    assertThatThrownBy(() -> BrowserGetters.activeUrl(in("{\"type\":\"active_url_from_accessTree\"}")))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("active_url_from_accessTree: the browser's state cannot be read")
        .hasMessageContaining("nothing answers on 127.0.0.1:9222");
  }
}
