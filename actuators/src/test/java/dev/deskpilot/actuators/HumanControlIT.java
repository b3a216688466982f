package dev.deskpilot.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.actuators.internal.HumanControlProbe;
import org.junit.jupiter.api.Test;

/**
 * The kill switch, takeover detection and the synthetic-input filter with the real jnativehook
 * hook on a private Xvfb (a second Robot plays the person). Counts only; timings are the bench's.
 */
class HumanControlIT {
  @Test
  void theKillSwitchStopsTakeoversPauseAndTheAgentsOwnInputDoesNeither() throws Exception {
    try (XSession x = XSession.start()) {
      String out = x.java(240, HumanControlProbe.class, "150", "5");
      JsonNode r = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
      assertThat(r.has("error")).as(out).isFalse();
      assertThat(r.path("false_takeovers").asInt(-1)).as(out).isZero();
      assertThat(r.path("agent_actions_failed").asInt(-1)).as(out).isZero();
      assertThat(r.path("killswitch_detected").asInt()).as(out).isEqualTo(5);
      assertThat(r.path("takeover_detected").asInt()).as(out).isEqualTo(5);
    }
  }
}
