package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One line of OSWorld's {@code traj.jsonl}: one performed action.
 *
 * @param stepNum the 1-based step (model call) it belongs to; actions of one step share it
 * @param actionTimestamp when the action started, {@code yyyyMMdd@HHmmss} local time
 * @param action the action (Deskpilot's action JSON, e.g. {@code {"type":"click",...}})
 * @param response the model's text for this step (its thought)
 * @param reward always 0, as in OSWorld
 * @param done whether this action ended the episode (DONE or FAIL)
 * @param info {@code {"done": true}} / {@code {"fail": true}} as OSWorld's env.step, plus
 *     {@code "error"} when the action failed
 * @param screenshotFile the screen after the action ({@code step_<n>_<timestamp>.png}), or null
 *     when no frame was available
 */
public record TrajEntry(
    int stepNum,
    String actionTimestamp,
    JsonNode action,
    String response,
    double reward,
    boolean done,
    ObjectNode info,
    String screenshotFile) {
  public TrajEntry {
    if (stepNum < 1) {
      throw new IllegalArgumentException("step_num is 1-based, was " + stepNum);
    }
    Objects.requireNonNull(actionTimestamp, "actionTimestamp");
    Objects.requireNonNull(action, "action");
    response = response == null ? "" : response;
    Objects.requireNonNull(info, "info");
  }

  /** The line's JSON object, fields in OSWorld's order. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("step_num", stepNum);
    o.put("action_timestamp", actionTimestamp);
    o.set("action", action);
    o.put("response", response);
    o.put("reward", reward);
    o.put("done", done);
    o.set("info", info);
    if (screenshotFile == null) {
      o.putNull("screenshot_file");
    } else {
      o.put("screenshot_file", screenshotFile);
    }
    return o;
  }
}
