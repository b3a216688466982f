package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One OSWorld setup step, {@code {"type": T, "parameters": {...}}}, as found in a task's
 * {@code config} and its evaluator's {@code postconfig}. The command-like types have their own
 * record, checked when the file is read; every other type is kept as {@link Other} with its raw
 * parameters, checked when it runs; {@link SetupRunner} refuses those it cannot run by name.
 */
public sealed interface SetupStep {
  /** The step types with their own record; {@link SetupRunner#supportedTypes()} runs more. */
  Set<String> SUPPORTED_TYPES = Set.of("execute", "command", "launch", "sleep");

  /** The type name as written in the task file. */
  String type();

  /** The raw parameters object (do not modify). */
  ObjectNode parameters();

  /**
   * {@code execute} and {@code command} (OSWorld runs both the same way): run a command to
   * completion; optionally save its output into the task's work directory, optionally repeat it
   * until a condition holds.
   *
   * @param type {@code "execute"} or {@code "command"}
   * @param command what to run; placeholders are substituted when it runs
   * @param stdoutFile file name in the work directory to write the command's stdout to
   * @param stderrFile file name in the work directory to write its stderr to
   * @param until repeat until this holds (OSWorld's {@code until})
   */
  record Execute(
      String type,
      CommandLine command,
      Optional<String> stdoutFile,
      Optional<String> stderrFile,
      Optional<Until> until,
      ObjectNode parameters)
      implements SetupStep {
    public Execute {
      if (!type.equals("execute") && !type.equals("command")) {
        throw new IllegalArgumentException("an Execute step is 'execute' or 'command', not '" + type + "'");
      }
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(stdoutFile, "stdoutFile");
      Objects.requireNonNull(stderrFile, "stderrFile");
      Objects.requireNonNull(until, "until");
      Objects.requireNonNull(parameters, "parameters");
    }
  }

  /**
   * OSWorld's {@code until}: the step is repeated until any given condition holds.
   *
   * @param returncode the exit code to wait for
   * @param stdout text the stdout must contain
   * @param stderr text the stderr must contain
   */
  record Until(OptionalInt returncode, Optional<String> stdout, Optional<String> stderr) {
    public Until {
      if (returncode.isEmpty() && stdout.isEmpty() && stderr.isEmpty()) {
        throw new IllegalArgumentException("until needs returncode, stdout or stderr");
      }
    }
  }

  /** {@code launch}: start a program in the background. */
  record Launch(CommandLine command, ObjectNode parameters) implements SetupStep {
    public Launch {
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(parameters, "parameters");
    }

    @Override
    public String type() {
      return "launch";
    }
  }

  /** {@code sleep}: wait a number of seconds. */
  record Sleep(Duration duration, ObjectNode parameters) implements SetupStep {
    public Sleep {
      if (duration == null || duration.isNegative()) {
        throw new IllegalArgumentException("sleep needs a duration >= 0, was " + duration);
      }
      Objects.requireNonNull(parameters, "parameters");
    }

    @Override
    public String type() {
      return "sleep";
    }
  }

  /**
   * Any other type (download, open, activate_window, chrome_open_tabs, ...), kept raw; {@link
   * SetupRunner} runs those in {@link SetupRunner#supportedTypes()} and refuses the rest by name.
   */
  record Other(String type, ObjectNode parameters) implements SetupStep {
    public Other {
      if (type == null || type.isBlank()) {
        throw new IllegalArgumentException("a step needs a type");
      }
      if (SUPPORTED_TYPES.contains(type)) {
        throw new IllegalArgumentException("'" + type + "' steps have their own record, not Other");
      }
      Objects.requireNonNull(parameters, "parameters");
    }
  }
}
