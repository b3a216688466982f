package dev.deskpilot.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsAndKeysTest {
  @TempDir Path dir;

  @Test
  void settingsRoundTripAsJson() throws Exception {
    SettingsFile f = new SettingsFile(dir.resolve("settings.json"));
    assertThat(f.load()).isEqualTo(AppSettings.defaults());
    AppSettings s = AppSettings.defaults().withTheme(AppSettings.Theme.LIGHT).withSafety(AppSettings.SafetyLevel.ASK_EVERY)
        .withPreviewDelayMs(250).withResultsDir("/tmp/r");
    f.save(s);
    assertThat(Files.readString(f.file())).contains("\"theme\" : \"LIGHT\"").contains("\"previewDelayMs\" : 250");
    assertThat(f.load()).isEqualTo(s);
  }

  @Test
  void anOlderFileGainsNewFieldsFromTheDefaults() throws Exception {
    Path p = dir.resolve("settings.json");
    Files.writeString(p, "{\"theme\":\"LIGHT\",\"maxSteps\":7}");
    AppSettings s = new SettingsFile(p).load();
    assertThat(s.theme()).isEqualTo(AppSettings.Theme.LIGHT);
    assertThat(s.maxSteps()).isEqualTo(7);
    assertThat(s.killSwitch()).isEqualTo(AppSettings.defaults().killSwitch());
  }

  @Test
  void aBrokenFileIsOneLineNamingFileAndProblem() throws Exception {
    Path p = dir.resolve("settings.json");
    Files.writeString(p, "{\"maxSteps\": 0}");
    assertThatThrownBy(() -> new SettingsFile(p).load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(p.toString())
        .hasMessageContaining("step limit must be 1..500, was 0");
    Files.writeString(p, "{not json");
    assertThatThrownBy(() -> new SettingsFile(p).load()).hasMessageContaining(p + " is not valid");
    Files.writeString(p, "{\"models\": [\"nonsense\"]}");
    assertThatThrownBy(() -> new SettingsFile(p).load()).hasMessageContaining("unknown model spec 'nonsense'");
  }

  @Test
  void chordsAreShownForPeople() {
    assertThat(AppSettings.displayChord("ctrl+alt+escape")).isEqualTo("Ctrl+Alt+Esc");
    assertThat(AppSettings.displayChord("shift+f12")).isEqualTo("Shift+F12");
    assertThatThrownBy(() -> AppSettings.defaults().withTheme(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void keysAreStoredOwnerOnlyAndTheEnvironmentWins() throws Exception {
    KeyFile keys = new KeyFile(dir.resolve("keys.properties"));
    keys.store("ANTHROPIC_API_KEY", "sk-file");
    keys.store("OPENAI_API_KEY", "sk-openai");
    assertThat(Files.getPosixFilePermissions(keys.file())).isEqualTo(KeyFile.OWNER_ONLY);
    assertThat(keys.load()).containsEntry("ANTHROPIC_API_KEY", "sk-file");
    Map<String, String> env = keys.environment(Map.of("ANTHROPIC_API_KEY", "sk-env", "PATH", "/bin"));
    assertThat(env).containsEntry("ANTHROPIC_API_KEY", "sk-env").containsEntry("OPENAI_API_KEY", "sk-openai").containsEntry("PATH", "/bin");
    keys.store("OPENAI_API_KEY", "");
    assertThat(keys.load()).doesNotContainKey("OPENAI_API_KEY");
    assertThatThrownBy(() -> keys.store("ANTHROPIC_API_KEY", "has space inside"))
        .hasMessageNotContaining("has space inside");
  }

  @Test
  void aKeyFileReadableByOthersIsRefused() throws Exception {
    Path p = dir.resolve("keys.properties");
    Files.writeString(p, "ANTHROPIC_API_KEY=sk-x\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> new KeyFile(p).load())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("chmod 600 " + p);
  }

  @Test
  void modelChoicesSayWhatIsMissing() {
    List<ModelChoice> none = ModelChoice.list(AppSettings.defaults(), Map.of());
    assertThat(none.getFirst().isStepScript()).isTrue();
    assertThat(none).filteredOn(m -> m.id().startsWith("anthropic:")).singleElement()
        .satisfies(m -> assertThat(m.problem()).isEqualTo("No API key: set ANTHROPIC_API_KEY or add it in Settings"));
    assertThat(none).filteredOn(m -> m.id().startsWith("openai-compat:")).allMatch(ModelChoice::available);
    List<ModelChoice> keyed = ModelChoice.list(AppSettings.defaults(), Map.of("ANTHROPIC_API_KEY", "sk"));
    assertThat(keyed).filteredOn(m -> m.id().startsWith("anthropic:")).allMatch(ModelChoice::available);
  }

  @Test
  void pricesParseWithOneLineErrors() {
    assertThat(SettingsView.parsePrices("# comment\nanthropic:claude-sonnet-4-5 = 3 / 15\n"))
        .containsEntry("anthropic:claude-sonnet-4-5", new AppSettings.Price(3, 15));
    assertThatThrownBy(() -> SettingsView.parsePrices("openai:gpt-5 = 1"))
        .hasMessage("prices line 1 'openai:gpt-5 = 1': expected <model spec> = <input> / <output>");
    assertThat(new AppSettings.Price(3, 15).cost(1_000_000, 100_000)).isEqualTo(4.5);
  }
}
