package dev.deskpilot.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** (An IT: about a minute, five full replays with PNG encoding.) The token benchmark replays the whole trajectory through every provider and reports per model. */
class TokensBenchmarkIT {
  @Test
  void everyProviderStaysWithinHalfOfNaive() {
    ObjectNode report = TokensBenchmark.run();
    assertThat(report.at("/trajectory/steps").asInt()).isEqualTo(20);
    assertThat(report.at("/trajectory/unchanged_screens").asInt()).isEqualTo(5);
    for (String model : TokensBenchmark.MODELS) {
      JsonNode row = report.get("providers").get(model);
      assertThat(row).as(model).isNotNull();
      assertThat(row.get("model_calls").asInt()).isEqualTo(20);
      assertThat(row.get("tokens_per_step_p50").asLong()).isPositive();
      assertThat(row.get("ratio").asDouble()).as(model).isLessThanOrEqualTo(TokensBenchmark.TARGET_RATIO);
    }
    assertThat(report.get("all_within_target").asBoolean()).isTrue();
    JsonNode chained = report.get("providers").get("openai:gpt-5.4 chained");
    assertThat(chained.get("tokens_per_step_p50").asLong())
        .as("server-held history costs more than the managed one")
        .isGreaterThan(report.at("/providers/openai:gpt-5.4/tokens_per_step_p50").asLong());
  }

  @Test
  void nearestRankPercentile() {
    assertThat(TokensBenchmark.percentile(List.of(5L, 1L, 4L, 2L, 3L), 50)).isEqualTo(3);
    assertThat(TokensBenchmark.percentile(List.of(1L, 2L, 3L, 4L), 50)).isEqualTo(2);
    assertThat(TokensBenchmark.percentile(List.of(1L, 2L, 3L, 4L), 90)).isEqualTo(4);
  }
}
