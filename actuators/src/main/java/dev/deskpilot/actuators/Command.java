package dev.deskpilot.actuators;

import java.time.Duration;
import java.util.List;

/**
 * A program to run on a desktop.
 *
 * @param argv the program and its arguments; with {@code shell} a single shell command line
 * @param shell run through {@code sh -c}
 * @param timeout how long to wait for it to finish (ignored when launched in the background)
 */
public record Command(List<String> argv, boolean shell, Duration timeout) {
  public Command {
    argv = List.copyOf(argv);
    if (argv.isEmpty() || argv.getFirst().isBlank()) {
      throw new IllegalArgumentException("a command needs a program");
    }
    if (shell && argv.size() != 1) {
      throw new IllegalArgumentException("a shell command is one command line, got " + argv.size() + " parts");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("command timeout must be positive, was " + timeout);
    }
  }

  public static Command shell(String line) {
    return new Command(List.of(line), true, Duration.ofSeconds(60));
  }

  public static Command of(String... argv) {
    return new Command(List.of(argv), false, Duration.ofSeconds(60));
  }

  public Command withTimeout(Duration t) {
    return new Command(argv, shell, t);
  }

  /** The argv to hand to a process builder. */
  public List<String> processArgv() {
    return shell ? List.of("sh", "-c", argv.getFirst()) : argv;
  }
}
