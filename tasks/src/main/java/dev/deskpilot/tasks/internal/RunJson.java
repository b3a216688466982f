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

  /** One {@code steps.jsonl} object. */
  public static ObjectNode step(Step s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("index", s.index());
    o.put("started_at", s.startedAt() == null ? null : s.startedAt().toString());
    o.put("thought", s.decision() == null ? "" : s.decision().thought());
    ArrayNode actions = o.putArray("actions");
    if (s.decision() != null) {
      for (Action a : s.decision().actions()) {
        actions.add(action(a));
      }
    }
    ArrayNode results = o.putArray("results");
    for (ActionResult r : s.results()) {
      ObjectNode ro = results.addObject();
      ro.put("ok", r.ok());
      ro.put("error", r.error());
      ro.put("millis", r.millis());
    }
    ObjectNode t = o.putObject("timings");
    if (s.timings() != null) {
      t.put("capture_ms", s.timings().captureMs());
      t.put("perceive_ms", s.timings().perceiveMs());
      t.put("decide_ms", s.timings().decideMs());
      t.put("act_ms", s.timings().actMs());
    }
    o.put("screen_text", s.screenText() == null ? "" : s.screenText());
    return o;
  }

  /** The compact one-line form (a JSONL line, without the newline). */
  public static String line(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written: " + e.getOriginalMessage(), e);
    }
  }
}
