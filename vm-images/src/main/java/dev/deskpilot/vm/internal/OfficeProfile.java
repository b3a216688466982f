package dev.deskpilot.vm.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A LibreOffice user profile seeded into a throwaway home, so that the office starts straight into
 * its document: no "Tip of the Day" dialog, no "running this version for the first time" bar, no
 * "keep current format" question when saving xlsx/docx, no document recovery, LibreOffice's own file
 * dialogs. The same settings the VM image recipe writes ({@code scripts/build-vm-image.sh}).
 *
 * <p>The "first time" bar compares the running version with {@code ooSetupLastVersion}, so the
 * profile names the installed version (major.minor). It is read once per JVM from dpkg
 * ({@code libreoffice-core}); without LibreOffice (or without dpkg) nothing is seeded.
 */
public final class OfficeProfile {
  /** Where LibreOffice keeps its user profile under HOME (version 4 layout, LibreOffice 4..25). */
  public static final String USER_DIR = ".config/libreoffice/4/user";

  private static final Pattern MAJOR_MINOR = Pattern.compile("^(?:\\d+:)?(\\d+\\.\\d+)");

  private OfficeProfile() {}

  /** The installed LibreOffice's major.minor version, looked up once per JVM. */
  public static Optional<String> installedVersion() {
    return Installed.VERSION;
  }

  /**
   * Writes the seeded profile into {@code home} unless one is there already.
   *
   * @param version LibreOffice's major.minor, e.g. {@code "7.4"}
   * @return whether a profile was written
   */
  public static boolean seed(Path home, String version) throws IOException {
    Path registry = home.resolve(USER_DIR).resolve("registrymodifications.xcu");
    if (Files.exists(registry)) {
      return false;
    }
    Files.createDirectories(registry.getParent());
    Files.writeString(registry, registry(version), StandardCharsets.UTF_8);
    return true;
  }

  /**
   * The profile's settings as LibreOffice's {@code registrymodifications.xcu}.
   *
   * @throws IllegalArgumentException when {@code version} is not major.minor
   */
  public static String registry(String version) {
    if (version == null || !version.matches("\\d+\\.\\d+")) {
      throw new IllegalArgumentException("a LibreOffice version is major.minor like 7.4, was '" + version + "'");
    }
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
        + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n");
    item(b, "/org.openoffice.Office.Common/Misc", "FirstRun", "false");
    item(b, "/org.openoffice.Office.Common/Misc", "ShowTipOfTheDay", "false");
    item(b, "/org.openoffice.Office.Common/Misc", "UseSystemFileDialog", "false");
    item(b, "/org.openoffice.Office.Common/Save/Document", "WarnAlienFormat", "false");
    item(b, "/org.openoffice.Office.Recovery/AutoSave", "Enabled", "false");
    item(b, "/org.openoffice.Setup/Office", "ooSetupInstCompleted", "true");
    item(b, "/org.openoffice.Setup/Product", "ooSetupLastVersion", version);
    item(b, "/org.openoffice.Setup/Product", "LastTimeDonateShown", "9999999999");
    item(b, "/org.openoffice.Setup/Product", "LastTimeGetInvolvedShown", "9999999999");
    b.append("</oor:items>\n");
    return b.toString();
  }

  private static void item(StringBuilder b, String path, String name, String value) {
    b.append("<item oor:path=\"").append(path).append("\"><prop oor:name=\"").append(name)
        .append("\" oor:op=\"fuse\"><value>").append(value).append("</value></prop></item>\n");
  }

  /**
   * The major.minor of a Debian package version such as {@code 4:7.4.7-1+deb12u14}, if it has one.
   */
  static Optional<String> majorMinor(String debianVersion) {
    Matcher m = MAJOR_MINOR.matcher(debianVersion.strip());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Asks dpkg once; the answer is an immutable constant of this JVM. */
  private static final class Installed {
    static final Optional<String> VERSION = lookUp();

    private static Optional<String> lookUp() {
      try {
        Process p = new ProcessBuilder("dpkg-query", "-W", "-f=${Version}", "libreoffice-core")
            .redirectErrorStream(false)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          return Optional.empty();
        }
        return p.exitValue() == 0 ? majorMinor(out) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty(); // no dpkg: not a Debian system, nothing to seed
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
