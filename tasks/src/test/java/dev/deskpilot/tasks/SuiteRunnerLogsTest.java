package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.vm.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner keeps an environment's own logs (a VM's serial console) in the task's results folder. */
class SuiteRunnerLogsTest {
  @TempDir Path tmp;

  private static final String TASK = """
      {"id": "logs", "instruction": "nothing to do", "config": [],
       "evaluator": {"func": "exact_match",
         "result": {"type": "vm_command_line", "command": "echo made", "shell": true},
         "expected": {"type": "rule", "rules": {"expected": "made\\n"}}},
       "deskpilot": {"script": ["done"]}}
      """;

  @Test
  void anEnvironmentsLogFilesAreCopiedBeforeItCloses() throws Exception {
    Path serial = Files.writeString(tmp.resolve("serial-1.log"), "[    0.000000] Linux version 6.1\ndeskpilot-session: token handed over\n");
    AtomicBoolean closed = new AtomicBoolean();
    FakeDesktop desktop = new FakeDesktop(Files.createDirectories(tmp.resolve("scratch")));
    Environment env = new Environment() {
      @Override
      public Desktop desktop() {
        return desktop;
      }

      @Override
      public String description() {
        return "fake VM";
      }

      @Override
      public Map<String, Path> logFiles() {
        assertThat(closed).as("logs are asked for while the environment is open").isFalse();
        return Map.of("vm-serial.log", serial, "gone.log", tmp.resolve("never-written.log"));
      }

      @Override
      public void close() {
        closed.set(true);
      }
    };
    Task task = TaskReader.parse(TASK, tmp.resolve("logs.json"), "basic");
    Path results = tmp.resolve("results");
    SuiteRunner runner = new SuiteRunner(() -> env, PolicyFactory.stepScripts(), () -> new dev.deskpilot.perception.ScreenReader(new NoText()), Evaluator.builtIn(),
        SuiteRunner.Options.defaults(results), new SuiteRunner.Listener() {});

    List<SuiteRunner.TaskResult> ran = runner.run(List.of(task));

    assertThat(ran).singleElement().extracting(SuiteRunner.TaskResult::status).isEqualTo(SuiteRunner.Status.PASSED);
    assertThat(closed).isTrue();
    Path dir = results.resolve("computer_13/screenshot/step-script/basic/logs");
    assertThat(dir.resolve("vm-serial.log")).hasContent(Files.readString(serial));
    assertThat(dir.resolve("gone.log")).doesNotExist(); // a log the environment never wrote is not invented
  }

  /** OCR that reads nothing: the script here never looks at the screen. */
  private static final class NoText implements dev.deskpilot.perception.OcrEngine {
    @Override
    public List<dev.deskpilot.perception.TextLine> read(java.awt.image.BufferedImage image) {
      return List.of();
    }

    @Override
    public void close() {}
  }
}
