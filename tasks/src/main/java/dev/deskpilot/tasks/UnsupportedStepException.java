package dev.deskpilot.tasks;

/**
 * A task needs a setup step type Deskpilot does not run yet; the runner marks the task unsupported
 * with this message, e.g. {@code task 0a1b: config[3] type 'googledrive' is not supported yet}.
 */
public final class UnsupportedStepException extends RuntimeException {
  private final String taskId;
  private final String where;
  private final int index;
  private final String type;

  /**
   * @param taskId the task
   * @param where {@code config} or {@code evaluator.postconfig}
   * @param index the step's position in that list
   * @param type the step type
   */
  public UnsupportedStepException(String taskId, String where, int index, String type) {
    super("task " + taskId + ": " + where + "[" + index + "] type '" + type + "' is not supported yet");
    this.taskId = taskId;
    this.where = where;
    this.index = index;
    this.type = type;
  }

  public String taskId() {
    return taskId;
  }

  public String where() {
    return where;
  }

  public int index() {
    return index;
  }

  public String type() {
    return type;
  }
}
