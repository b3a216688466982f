package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.Perceiver;
import dev.deskpilot.vm.Environment;
import dev.deskpilot.vm.EnvironmentFactory;
import dev.deskpilot.vm.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task whose environment dies under it is retried once on a fresh one, and marked an error (with
 * the reason, in its folder) when the second one dies too. The deaths are real: the sandbox (Xvfb,
 * window manager, apps, guest server) is torn down while the agent is acting, at its first action.
 */
class EnvironmentDeathIT {
  private static final Path DEMO = Path.of("../tasks/suites/demo").toAbsolutePath().normalize();

  /** Sandboxes of which the first {@code deaths} die at their first action. */
  private static EnvironmentFactory dying(int deaths, AtomicInteger started) {
    return () -> {
      Sandbox sandbox = Sandbox.start();
      boolean dies = started.getAndIncrement() < deaths;
      Desktop real = sandbox.desktop();
      Desktop desktop =
          new Desktop() {
            @Override
            public Screenshot capture() {
              return real.capture();
            }

            @Override
            public ActionResult perform(Action action) {
              if (dies) {
                sandbox.close(); // the whole sandbox goes away under the running agent
              }
              return real.perform(action);
            }

            @Override
            public CommandResult run(Command command) {
              return real.run(command);
            }

            @Override
            public void launch(Command command) {
              real.launch(command);
            }

            @Override
            public byte[] readFile(String path) {
              return real.readFile(path);
            }

            @Override
            public void writeFile(String path, byte[] content) {
              real.writeFile(path, content);
            }

            @Override
            public void close() {
              real.close();
            }
          };
      return new Environment() {
        @Override
        public Desktop desktop() {
          return desktop;
        }

        @Override
        public String description() {
          return sandbox.description() + (dies ? " (dies at its first action)" : "");
        }

        @Override
        public void close() {
          sandbox.close();
        }
      };
    };
  }

  private static List<SuiteRunner.TaskResult> run(Path results, EnvironmentFactory envs) throws Exception {
    Suite suite = SuiteReader.read(DEMO);
    List<Task> xterm = suite.tasks().stream().filter(t -> t.id().equals("make-file-from-terminal")).toList();
    assertThat(xterm).hasSize(1);
    SuiteRunner runner = new SuiteRunner(envs, PolicyFactory.stepScripts(), Perceiver::open, Evaluator.builtIn(),
        SuiteRunner.Options.defaults(results), new SuiteRunner.Listener() {});
    return runner.run(xterm);
  }

  @Test
  void aTaskWhoseEnvironmentDiesIsRetriedOnAFreshOneAndPasses(@TempDir Path tmp) throws Exception {
    AtomicInteger started = new AtomicInteger();
    List<SuiteRunner.TaskResult> r = run(tmp, dying(1, started));
    assertThat(started).hasValue(2);
    assertThat(r.getFirst().status()).as(r.getFirst().reason()).isEqualTo(SuiteRunner.Status.PASSED);
    Path dir = tmp.resolve("computer_13/screenshot/step-script/xterm/make-file-from-terminal");
    assertThat(Files.readString(dir.resolve("result.txt")).strip()).isEqualTo("1.0");
    assertThat(Files.readString(dir.resolve("runtime.log")))
        .contains("attempt 1 failed: environment failed: environment died during the run")
        .contains("(attempt 2)");
  }

  @Test
  void aTaskWhoseEnvironmentDiesTwiceIsAnErrorWithItsReasonNeverLost(@TempDir Path tmp) throws Exception {
    AtomicInteger started = new AtomicInteger();
    List<SuiteRunner.TaskResult> r = run(tmp, dying(2, started));
    assertThat(started).hasValue(2);
    SuiteRunner.TaskResult result = r.getFirst();
    assertThat(result.status()).isEqualTo(SuiteRunner.Status.ERROR);
    assertThat(result.reason()).contains("environment failed").contains("(after a retry)");
    Path dir = tmp.resolve("computer_13/screenshot/step-script/xterm/make-file-from-terminal");
    assertThat(Files.readString(dir.resolve("runtime.log"))).contains("error: environment failed");
    // The error is recorded where a rerun and the report find it.
    assertThat(ResultsIndex.scan(tmp.resolve("computer_13/screenshot/step-script")).entry("xterm", "make-file-from-terminal"))
        .get().extracting(ResultsIndex.Entry::state).isEqualTo(ResultsIndex.State.ERROR);
  }
}
