package dev.deskpilot.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code deskpilot} command line, the composition root. Exit codes: 0 success, 1 the job ran
 * but did not succeed (a task failed, something is missing), 2 bad input (flags, files).
 */
@Command(
    name = "deskpilot",
    mixinStandardHelpOptions = true,
    version = "deskpilot 0.1.0",
    description = "A desktop computer-use agent for the JVM.",
    subcommands = {
      DemoCommand.class, SuiteCommand.class, ReportCommand.class, OsworldCommand.class, BenchCommand.class,
      RecordCommand.class, AppCommand.class, VmCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line in this JVM and returns its exit code. */
  public static int execute(String... args) {
    return execute(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true), args);
  }

  /** Runs the command line in this JVM with the given output streams (tests call this). */
  public static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof UserInputException u) {
            cmd.getErr().println("deskpilot: " + u.getMessage());
            return 2;
          }
          if (e instanceof dev.deskpilot.vm.qemu.VmException || e instanceof dev.deskpilot.actuators.DesktopException
              || e instanceof dev.deskpilot.perception.OcrException || e instanceof java.io.UncheckedIOException
              || e instanceof java.io.IOException) {
            // The world failed (a VM, a desktop, OCR, a file): one line saying what and where.
            cmd.getErr().println("deskpilot: " + cmd.getCommandName() + ": " + oneLine(e.getMessage()));
            return 1;
          }
          throw e;
        });
    cli.setParameterExceptionHandler(
        (e, a) -> {
          e.getCommandLine().getErr().println("deskpilot: " + e.getMessage());
          e.getCommandLine().getErr().println("try: deskpilot " + e.getCommandLine().getCommandName() + " --help");
          return 2;
        });
    return cli.execute(args);
  }

  private static String oneLine(String message) {
    return message == null ? "failed" : message.replaceAll("\\s*\\R\\s*", " ");
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
