package dev.deskpilot.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code suite --env osworld}: bad flags and an unreachable VM are one line each, exit 2, before any task. */
class OsworldEnvCommandTest {
  private static final String DEMO = Path.of("../tasks/suites/demo").toAbsolutePath().normalize().toString();

  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  private Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void anUnreachableVmIsOneLineNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Run r = cli("suite", DEMO, "--env", "osworld", "--osworld-url", "http://127.0.0.1:" + port, "--results", tmp.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("deskpilot: --env osworld: OSWorld server at http://127.0.0.1:" + port + " is unreachable")
        .contains("is the VM running");
    assertThat(r.out()).doesNotContain("running");
  }

  @Test
  void missingOrMisplacedFlagsSayWhatIsValid() {
    assertThat(cli("suite", DEMO, "--env", "osworld").err())
        .isEqualTo("deskpilot: --env osworld needs --osworld-url http://HOST:5000 (the OSWorld VM's server)\n");
    assertThat(cli("suite", DEMO, "--env", "osworld", "--osworld-url", "ftp://x", "--results", tmp.toString()).err())
        .isEqualTo("deskpilot: --osworld-url: OSWorld server URL must be http://HOST:PORT, was 'ftp://x'\n");
    assertThat(cli("suite", DEMO, "--env", "osworld", "--osworld-url", "http://x:5000", "--parallel", "2").err())
        .isEqualTo("deskpilot: --env osworld drives one VM, one task at a time: --parallel must be 1, was 2\n");
    Run misplaced = cli("suite", DEMO, "--osworld-url", "http://x:5000");
    assertThat(misplaced.exit()).isEqualTo(2);
    assertThat(misplaced.err()).isEqualTo("deskpilot: --osworld-url and --osworld-revert go with --env osworld, not --env sandbox\n");
  }
}
