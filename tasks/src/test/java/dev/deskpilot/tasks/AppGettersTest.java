package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.tasks.internal.AppGetters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cache_file, gimp_config_file, vlc_config, bookmarks (getters/file.py, gimp.py, vlc.py, chrome.py) and rule_relativeTime (misc.py). */
class AppGettersTest {
  @TempDir Path tmp;
  private FakeDesktop desktop;
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void close() {
    if (desktop != null) {
      desktop.close();
    }
  }

  private GetterInput in(String getterJson) throws Exception {
    Task t = Fixtures.task(tmp, "g2", "{\"func\":\"exact_match\",\"result\":" + getterJson + "}");
    desktop = new FakeDesktop(tmp);
    desktop.env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    return new GetterInput(TaskContext.of(t, desktop, tmp.resolve("work")), t.evaluator().calls().getFirst().result().orElseThrow());
  }

  // get_cache_file: os.path.join(cache_dir, path), asserted to exist
  @Test
  void cacheFileIsInTheWorkFolder() throws Exception {
    GetterInput in = in("{\"type\":\"cache_file\",\"path\":\"gsettings.out\"}");
    assertThatThrownBy(() -> AppGetters.cacheFile(in)).isInstanceOf(EvaluationException.class).hasMessageContaining("cache_file gsettings.out is not in the work folder");
    Files.createDirectories(tmp.resolve("work"));
    Files.writeString(tmp.resolve("work/gsettings.out"), "'Orchis'\n");
    assertThat(AppGetters.cacheFile(in)).isEqualTo(new Value.LocalFile(tmp.resolve("work/gsettings.out")));
  }

  // get_gimp_config_file: ~/.config/GIMP/2.10/<file_name> -> cache_dir/dest, None when missing
  @Test
  void gimpAndVlcConfigsAreCopiedFromTheDesktopHome() throws Exception {
    GetterInput gimp = in("{\"type\":\"gimp_config_file\",\"file_name\":\"gimprc\",\"dest\":\"gimprc\"}");
    assertThat(AppGetters.gimpConfigFile(gimp)).isEqualTo(Value.NOTHING);
    Files.createDirectories(tmp.resolve("home/.config/GIMP/2.10"));
    Files.writeString(tmp.resolve("home/.config/GIMP/2.10/gimprc"), "(theme \"Dark\")\n");
    assertThat(AppGetters.gimpConfigFile(gimp)).isEqualTo(new Value.LocalFile(tmp.resolve("work/gimprc")));
    assertThat(Files.readString(tmp.resolve("work/gimprc"))).contains("Dark");

    GetterInput vlc = in("{\"type\":\"vlc_config\",\"dest\":\"vlcrc\"}");
    assertThatThrownBy(() -> AppGetters.vlcConfig(vlc)).isInstanceOf(EvaluationException.class).hasMessageContaining("no ~/.config/vlc/vlcrc");
    Files.createDirectories(tmp.resolve("home/.config/vlc"));
    Files.writeString(tmp.resolve("home/.config/vlc/vlcrc"), "qt-minimal-view=1\n");
    assertThat(Files.readString(((Value.LocalFile) AppGetters.vlcConfig(vlc)).path())).isEqualTo("qt-minimal-view=1\n");
  }

  // get_bookmarks: json.loads(Bookmarks)["roots"], [] when there is no file
  @Test
  void bookmarksAreTheRoots() throws Exception {
    GetterInput in = in("{\"type\":\"bookmarks\"}");
    assertThat(AppGetters.bookmarks(in)).isEqualTo(new Value.Json(json.createArrayNode()));
    Files.createDirectories(tmp.resolve("home/.config/google-chrome/Default"));
    Files.writeString(tmp.resolve("home/.config/google-chrome/Default/Bookmarks"), "{\"roots\":{\"bookmark_bar\":{\"children\":[]}},\"version\":1}");
    assertThat(((Value.Json) AppGetters.bookmarks(in)).node().has("bookmark_bar")).isTrue();
  }

  private JsonNode rel(String rules, ZonedDateTime now) throws Exception {
    return AppGetters.relativeTime(json.readTree(rules), now);
  }

  // rule_relativeTime: templates filled as apply_rules_to_timeFormat does for the relative days
  @Test
  void relativeTimesFollowOsworldsCalendar() throws Exception {
    // Wednesday 2026-12-30 in New York
    ZonedDateTime now = ZonedDateTime.of(2026, 12, 30, 15, 0, 0, 0, ZoneId.of("America/New_York"));
    assertThat(rel("{\"relativeTime\":{\"from\":\"tomorrow\"},\"expected\":{\"time\":\"{DoW}, {Month} {Day0D}, {Year}\"}}", now)
        .at("/expected/time").asText()).isEqualTo("Thu, Dec 31, 2026");
    assertThat(rel("{\"relativeTime\":{\"from\":\"10th next month\"},\"expected\":{\"time\":\"{Year}-{Month0D}-{DayD}\"}}", now)
        .at("/expected/time").asText()).isEqualTo("2027-01-10");
    assertThat(rel("{\"relativeTime\":{\"from\":\"this month\"},\"expected\":{\"time\":\"{month}-weather\"}}", now)
        .at("/expected/time").asText()).isEqualTo("december-weather");
    assertThat(rel("{\"relativeTime\":{\"from\":\"next Monday\"},\"expected\":{\"time\":[\"{Year}-{Month0D}-{Day0D}\"]}}", now)
        .at("/expected/time/0").asText()).isEqualTo("2027-01-04");
    JsonNode weekend = rel("{\"relativeTime\":{\"from\":\"next week Friday\",\"to\":\"next week Sunday\"},"
        + "\"expected\":{\"from\":\"Check In{DoW}, {Month} {Day0D}\",\"to\":\"Check Out{DoW}, {Month} {Day0D}\"}}", now);
    assertThat(weekend.at("/expected/from").asText()).isEqualTo("Check InFri, Jan 08");
    assertThat(weekend.at("/expected/to").asText()).isEqualTo("Check OutSun, Jan 10");
    JsonNode split = rel("{\"relativeTime\":{\"from\":\"next Monday split\",\"to\":\"next Friday split\"},"
        + "\"expected\":{\"puDay\":\"{DayD}\",\"puMonth\":\"{MonthD}\",\"puYear\":\"{Year}\",\"doDay\":\"{DayD}\",\"doMonth\":\"{MonthD}\",\"doYear\":\"{Year}\"}}", now);
    assertThat(split.at("/expected/puDay").asText() + "/" + split.at("/expected/doDay").asText()).isEqualTo("4/8");
    // first monday eight months later from December: (12 + 8) % 12 = August of next year
    assertThat(rel("{\"relativeTime\":{\"from\":\"first monday eight months later\"},\"expected\":{\"time\":\"{MonthFull} {Day0D}, 10:15 AM\"}}", now)
        .at("/expected/time").asText()).isEqualTo("August 02, 10:15 AM");
  }

  @Test
  void ruleRelativeTimeUsesTheRulesTimezone() throws Exception {
    GetterInput in = in("{\"type\":\"rule_relativeTime\",\"rules\":{\"relativeTime\":{\"from\":\"tomorrow\"},\"timezone\":\"Europe/Zurich\","
        + "\"expected\":{\"time\":\"{Year}-{Month0D}-{Day0D}\"}}}");
    String before = ZonedDateTime.now(ZoneId.of("Europe/Zurich")).plusDays(1).toLocalDate().toString();
    JsonNode v = ((Value.Json) AppGetters.ruleRelativeTime(in)).node();
    String after = ZonedDateTime.now(ZoneId.of("Europe/Zurich")).plusDays(1).toLocalDate().toString();
    // (either side of a midnight that passes while it runs)
    assertThat(v.at("/expected/time").asText()).isIn(before, after);
    assertThat(v.at("/timezone").asText()).isEqualTo("Europe/Zurich");
  }
}
