package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.tasks.TaskFormatException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One raw setup step being run: its label for logs ({@code config[2]}), its type, its parameters
 * and their JSON pointer, with checked readers that report a wrong field by file and pointer.
 *
 * @param label e.g. {@code config[2]} or {@code evaluator.postconfig[0]}
 * @param type the step type
 * @param parameters the raw parameters
 * @param pointer JSON pointer of the parameters object in the task file
 * @param file the task file
 */
public record StepParams(String label, String type, ObjectNode parameters, String pointer, Path file) {
  public StepParams {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(pointer, "pointer");
    Objects.requireNonNull(file, "file");
  }

  /** The JSON pointer of the parameters of step {@code index} of list {@code where}. */
  public static String pointerOf(String where, int index) {
    String list = where.equals("config") ? "/config" : "/" + where.replace('.', '/');
    return list + "/" + index + "/parameters";
  }

  private JsonFields fields() {
    return new JsonFields(file);
  }

  /** A required non-empty string parameter. */
  public String string(String field) {
    return fields().string(parameters, field, pointer, true);
  }

  /** A boolean parameter (also "true"/"false" strings). */
  public boolean flag(String field, boolean absent) {
    return fields().flag(parameters, field, pointer, absent);
  }

  /** A required non-empty list of strings. */
  public List<String> strings(String field) {
    JsonNode n = parameters.get(field);
    if (n == null) {
      throw bad(field, "missing; expected a list of strings");
    }
    return fields().strings(n, JsonFields.child(pointer, field));
  }

  /** A required field of any type. */
  public JsonNode require(String field) {
    JsonNode n = parameters.get(field);
    if (n == null || n.isNull()) {
      throw bad(field, "missing");
    }
    return n;
  }

  /** A format error at {@code path} below the parameters: a field name, or names and indices joined by '/'. */
  public TaskFormatException bad(String path, String problem) {
    String p = pointer;
    for (String segment : path.split("/")) {
      p = JsonFields.child(p, segment);
    }
    return fields().error(p, problem);
  }

  public TaskFormatException bad(String problem) {
    return fields().error(pointer, problem);
  }
}
