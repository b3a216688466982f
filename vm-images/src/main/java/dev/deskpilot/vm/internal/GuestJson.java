package dev.deskpilot.vm.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.deskpilot.actuators.Action;

/**
 * The JSON settings both ends of the guest protocol share: {@link Action} as its annotations define
 * it, durations as ISO-8601 strings ({@code "PT1.5S"}, numbers of seconds are read too), unknown
 * fields rejected.
 */
public final class GuestJson {
  private GuestJson() {}

  /** A new mapper configured for the guest protocol. */
  public static ObjectMapper mapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** A parse error as one line: what was wrong and where. */
  public static String oneLine(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
    StringBuilder line = new StringBuilder(message.replaceAll("\\s*\\R\\s*", " ").strip());
    String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException m ? m.getPathReference() : null;
    JsonLocation at = e.getLocation();
    if (at != null && at.getLineNr() > 0) {
      line.append(" (line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
      if (path != null && !path.isEmpty()) {
        line.append(", at ").append(path);
      }
      line.append(')');
    }
    return line.toString();
  }
}
