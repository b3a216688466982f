package dev.deskpilot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deskpilot vm}: bad flags get one line and exit 2; {@code vm list} reads manifests. */
class VmCommandTest {
  @TempDir Path tmp;

  record Run(int exit, String out, String err) {}

  static Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void anUnknownAppSetIsBadInput() {
    Run run = cli("vm", "build", "--apps", "core,games", "--out", tmp.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("deskpilot: --apps: 'games' is not an app set (valid: core, office, browser)");
  }

  @Test
  void aBrokenImageIsOneLineBeforeAnyMeasurement() throws IOException {
    Path image = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(image.resolve("manifest.json"), "{\"format\": 7}");
    Run run = cli("bench", "reset", "--vm-image", image.toString(), "--out", tmp.resolve("r.json").toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().lines().filter(l -> !l.startsWith("bench reset:")).toList())
        .singleElement().asString()
        .startsWith("deskpilot: bench: " + image.resolve("manifest.json"))
        .contains("format 7 is not supported");
    assertThat(run.err()).doesNotContain("bench reset: sandbox").doesNotContain("\tat ");
    assertThat(tmp.resolve("r.json")).doesNotExist();
  }

  @Test
  void helpNamesTheOptions() {
    Run run = cli("vm", "build", "--help");
    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("--apps").contains("--out").contains("--no-compress");
    assertThat(cli("vm", "--help").out()).contains("build").contains("list");
  }

  @Test
  void listSaysWhenThereIsNothing() {
    Run empty = cli("vm", "list", "--dir", tmp.toString());
    assertThat(empty.exit()).isZero();
    assertThat(empty.out()).contains("no images in " + tmp);
    Run missing = cli("vm", "list", "--dir", tmp.resolve("nope").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains(tmp.resolve("nope") + " is not a directory");
  }

  @Test
  void listShowsEachImagesManifestAndWhetherItsFilesStillMatch() throws IOException {
    Path image = Files.createDirectories(tmp.resolve("deskpilot-bookworm-office-20260101-000000"));
    Files.writeString(image.resolve("vmlinuz"), "kernel");
    Files.writeString(image.resolve("initrd.img"), "initrd");
    Files.writeString(image.resolve("manifest.json"), """
        {"format": 1, "name": "deskpilot-bookworm-office-20260101-000000", "apps": "office",
         "created": "2026-01-01T00:00:00Z", "kernelCmdline": "root=/dev/vda",
         "guest": {"protocol": 1, "port": 8765, "tokenFwCfg": "opt/deskpilot/token", "tokenLength": 64},
         "files": {"vmlinuz": {"size": 6, "sha256": "x"}, "initrd.img": {"size": 6, "sha256": "x"},
                   "disk.qcow2": {"size": 419430400, "sha256": "x"}}}
        """);
    Files.createSymbolicLink(tmp.resolve("latest-office"), image.getFileName());

    Run run = cli("vm", "list", "--dir", tmp.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    String line = run.out().lines().filter(l -> l.startsWith("deskpilot-bookworm-office")).findFirst().orElseThrow();
    assertThat(line).contains(" office ").contains(" 1 ").contains("400M").contains("2026-01-01T00:00:00Z")
        .contains("BROKEN").contains("disk.qcow2 is missing").contains("(latest-office)");
  }
}
