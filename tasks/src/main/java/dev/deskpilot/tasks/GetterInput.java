package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.tasks.internal.JsonFields;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One getter call: the run's context and the getter object from the task file, with checked field
 * readers that report a wrong field by its JSON pointer.
 *
 * @param context the task run
 * @param spec the getter object
 */
public record GetterInput(TaskContext context, GetterSpec spec) {
  public GetterInput {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(spec, "spec");
  }

  public ObjectNode config() {
    return spec.config();
  }

  public String pointer() {
    return spec.pointer();
  }

  public Task task() {
    return context.task();
  }

  /** A required string field. */
  public String string(String field) {
    return fields().string(config(), field, pointer(), false);
  }

  /** An optional string field. */
  public Optional<String> optionalString(String field) {
    return fields().optString(config(), field, pointer());
  }

  /** A boolean field (also "true"/"false" strings, as OSWorld files write them). */
  public boolean flag(String field, boolean absent) {
    return fields().flag(config(), field, pointer(), absent);
  }

  /** A required list-of-strings field. */
  public List<String> strings(String field) {
    JsonNode n = config().get(field);
    if (n == null) {
      throw bad(field, "missing; expected a list of strings");
    }
    return fields().strings(n, JsonFields.child(pointer(), field));
  }

  /** A required field of any JSON type. */
  public JsonNode require(String field) {
    JsonNode n = config().get(field);
    if (n == null) {
      throw bad(field, "missing");
    }
    return n;
  }

  /** A {@link TaskFormatException} for {@code field} of this getter object. */
  public TaskFormatException bad(String field, String problem) {
    return fields().error(JsonFields.child(pointer(), field), problem);
  }

  /** An error message prefix naming the task and this getter: {@code task <id>: <pointer>: }. */
  public String where() {
    return "task " + task().id() + ": " + pointer() + ": ";
  }

  private JsonFields fields() {
    return new JsonFields(task().source());
  }
}
