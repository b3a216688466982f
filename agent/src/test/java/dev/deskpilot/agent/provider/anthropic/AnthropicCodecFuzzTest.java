package dev.deskpilot.agent.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.agent.provider.internal.CodecFuzzer;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicCodecFuzzTest {
  @Test
  void tenThousandMutatedRepliesGiveADecisionOrAPolicyException() {
    AnthropicCodec codec = new AnthropicCodec();
    ScreenFrame frame = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1366, 768);
    List<String> goldens = List.of("left_click.json", "right_click.json", "triple_click.json", "mouse_move.json",
        "left_click_drag.json", "key_sequence.json", "type.json", "scroll.json", "wait.json", "screenshot.json",
        "parallel.json", "unsupported.json", "click_with_modifier.json", "end_turn.json", "refusal.json")
        .stream().map(f -> "anthropic/" + f).toList();
    CodecFuzzer.Tally t = CodecFuzzer.run(20260102L, 10_000, goldens, body -> {
      codec.decode(body, frame);
      AnthropicCodec.usage(body);
    });
    assertThat(t.clean() + t.rejected()).isEqualTo(10_000);
    assertThat(t.clean()).isGreaterThan(500);
    assertThat(t.rejected()).isGreaterThan(2_000);
  }
}
