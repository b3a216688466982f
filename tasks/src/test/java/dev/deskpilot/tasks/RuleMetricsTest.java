package dev.deskpilot.tasks;

import static dev.deskpilot.tasks.MetricCalls.call;
import static dev.deskpilot.tasks.MetricCalls.file;
import static dev.deskpilot.tasks.MetricCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.tasks.internal.BrowserMetrics;
import dev.deskpilot.tasks.internal.JsonMetrics;
import dev.deskpilot.tasks.internal.Urls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule metrics against OSWorld's Python (metrics/general.py, chrome.py, gimp.py, vscode.py, utils.py). */
class RuleMetricsTest {
  @TempDir Path tmp;

  private double direct(Value result, String rules) {
    return JsonMetrics.checkDirectJsonObject(call(tmp, "check_direct_json_object", "{}", result, json(rules)));
  }

  // check_direct_json_object: expected keys equal (Python ==) the result's
  @Test
  void checkDirectJsonObjectComparesKeys() {
    Value page = json("{\"from\":\"Sat, Jan 04\",\"to\":\"Sun, Jan 05\",\"rank\":\"Price (low to high)\",\"extra\":1}");
    assertThat(direct(page, "{\"expected\":{\"from\":\"Sat, Jan 04\",\"rank\":\"Price (low to high)\"}}")).isEqualTo(1.0);
    assertThat(direct(page, "{\"expected\":{\"from\":\"Sat, Jan 05\"}}")).isEqualTo(0.0);
    // a key the result lacks is None, equal only to null
    assertThat(direct(page, "{\"expected\":{\"missing\":null}}")).isEqualTo(1.0);
    assertThat(direct(Value.NOTHING, "{\"expected\":{}}")).isEqualTo(0.0);
    assertThat(direct(page, "{\"expected\":{\"from\":\"__EVALUATION_FAILED__\"}}")).isEqualTo(0.0);
    // a string result is parsed as JSON after swapping ' for "
    assertThat(direct(new Value.Text(" {'a': 1, 'b': [1, 2]}\n"), "{\"expected\":{\"a\":1.0,\"b\":[1,2]}}")).isEqualTo(1.0);
    assertThatThrownBy(() -> direct(new Value.Text("not json"), "{\"expected\":{}}"))
        .isInstanceOf(EvaluationException.class).hasMessageContaining("JSONDecodeError");
  }

  // expect_in_result: a list needs one item in the result's list (or equal to its string); a string is a substring
  @Test
  void checkDirectJsonObjectExpectInResult() {
    Value page = json("{\"fromStation\":\"BOM\",\"toStation\":[\"ARN\",\"X\"],\"time\":\"2026-12-07 morning\"}");
    String rules = "{\"expect_in_result\":true,\"expected\":{\"fromStation\":[\"BOM\"],\"toStation\":[\"STO\",\"ARN\"],\"time\":\"2026-12-07\"}}";
    assertThat(direct(page, rules)).isEqualTo(1.0);
    assertThat(direct(page, rules.replace("\"ARN\"]", "\"OSL\"]"))).isEqualTo(0.0);
    assertThat(direct(page, rules.replace("2026-12-07\"}", "2026-12-08\"}"))).isEqualTo(0.0);
    // a number expected value is "not supported" -> 0
    assertThat(direct(page, "{\"expect_in_result\":true,\"expected\":{\"fromStation\":1}}")).isEqualTo(0.0);
  }

  // check_list: every expect regex matches some line, no unexpect regex matches any line
  @Test
  void checkListMatchesLines() throws IOException {
    Path out = Files.writeString(tmp.resolve("wmctrl.out"), "0x01 0 org.gnome.Nautilus.Org.gnome.Nautilus host OSWorld\n0x02 0 x.Y host other\n");
    String rules = "{\"expect\":[\"\\\\borg\\\\.gnome\\\\.Nautilus\\\\.Org\\\\.gnome\\\\.Nautilus\\\\b.*\\\\bOSWorld\\\\b\"],\"unexpect\":[\"Firefox\"]}";
    assertThat(JsonMetrics.checkList(call(tmp, "check_list", "{}", file(out), json(rules)))).isEqualTo(1.0);
    assertThat(JsonMetrics.checkList(call(tmp, "check_list", "{}", file(out), json("{\"unexpect\":[\"other\"]}")))).isEqualTo(0.0);
    assertThat(JsonMetrics.checkList(call(tmp, "check_list", "{}", file(out), json("{\"expect\":[\"Orchis\"]}")))).isEqualTo(0.0);
    assertThat(JsonMetrics.checkList(call(tmp, "check_list", "{}", Value.NOTHING, json("{}")))).isEqualTo(0.0);
  }

  // check_config_status: "(key value)" lines of gimprc; key may be two words
  @Test
  void checkConfigStatusReadsGimpLines() throws IOException {
    Path rc = Files.writeString(tmp.resolve("sessionrc"), "# GIMP sessionrc\n\n(show-tabs yes)\n(session-info \"toplevel\"\n(theme \"Dark\")\n");
    assertThat(JsonMetrics.checkConfigStatus(call(tmp, "check_config_status", "{}", file(rc), json("{\"key\":\"show-tabs\",\"value\":\"yes\"}")))).isEqualTo(1.0);
    assertThat(JsonMetrics.checkConfigStatus(call(tmp, "check_config_status", "{}", file(rc), json("{\"key\":\"show-tabs\",\"value\":\"no\"}")))).isEqualTo(0.0);
    assertThat(JsonMetrics.checkConfigStatus(call(tmp, "check_config_status", "{}", file(rc), json("{\"key\":[\"theme\",\"\\\"Dark\\\"\"],\"value\":\"\\\"Dark\\\"\"}")))).isEqualTo(1.0);
  }

  @Test
  void checkJsonSettingsAndExtensionInstalled() throws IOException {
    Path settings = Files.writeString(tmp.resolve("settings.json"), "{\"editor.fontSize\": 14, \"files.autoSave\": \"afterDelay\"}");
    assertThat(JsonMetrics.checkJsonSettings(call(tmp, "check_json_settings", "{}", file(settings), json("{\"expected\":{\"editor.fontSize\":14}}")))).isEqualTo(1.0);
    assertThat(JsonMetrics.checkJsonSettings(call(tmp, "check_json_settings", "{}", file(settings), json("{\"expected\":{\"editor.fontSize\":12}}")))).isEqualTo(0.0);
    assertThat(JsonMetrics.checkJsonSettings(call(tmp, "check_json_settings", "{}", file(Files.writeString(tmp.resolve("bad.json"), "{")), json("{\"expected\":{}}")))).isEqualTo(0.0);
    Value list = new Value.Text("ms-python.python\nvscodevim.vim\n");
    assertThat(JsonMetrics.isExtensionInstalled(call(tmp, "is_extension_installed", "{}", list, json("{\"type\":\"contain\",\"expected\":\"ms-python.python\"}")))).isEqualTo(1.0);
    assertThat(JsonMetrics.isExtensionInstalled(call(tmp, "is_extension_installed", "{}", list, json("{\"type\":\"not_contain\",\"expected\":\"vscodevim\"}")))).isEqualTo(0.0);
  }

  // compare_urls: scheme defaults to http, public suffix and a lone www dropped, "/" path empty
  @Test
  void compareUrlsNormalisesAsOsworld() {
    assertThat(Urls.same("https://www.airbnb.com.sg/", "https://airbnb.com", true)).isTrue();
    assertThat(Urls.same("github.com", "http://github.com/", true)).isTrue();
    assertThat(Urls.same("https://github.com", "http://github.com", true)).isFalse();
    assertThat(Urls.same("https://docs.python.org/3/", "https://docs.python.org/3/", true)).isTrue();
    assertThat(Urls.same("https://a.com/x?q=1", "https://a.com/x?q=2", true)).isFalse();
    assertThat(Urls.same("https://a.com/x?q=1", "https://a.com/x?q=2", false)).isTrue();
    assertThat(Urls.same(null, null, true)).isTrue();
  }

  @Test
  void browserMetricsFollowChromePy() {
    String url = "https://www.example.com/search?q=deskpilot&lang=en";
    assertThat(BrowserMetrics.isExpectedUrlPatternMatch(call(tmp, "is_expected_url_pattern_match", "{}", new Value.Text(url),
        json("{\"expected\":[\"q=deskpilot\",\"lang=en\"]}")))).isEqualTo(1.0);
    assertThat(BrowserMetrics.isExpectedUrlPatternMatch(call(tmp, "is_expected_url_pattern_match", "{}", json("{\"url\":\"" + url + "\"}"),
        json("{\"expected\":[\"lang=de\"]}")))).isEqualTo(0.0);
    assertThat(BrowserMetrics.isExpectedUrlPatternMatch(call(tmp, "is_expected_url_pattern_match", "{}", Value.NOTHING, json("{\"expected\":[]}")))).isEqualTo(0.0);
    assertThat(BrowserMetrics.isExpectedActiveTab(call(tmp, "is_expected_active_tab", "{}", new Value.Text("https://www.drugs.com/npc/"),
        json("{\"type\":\"url\",\"url\":\"https://www.drugs.com/npc/\"}")))).isEqualTo(1.0);
    Value tabs = json("[{\"title\":\"GitHub\",\"url\":\"https://github.com/\"},{\"title\":\"Docs\",\"url\":\"https://docs.python.org/3/\"}]");
    assertThat(BrowserMetrics.isExpectedTabs(call(tmp, "is_expected_tabs", "{}", tabs,
        json("{\"type\":\"url\",\"urls\":[\"https://docs.python.org/3/\",\"https://github.com\"]}")))).isEqualTo(1.0);
    assertThat(BrowserMetrics.isExpectedTabs(call(tmp, "is_expected_tabs", "{}", tabs,
        json("{\"type\":\"url\",\"urls\":[\"https://github.com\"]}")))).isEqualTo(0.0);
    Value bookmarks = json("{\"bookmark_bar\":{\"children\":[{\"type\":\"folder\",\"name\":\"Favorites\",\"children\":[]},"
        + "{\"type\":\"folder\",\"name\":\"Liked Authors\",\"children\":[{\"type\":\"url\",\"url\":\"https://a.example/1\"},{\"type\":\"url\",\"url\":\"https://b.example/2\"}]},"
        + "{\"type\":\"url\",\"name\":\"x\",\"url\":\"https://x.example/\"}]}}");
    assertThat(BrowserMetrics.isExpectedBookmarks(call(tmp, "is_expected_bookmarks", "{}", bookmarks,
        json("{\"type\":\"bookmark_bar_folders_names\",\"names\":[\"Liked Authors\",\"Favorites\"]}")))).isEqualTo(1.0);
    assertThat(BrowserMetrics.isExpectedBookmarks(call(tmp, "is_expected_bookmarks", "{}", bookmarks,
        json("{\"type\":\"bookmark_bar_websites_urls\",\"urls\":[\"https://x.example/\"]}")))).isEqualTo(1.0);
    assertThat(BrowserMetrics.isExpectedBookmarks(call(tmp, "is_expected_bookmarks", "{}", bookmarks,
        json("{\"type\":\"liked_authors_websites_urls\",\"urls\":[[\"https://a.example/1\",\"https://a.example/one\"],\"https://b.example/2\"]}")))).isEqualTo(1.0);
    assertThat(BrowserMetrics.isExpectedBookmarks(call(tmp, "is_expected_bookmarks", "{}", bookmarks,
        json("{\"type\":\"liked_authors_websites_urls\",\"urls\":[\"https://a.example/1\"]}")))).isEqualTo(0.0);
  }
}
