package dev.deskpilot.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.vm.Sandbox;
import dev.deskpilot.vm.SandboxOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strongest proof of both directions at once: {@code ./deskpilot suite --env osworld} runs
 * real demo tasks end to end against a Deskpilot sandbox whose guest serves OSWorld's protocol
 * without a token ({@code --osworld-compat}). The run can only use OSWorld's endpoints (the /v1
 * API needs the token it does not have): screenshots, pyautogui actions through /execute, setup
 * through /execute and /setup/launch, evaluation through /file.
 */
class OsworldSuiteIT {
  private static final Path DEMO = Path.of("../tasks/suites/demo").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void demoTasksPassThroughOsworldsProtocol() throws Exception {
    try (Sandbox vm = Sandbox.start(SandboxOptions.defaults().withOsworldCompat(true))) {
      Path results = tmp.resolve("results");
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
          "suite", DEMO.toString(), "--env", "osworld", "--osworld-url", vm.desktop().url(),
          "--ids", "write-and-save-note,make-file-from-terminal", "--results", results.toString());
      assertThat(exit).as(out + "\n" + err).isZero();
      assertThat(out.toString()).contains("no --osworld-revert given").contains("2 tasks: 2 passed");
      Path model = results.resolve("computer_13/screenshot/step-script");
      assertThat(Files.readString(model.resolve("mousepad/write-and-save-note/result.txt")).strip()).isEqualTo("1.0");
      assertThat(Files.readString(model.resolve("xterm/make-file-from-terminal/result.txt")).strip()).isEqualTo("1.0");
      assertThat(Files.readString(model.resolve("mousepad/write-and-save-note/runtime.log")))
          .contains("environment osworld VM at " + vm.desktop().url() + " (1920x1080, no reset");
      // the work happened in the sandbox, through OSWorld's endpoints
      assertThat(Files.readString(vm.home().resolve("Documents/notes.txt"))).isEqualTo("Deskpilot was here.\n");
    }
  }
}
