package dev.deskpilot.app.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@link AppSettings} as JSON on disk (by default {@code ~/.config/deskpilot/settings.json}). A
 * missing file gives the defaults; a broken one is reported in one line naming the file and the
 * problem, never silently replaced.
 */
final class SettingsFile {
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final Path file;

  SettingsFile(Path file) {
    this.file = file;
  }

  /** {@code ~/.config/deskpilot/settings.json}, or under {@code $XDG_CONFIG_HOME} when set. */
  static Path defaultDir() {
    String xdg = System.getenv("XDG_CONFIG_HOME");
    Path base = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".config") : Path.of(xdg);
    return base.resolve("deskpilot");
  }

  Path file() {
    return file;
  }

  /**
   * Reads the settings.
   *
   * @throws IllegalArgumentException one line naming the file and what is wrong in it
   */
  AppSettings load() {
    if (!Files.exists(file)) {
      return AppSettings.defaults();
    }
    try {
      AppSettings defaults = AppSettings.defaults();
      // Start from the defaults so that a file written by an older version gains new fields.
      var tree = JSON.valueToTree(defaults);
      var stored = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (stored == null || !stored.isObject()) {
        throw new IllegalArgumentException("settings file " + file + " does not hold a JSON object");
      }
      ((com.fasterxml.jackson.databind.node.ObjectNode) tree).setAll((com.fasterxml.jackson.databind.node.ObjectNode) stored);
      return JSON.treeToValue(tree, AppSettings.class);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException("settings file " + file + ": " + cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("settings file " + file + " is not valid: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("settings file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** Writes the settings atomically (a temporary file, then a rename). */
  void save(AppSettings settings) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(settings) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
