package dev.deskpilot.tasks;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A task file (or suite index) is not what the format promises. The message is one line:
 * {@code <file>: <json pointer>: <what is wrong, what is valid>}, or for malformed JSON
 * {@code <file>:<line>:<column>: malformed JSON: <detail>}.
 */
public final class TaskFormatException extends RuntimeException {
  private final transient Path file;
  private final String pointer;
  private final String problem;

  /**
   * @param file the file that is wrong
   * @param pointer RFC 6901 JSON pointer of the wrong value ({@code ""} for the whole document)
   * @param problem what is wrong and what would be valid
   */
  public TaskFormatException(Path file, String pointer, String problem) {
    super(file + ": " + (pointer.isEmpty() ? "(document)" : pointer) + ": " + oneLine(problem));
    this.file = Objects.requireNonNull(file, "file");
    this.pointer = pointer;
    this.problem = oneLine(problem);
  }

  /** Malformed JSON at a line and column (1-based). */
  public TaskFormatException(Path file, int line, int column, String problem, Throwable cause) {
    super(file + ":" + line + ":" + column + ": malformed JSON: " + oneLine(problem), cause);
    this.file = Objects.requireNonNull(file, "file");
    this.pointer = "";
    this.problem = "malformed JSON: " + oneLine(problem);
  }

  public Path file() {
    return file;
  }

  /** The JSON pointer of the wrong value; empty for the whole document or for malformed JSON. */
  public String pointer() {
    return pointer;
  }

  /** What is wrong, without the file and pointer. */
  public String problem() {
    return problem;
  }

  static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String first = s.strip();
    int nl = first.indexOf('\n');
    return (nl < 0 ? first : first.substring(0, nl)).replace('\r', ' ').strip();
  }
}
