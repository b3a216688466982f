package dev.deskpilot.agent.provider.openaicompat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.agent.provider.ProviderConfig.Coordinates;
import dev.deskpilot.agent.provider.internal.CodecFuzzer;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatCodecFuzzTest {
  @Test
  void tenThousandMutatedRepliesGiveADecisionOrAPolicyException() {
    CompatCodec absolute = new CompatCodec(Coordinates.UI_TARS_ABSOLUTE_SMART_RESIZE);
    CompatCodec relative = new CompatCodec(Coordinates.UI_TARS_RELATIVE_1000);
    ScreenFrame frame = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1932, 1092);
    List<String> goldens = List.of("click.json", "click_point.json", "left_double.json", "right_single.json",
        "drag.json", "hotkey.json", "type.json", "scroll.json", "scroll_up_box.json", "wait.json",
        "finished.json", "call_user.json", "multi.json", "content_parts.json", "relative.json")
        .stream().map(f -> "openaicompat/" + f).toList();
    CodecFuzzer.Tally t = CodecFuzzer.run(20260103L, 10_000, goldens, body -> {
      try {
        absolute.decode(body, frame);
      } finally {
        relative.decode(body, frame);
        CompatCodec.usage(body);
      }
    });
    assertThat(t.clean() + t.rejected()).isEqualTo(10_000);
    assertThat(t.clean()).isGreaterThan(500);
    assertThat(t.rejected()).isGreaterThan(2_000);
  }
}
