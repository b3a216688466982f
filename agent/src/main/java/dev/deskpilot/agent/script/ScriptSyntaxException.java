package dev.deskpilot.agent.script;

/** A step script line that cannot be parsed; the message names the line. */
public final class ScriptSyntaxException extends IllegalArgumentException {
  private final int line;

  public ScriptSyntaxException(int line, String message) {
    super("script line " + line + ": " + message);
    this.line = line;
  }

  public int line() {
    return line;
  }
}
