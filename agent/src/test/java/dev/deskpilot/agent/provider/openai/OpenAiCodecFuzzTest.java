package dev.deskpilot.agent.provider.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.agent.provider.internal.CodecFuzzer;
import dev.deskpilot.agent.provider.internal.Fixtures;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiCodecFuzzTest {
  @Test
  void tenThousandMutatedRepliesGiveADecisionOrAPolicyException() {
    OpenAiCodec codec = new OpenAiCodec();
    ScreenFrame frame = ScreenFrame.sized(Fixtures.screen(1920, 1080).screenshot(), 1280, 720);
    List<String> goldens = List.of("click.json", "click_right.json", "double_click.json", "drag.json",
        "keypress.json", "move.json", "scroll.json", "type.json", "wait.json", "screenshot.json",
        "safety_check.json", "message_done.json", "refusal.json", "ga_batch.json", "incomplete.json")
        .stream().map(f -> "openai/" + f).toList();
    CodecFuzzer.Tally t = CodecFuzzer.run(20260101L, 10_000, goldens, body -> {
      codec.decode(body, frame);
      OpenAiCodec.usage(body);
    });
    assertThat(t.clean() + t.rejected()).isEqualTo(10_000);
    assertThat(t.clean()).as("some mutations stay usable").isGreaterThan(500);
    assertThat(t.rejected()).as("most mutations are caught").isGreaterThan(2_000);
  }
}
