package dev.deskpilot.agent.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;

/**
 * Actions as JSON trees inside trajectory lines: the one canonical form of {@link
 * dev.deskpilot.actuators.ActionJson}, with the JSON path of the line prefixed to read errors.
 */
final class ActionJson {
  private static final ObjectMapper MAPPER = dev.deskpilot.actuators.ActionJson.mapper();

  private ActionJson() {}

  static ObjectNode write(Action action) {
    return MAPPER.valueToTree(new Holder(action)).get("action").deepCopy();
  }

  /** Declares the static type so the type property is written. */
  private record Holder(Action action) {}

  /**
   * Reads one action.
   *
   * @param path where it is, for messages (e.g. {@code actions[2]})
   * @throws IllegalArgumentException naming the path and what is wrong
   */
  static Action read(JsonNode n, String path) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(path + ": expected an action object");
    }
    try {
      return dev.deskpilot.actuators.ActionJson.read(MAPPER, MAPPER.writeValueAsString(n));
    } catch (IllegalArgumentException | JsonProcessingException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
    }
  }
}
