package dev.deskpilot.app.ui;

import dev.deskpilot.agent.provider.ApiKey;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * API keys stored by the app in a properties file only its owner can read ({@code
 * ~/.config/deskpilot/keys.properties}, mode 0600), keyed by the provider's environment variable
 * name ({@code ANTHROPIC_API_KEY=...}). The environment wins over the file. Values never leave this
 * class except through {@link #environment(Map)}, which the provider factory reads.
 */
public final class KeyFile {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final Path file;

  KeyFile(Path file) {
    this.file = file;
  }

  Path file() {
    return file;
  }

  /**
   * The stored keys.
   *
   * @throws IllegalStateException when the file can be read by others (its mode is not 0600): the
   *     keys are not used until the person fixes it
   */
  Map<String, String> load() {
    return loadFrom(file);
  }

  /**
   * The process environment with the keys of the user's key file added (the environment wins):
   * what the command line and the app hand to the model providers.
   *
   * @throws IllegalStateException when the key file is readable by others or unreadable
   */
  public static Map<String, String> environmentWithKeys(Map<String, String> env) {
    Path file = Path.of(System.getProperty("user.home"), ".config", "deskpilot", "keys.properties");
    Map<String, String> merged = new HashMap<>(loadFrom(file));
    merged.putAll(env);
    return Map.copyOf(merged);
  }

  private static Map<String, String> loadFrom(Path file) {
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (!OWNER_ONLY.containsAll(perms)) {
        throw new IllegalStateException("key file " + file + " is readable by others (mode "
            + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
      }
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(r);
      }
      Map<String, String> out = new HashMap<>();
      for (String name : p.stringPropertyNames()) {
        String v = p.getProperty(name).strip();
        if (!v.isEmpty()) {
          out.put(name, v);
        }
      }
      return Map.copyOf(out);
    } catch (IOException e) {
      throw new IllegalStateException("key file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Stores (or with a blank value removes) one key, keeping the file at mode 0600 from its first
   * byte.
   *
   * @throws IllegalArgumentException when the value cannot be an API key (the message never holds it)
   */
  void store(String variable, String value) throws IOException {
    if (variable == null || !variable.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("key name '" + variable + "' is not an environment variable name");
    }
    Map<String, String> keys = new HashMap<>(load());
    if (value == null || value.isBlank()) {
      keys.remove(variable);
    } else {
      ApiKey.of(value.strip());
      keys.put(variable, value.strip());
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Properties p = new Properties();
    p.putAll(keys);
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      p.store(w, "Deskpilot API keys (keep this file private: mode 0600)");
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.setPosixFilePermissions(file, OWNER_ONLY);
  }

  /** The process environment with the stored keys added where the environment has none. */
  Map<String, String> environment(Map<String, String> processEnv) {
    Map<String, String> merged = new HashMap<>(load());
    processEnv.forEach((k, v) -> {
      if (v != null && !v.isBlank()) {
        merged.put(k, v);
      }
    });
    return Map.copyOf(merged);
  }
}
