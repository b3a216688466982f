package dev.deskpilot.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.tasks.OsworldCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deskpilot osworld check DIR}: what of an OSWorld task folder Deskpilot supports. */
@Command(name = "osworld", description = "OSWorld task sets.", subcommands = {OsworldCommand.Check.class})
final class OsworldCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "check", description = "Parse every task file and report supported setup steps, getters and metrics.")
  static final class Check implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "An OSWorld folder (examples/<domain>/<id>.json).")
    Path dir;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON here.")
    Path out;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!Files.isDirectory(dir)) {
        throw new UserInputException("osworld check: " + dir + " is not a directory");
      }
      ObjectNode r = OsworldCheck.run(dir);
      spec.commandLine().getOut().println(r.toPrettyString());
      if (out != null) {
        SuiteCommand.writeJson(out, r);
      }
      var errors = r.path("parse_errors");
      return (errors.isArray() ? errors.size() : errors.asInt()) == 0 ? 0 : 1;
    }
  }
}
