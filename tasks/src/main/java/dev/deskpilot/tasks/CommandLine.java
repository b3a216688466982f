package dev.deskpilot.tasks;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.Shlex;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A command as a task file writes it: a JSON string or a list of strings, with OSWorld's
 * {@code shell} flag.
 *
 * @param parts the list items, or exactly one element holding the string
 * @param string whether the task wrote a string rather than a list
 * @param shell whether it runs through {@code sh -c}
 */
public record CommandLine(List<String> parts, boolean string, boolean shell) {
  public CommandLine {
    parts = List.copyOf(parts);
    if (parts.isEmpty() || (parts.size() == 1 && parts.getFirst().isBlank())) {
      throw new IllegalArgumentException("empty command");
    }
    if (string && parts.size() != 1) {
      throw new IllegalArgumentException("a string command has one part, got " + parts.size());
    }
  }

  public static CommandLine ofString(String line, boolean shell) {
    return new CommandLine(List.of(line), true, shell);
  }

  public static CommandLine ofList(List<String> argv, boolean shell) {
    return new CommandLine(argv, false, shell);
  }

  /** The same command with {@link Placeholders} substituted in every part. */
  public CommandLine substitute(Placeholders p) {
    return new CommandLine(p.substitute(parts), string, shell);
  }

  /**
   * What OSWorld's {@code /execute} runs: a string with shell through {@code sh -c}; a string
   * without shell split like Python's {@code shlex.split}; a list as argv; a list with shell as
   * Python's {@code Popen(list, shell=True)}, i.e. {@code sh -c list[0] list[1:]}.
   *
   * @throws IllegalArgumentException when a string cannot be split (an unclosed quote)
   */
  public Command toExecuteCommand(Duration timeout) {
    if (string) {
      return shell
          ? new Command(parts, true, timeout)
          : new Command(nonEmpty(Shlex.split(parts.getFirst())), false, timeout);
    }
    if (shell) {
      List<String> argv = new ArrayList<>(List.of("sh", "-c"));
      argv.addAll(parts);
      return new Command(argv, false, timeout);
    }
    return new Command(parts, false, timeout);
  }

  /**
   * What OSWorld's {@code launch} step starts: like {@link #toExecuteCommand} except that a string
   * without shell is split at whitespace (OSWorld's setup controller does {@code str.split()}).
   */
  public Command toLaunchCommand(Duration timeout) {
    if (string && !shell) {
      return new Command(
          nonEmpty(Arrays.stream(parts.getFirst().trim().split("\\s+")).toList()), false, timeout);
    }
    return toExecuteCommand(timeout);
  }

  /** For logs: the string, or the list items joined by spaces. */
  public String display() {
    return String.join(" ", parts) + (shell ? " (shell)" : "");
  }

  private static List<String> nonEmpty(List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty command");
    }
    return argv;
  }
}
