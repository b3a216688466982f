package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * A getter call from an evaluator, {@code {"type": G, ...}}: where a metric's input comes from.
 *
 * @param type the getter name (OSWorld calls {@code get_<type>})
 * @param config the whole object, type included (do not modify)
 * @param pointer JSON pointer of the object in the task file
 */
public record GetterSpec(String type, ObjectNode config, String pointer) {
  public GetterSpec {
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException("a getter needs a type");
    }
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(pointer, "pointer");
  }
}
