package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.CommandLine;
import dev.deskpilot.tasks.GetterInput;
import dev.deskpilot.tasks.Value;

/**
 * OSWorld's {@code vm_command_line} ({@code getters/general.py}) and {@code rule}
 * ({@code getters/misc.py}).
 */
public final class CommandGetters {
  private CommandGetters() {}

  /**
   * {@code vm_command_line}: runs {@code command} ({@code shell} as in setup steps, no placeholders)
   * and gives its stdout whatever the exit code, as OSWorld's {@code /execute} answers. When the
   * server would answer with an error (program not found, timeout) it gives None.
   */
  public static Value vmCommandLine(GetterInput in) {
    JsonNode c = in.require("command");
    boolean shell = in.flag("shell", false);
    CommandLine line;
    if (c.isTextual() && !c.asText().isBlank()) {
      line = CommandLine.ofString(c.asText(), shell);
    } else if (c.isArray()) {
      java.util.List<String> argv = in.strings("command");
      if (argv.isEmpty() || argv.getFirst().isBlank()) {
        throw in.bad("command", "expected a non-empty list whose first item names the program");
      }
      line = CommandLine.ofList(argv, shell);
    } else {
      throw in.bad("command", "expected a non-empty string or a list of strings, found " + JsonFields.describe(c));
    }
    CommandResult r;
    try {
      r = in.context().desktop().run(line.toExecuteCommand(in.context().commandTimeout()));
    } catch (IllegalArgumentException e) {
      throw in.bad("command", "cannot split into words (" + e.getMessage() + "); fix the quoting or set \"shell\": true");
    } catch (DesktopException e) {
      if (e.kind() != DesktopException.Kind.FAILED && e.kind() != DesktopException.Kind.NO_SUCH_FILE) {
        throw e;
      }
      in.context().log().accept(in.pointer() + " vm_command_line " + line.display() + ": " + e.getMessage() + " -> None");
      return Value.NOTHING;
    }
    if (r.timedOut()) {
      in.context().log().accept(in.pointer() + " vm_command_line " + line.display() + ": timed out -> None");
      return Value.NOTHING;
    }
    in.context().log().accept(in.pointer() + " vm_command_line " + line.display() + " -> exit " + r.exitCode());
    return new Value.Text(r.stdout());
  }

  /** {@code rule}: gives the object's {@code rules} as they are. */
  public static Value rule(GetterInput in) {
    return new Value.Json(in.require("rules"));
  }
}
