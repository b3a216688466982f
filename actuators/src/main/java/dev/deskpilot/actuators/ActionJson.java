package dev.deskpilot.actuators;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;

/**
 * Reads and writes {@link Action}s as JSON (trajectories, scripts, the in-guest protocol), strictly:
 * unknown fields, fractional or missing coordinates, {@code null} numbers and trailing garbage are
 * refused with one line saying what and where, before anything reaches a screen. Durations are
 * ISO-8601 strings ({@code "PT1.5S"}); numbers are read as seconds.
 */
public final class ActionJson {
  private ActionJson() {}

  /** Points must say both coordinates as integers. */
  abstract static class StrictPoint {
    @JsonCreator
    StrictPoint(@JsonProperty(value = "x", required = true) int x, @JsonProperty(value = "y", required = true) int y) {}
  }

  /** Rectangles must say all four numbers. */
  abstract static class StrictRect {
    @JsonCreator
    StrictRect(
        @JsonProperty(value = "x", required = true) int x,
        @JsonProperty(value = "y", required = true) int y,
        @JsonProperty(value = "width", required = true) int width,
        @JsonProperty(value = "height", required = true) int height) {}
  }

  /** A new mapper with the strict settings (cheap enough to make once per component). */
  public static ObjectMapper mapper() {
    ObjectMapper m =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .addMixIn(Point.class, StrictPoint.class)
            .addMixIn(Rect.class, StrictRect.class)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return m;
  }

  /**
   * Parses one action.
   *
   * @throws IllegalArgumentException with one line naming what is wrong and where (JSON path, line
   *     and column)
   */
  public static Action read(String json) {
    return read(mapper(), json);
  }

  /** As {@link #read(String)} with a mapper from {@link #mapper()}. */
  public static Action read(ObjectMapper mapper, String json) {
    if (json == null || json.isBlank()) {
      throw new IllegalArgumentException("empty action JSON");
    }
    try {
      Action a = mapper.readValue(json, Action.class);
      if (a == null) {
        throw new IllegalArgumentException("action JSON is null");
      }
      return a;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("invalid action: " + oneLine(e), e);
    }
  }

  /** The JSON of an action. */
  public static String write(Action action) {
    try {
      return mapper().writeValueAsString(action);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + action + " as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A parse error as one line: the root cause's message, the JSON path, line and column. */
  static String oneLine(JsonProcessingException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root instanceof IllegalArgumentException ? root.getMessage()
            : e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
    StringBuilder line = new StringBuilder(message.replaceAll("\\s*\\R\\s*", " ").strip());
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      StringBuilder path = new StringBuilder("$");
      for (JsonMappingException.Reference r : m.getPath()) {
        path.append(r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]");
      }
      line.append(" (at ").append(path).append(')');
    }
    if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
      line.append(" (line ").append(e.getLocation().getLineNr()).append(", column ").append(e.getLocation().getColumnNr()).append(')');
    }
    return line.toString();
  }
}
