package dev.deskpilot.app.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The startup benchmark launches the real app in fresh JVMs on its own Xvfb and reports JSON. */
class AppStartupBenchmarkIT {
  @Test
  void reportsTheMedianStartupOfSeveralLaunches() throws Exception {
    ObjectNode o = AppStartupBenchmark.run(3);
    System.out.println(o);
    assertThat(o.get("benchmark").asText()).isEqualTo("app-startup");
    assertThat(o.get("launches").asInt()).isEqualTo(3);
    assertThat(o.get("samples_ms")).hasSize(3);
    assertThat(o.get("startup_p50_ms").asLong()).isPositive();
    assertThat(o.get("jvm_ready_p50_ms").asLong()).isPositive().isLessThanOrEqualTo(o.get("startup_max_ms").asLong());
  }

  @Test
  void theKillSwitchBenchmarkPressesTheHotkeyOnTheRealAppAndReportsJson() throws Exception {
    ObjectNode o = AppKillSwitchBenchmark.run(2);
    System.out.println(o);
    assertThat(o.get("killswitch_presses").asInt()).isEqualTo(2);
    assertThat(o.get("killswitch_samples_ms")).hasSize(2);
    assertThat(o.get("killswitch_p50_ms").asLong()).isNotNegative();
    assertThat(o.get("killswitch_outcome_p50_ms").asLong()).isGreaterThanOrEqualTo(o.get("killswitch_p50_ms").asLong());
  }
}
