package dev.deskpilot.agent.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.control.ActionVerdict;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.perception.Grounder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code steps.jsonl} object per {@link Step}, both ways.
 *
 * <p>Written fields: {@code index, started_at, thought, question, actions, results, timings,
 * screen_text} (the form the results folder has always had) plus {@code targets} (the text under
 * each click, so a replay can find it again), {@code verdicts}, {@code person_messages}, {@code
 * usage}, {@code cost_usd} and, when the loop looked after the step's actions, {@code change_after}
 * ({@code kind} NONE / CHANGED, a one-line {@code summary} such as "nothing changed on screen", the
 * {@code changed_fraction} and the text units the perceiver read or answered from memory). Reading needs only {@code index} and {@code actions}; the rest is
 * optional, so older files replay too. Never holds an API key: a step has none to write.
 */
public final class StepJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private StepJson() {}

  /** The JSON object of a step. */
  public static ObjectNode write(Step s) {
    ObjectNode o = F.objectNode();
    o.put("index", s.index());
    o.put("started_at", s.startedAt() == null ? null : s.startedAt().toString());
    o.put("thought", s.decision() == null ? "" : s.decision().thought());
    if (s.decision() != null && s.decision().asksPerson()) {
      o.put("question", s.decision().question());
    }
    ArrayNode actions = o.putArray("actions");
    List<Action> decided = s.decision() == null ? List.of() : s.decision().actions();
    decided.forEach(a -> actions.add(ActionJson.write(a)));
    ArrayNode results = o.putArray("results");
    for (ActionResult r : s.results()) {
      results.addObject().put("ok", r.ok()).put("error", r.error()).put("millis", r.millis());
    }
    ObjectNode t = o.putObject("timings");
    if (s.timings() != null) {
      t.put("capture_ms", s.timings().captureMs());
      t.put("perceive_ms", s.timings().perceiveMs());
      t.put("decide_ms", s.timings().decideMs());
      t.put("act_ms", s.timings().actMs());
    }
    o.put("screen_text", s.screenText() == null ? "" : s.screenText());
    ArrayNode targets = o.putArray("targets");
    for (ClickTarget ct : targetsOf(s)) {
      targets.addObject().put("action", ct.action()).put("label", ct.label()).put("nth", ct.nth());
    }
    ArrayNode verdicts = o.putArray("verdicts");
    for (ActionVerdict v : s.verdicts()) {
      ObjectNode vo = verdicts.addObject();
      vo.put("action", v.action());
      vo.put("kind", v.verdict().kind().name());
      vo.put("rule", v.verdict().rule());
      vo.put("reason", v.verdict().reason());
      vo.put("consent", v.consent() == null ? null : v.consent().name());
      vo.put("allowed", v.allowed());
    }
    ArrayNode messages = o.putArray("person_messages");
    s.personMessages().forEach(messages::add);
    Usage u = s.usage();
    o.putObject("usage")
        .put("input_tokens", u.inputTokens())
        .put("output_tokens", u.outputTokens())
        .put("cache_read_tokens", u.cacheReadTokens())
        .put("cache_write_tokens", u.cacheWriteTokens())
        .put("calls", u.calls());
    o.put("cost_usd", s.costUsd());
    s.changeAfter().ifPresent(c -> o.putObject("change_after")
        .put("kind", c.kind().name())
        .put("summary", c.summary())
        .put("changed_fraction", Math.round(c.changedFraction() * 10000) / 10000.0)
        .put("units_read", c.unitsRead())
        .put("units_reused", c.unitsReused()));
    return o;
  }

  /** Text targets of a step's clicks, from the observation it kept (none without one). */
  public static List<ClickTarget> targetsOf(Step s) {
    if (s.observation() == null || s.decision() == null) {
      return List.of();
    }
    Grounder grounder = new Grounder();
    List<ClickTarget> out = new ArrayList<>();
    List<Action> actions = s.decision().actions();
    for (int i = 0; i < actions.size(); i++) {
      if (actions.get(i) instanceof Action.Click c) {
        ClickTarget.at(i, s.observation(), c.at(), grounder).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * Reads one object.
   *
   * @param where the file and line, for messages
   * @param frame the PNG of the frame the step was decided on, if known
   * @throws IllegalArgumentException one line: where, which field, what is wrong
   */
  public static RecordedStep read(JsonNode o, String where, Optional<Path> frame) {
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException(where + ": expected a JSON object per line");
    }
    JsonNode index = o.get("index");
    if (index == null || !index.isIntegralNumber() || index.intValue() < 1) {
      throw new IllegalArgumentException(where + ": index: expected a step number >= 1");
    }
    JsonNode actionsNode = o.get("actions");
    if (actionsNode == null || !actionsNode.isArray()) {
      throw new IllegalArgumentException(where + ": actions: expected an array");
    }
    List<Action> actions = new ArrayList<>();
    try {
      for (int i = 0; i < actionsNode.size(); i++) {
        actions.add(ActionJson.read(actionsNode.get(i), "actions[" + i + "]"));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
    List<ActionResult> results = new ArrayList<>();
    JsonNode rs = o.get("results");
    if (rs != null && rs.isArray()) {
      for (JsonNode r : rs) {
        boolean ok = r.path("ok").asBoolean(false);
        results.add(new ActionResult(ok, r.path("error").asText(""), r.path("millis").asLong(0)));
      }
    } else {
      actions.forEach(a -> results.add(ActionResult.success(0)));
    }
    List<ClickTarget> targets = new ArrayList<>();
    JsonNode ts = o.get("targets");
    if (ts != null && ts.isArray()) {
      for (int i = 0; i < ts.size(); i++) {
        JsonNode t = ts.get(i);
        int action = t.path("action").asInt(-1);
        String label = t.path("label").asText("");
        if (action < 0 || action >= actions.size() || label.isBlank()
            || !(actions.get(action) instanceof Action.Click)) {
          throw new IllegalArgumentException(
              where + ": targets[" + i + "]: expected {\"action\": index of a click, \"label\": text, \"nth\": n}");
        }
        targets.add(new ClickTarget(action, label, Math.max(0, t.path("nth").asInt(0))));
      }
    }
    return new RecordedStep(index.intValue(), o.path("thought").asText(""), actions, results,
        o.path("screen_text").asText(""), targets, frame);
  }
}
