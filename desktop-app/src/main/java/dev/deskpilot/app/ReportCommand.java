package dev.deskpilot.app;

import dev.deskpilot.tasks.report.HtmlReport;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deskpilot report RESULTS_DIR}: one self-contained HTML file. */
@Command(name = "report", description = "Write a self-contained HTML report of a results folder.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RESULTS_DIR", description = "A results root or one model folder.")
  Path results;

  @Option(names = "--out", paramLabel = "FILE", description = "Output file (default: RESULTS_DIR/report.html).")
  Path out;

  @Option(names = "--compare", paramLabel = "DIR", description = "Another results folder to diff against.")
  Path compare;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path file = out != null ? out : results.resolve("report.html");
    HtmlReport.Written w;
    try {
      w = HtmlReport.write(results, Optional.ofNullable(compare), file);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    spec.commandLine().getOut().printf("report: %s (%d run(s), %d task(s))%n", w.file(), w.runs(), w.tasks());
    return 0;
  }
}
