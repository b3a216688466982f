package dev.deskpilot.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deskpilot demo}: the bundled demo suite, offline, in a sandbox. */
@Command(name = "demo", description = "Run the bundled demo suite offline in a sandbox desktop.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--results", paramLabel = "DIR", description = "Results root (default: ${DEFAULT-VALUE}).", defaultValue = "results")
  Path results;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path suite = Home.dir().resolve("tasks/suites/demo");
    if (!Files.isDirectory(suite)) {
      throw new UserInputException("the demo suite is missing: " + suite + " (run from a Deskpilot checkout)");
    }
    SuiteCommand cmd = new SuiteCommand();
    cmd.suiteDir = suite;
    cmd.results = results;
    cmd.parallel = 1;
    cmd.model = "step-script";
    cmd.env = "sandbox";
    cmd.maxSteps = 15;
    cmd.summaryFile = results.resolve("demo").resolve("summary.json");
    return cmd.runSuite(spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
