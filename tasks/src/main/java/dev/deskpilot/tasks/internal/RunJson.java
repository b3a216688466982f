package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Step;

/** JSON for results files: actions, steps, one-line rendering. */
public final class RunJson {
  private static final JsonMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

  private RunJson() {}

  public static JsonMapper mapper() {
    return JSON;
  }

  /** An action in its JSON form, e.g. {@code {"type":"click","at":{"x":1,"y":2},...}}. */
  public static JsonNode action(Action a) {
    return JSON.valueToTree(new ActionHolder(a)).get("action");
  }

  /** Declares the static type so the type property is written. */
  private record ActionHolder(Action action) {}

  /** The compact one-line form (a JSONL line, without the newline). */
  public static String line(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written: " + e.getOriginalMessage(), e);
    }
  }
}
