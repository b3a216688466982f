package dev.deskpilot.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.app.bench.ActionsBenchmark;
import dev.deskpilot.app.bench.TokensBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deskpilot bench NAME --out FILE.json}: the benchmarks, JSON out (medians, ratios). */
@Command(name = "bench", description = "Run a benchmark and print JSON: actions, tokens, app, perception, reset.")
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "actions | tokens | app | perception | reset")
  String name;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON here.")
  Path out;

  @Option(names = "--vm-image", paramLabel = "DIR", description = "For bench reset: a VM image (default: $DESKPILOT_VM_IMAGE; without one only the sandbox is measured).")
  Path vmImageOption;

  @Spec CommandSpec spec;

  private java.util.Optional<Path> vmImage() {
    if (vmImageOption != null) {
      return java.util.Optional.of(vmImageOption);
    }
    String env = System.getenv("DESKPILOT_VM_IMAGE");
    return env == null || env.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(env));
  }

  @Override
  public Integer call() throws Exception {
    ObjectNode result =
        switch (name) {
          case "actions" -> ActionsBenchmark.run(ActionsBenchmark.Options.defaults(), System.err);
          case "tokens" -> TokensBenchmark.run();
          case "app" -> {
            ObjectNode app = dev.deskpilot.app.ui.AppStartupBenchmark.run(5);
            app.setAll(dev.deskpilot.app.ui.AppKillSwitchBenchmark.run(5));
            yield app;
          }
          case "perception" -> dev.deskpilot.app.bench.PerceptionBenchmark.run(Home.dir().resolve(dev.deskpilot.app.bench.PerceptionBenchmark.DEFAULT_CORPUS));
          case "reset" -> dev.deskpilot.app.bench.ResetBenchmark.run(vmImage(), 5, System.err);
          default -> throw new UserInputException("bench '" + name + "' is unknown (valid: actions, tokens, app, perception, reset)");
        };
    spec.commandLine().getOut().println(result.toPrettyString());
    spec.commandLine().getOut().flush();
    if (out != null) {
      SuiteCommand.writeJson(out, result);
    }
    return 0;
  }
}
