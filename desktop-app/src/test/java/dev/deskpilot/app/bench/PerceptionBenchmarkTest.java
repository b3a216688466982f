package dev.deskpilot.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The perception benchmark on a two-screen corpus (a terminal and the same terminal after typing), real Tesseract. */
class PerceptionBenchmarkTest {
  private static final Path CORPUS = Path.of("../perception/src/test/resources/corpus");

  @Test
  void scoresAPairAndReportsItsIncrementalRead(@TempDir Path dir) throws IOException {
    for (String name : List.of("xterm-1280x800-dark", "xterm-typed-1280x800-dark")) {
      for (String ext : List.of(".png", ".json")) {
        Files.copy(CORPUS.resolve(name + ext), dir.resolve(name + ext));
      }
    }
    ObjectNode out = PerceptionBenchmark.run(dir, new PerceptionBenchmark.Options(1, 1, 3, false));

    assertThat(out.path("screens").asInt()).isEqualTo(2);
    assertThat(out.path("word_recall").asDouble()).isGreaterThan(0.9);
    assertThat(out.path("incremental_frames").asInt()).isEqualTo(1);
    assertThat(out.path("incremental_equal_to_full").asInt()).isEqualTo(1);
    var pair = out.path("incremental_pairs").get(0);
    assertThat(pair.path("screen").asText()).isEqualTo("xterm-typed-1280x800-dark");
    assertThat(pair.path("change").asText()).isEqualTo("typed a word");
    assertThat(pair.path("pieces_read").asInt()).as("the typed words only").isBetween(1, 4);
    assertThat(pair.path("incremental_ms").asDouble()).isPositive();
    assertThat(out.has("tesseract_cli_p50_ms")).as("the command was not asked for").isFalse();
  }
}
