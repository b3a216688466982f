package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsIndexTest {
  @TempDir Path root;

  private RunDirectory run(String domain, String id) throws IOException {
    return RunDirectory.start(root, new RunPath("pyautogui", "screenshot", "m", domain, id));
  }

  @Test
  void classifiesFoldersAndSummarisesLikeOsworld() throws IOException {
    run("os", "a").finish(new Score(1, "", List.of()));
    run("os", "b").finish(new Score(0, "", List.of()));
    run("os", "c").fail("not cached: https://x");
    run("gimp", "d").finish(new Score(0.5, "", List.of()));
    run("gimp", "e").log("killed midway");
    Path garbled = run("gimp", "f").dir();
    Files.writeString(garbled.resolve("result.txt"), "oops\n");

    ResultsIndex idx = ResultsIndex.scan(root, "pyautogui", "screenshot", "m");
    assertThat(idx.isFinished("os", "a")).isTrue();
    assertThat(idx.isFinished("os", "b")).isTrue();
    assertThat(idx.isFinished("os", "c")).isFalse();
    assertThat(idx.isFinished("gimp", "e")).isFalse();
    assertThat(idx.isFinished("gimp", "f")).isFalse();
    assertThat(idx.isFinished("os", "zzz")).isFalse();
    assertThat(idx.entry("os", "c").orElseThrow().error()).isEqualTo("not cached: https://x");
    assertThat(idx.entry("gimp", "f").orElseThrow().error()).isEqualTo("unreadable result.txt: 'oops'");
    assertThat(idx.toRedo()).extracting(ResultsIndex.Entry::taskId).containsExactly("e", "f", "c");

    ResultsSummary s = idx.summary();
    assertThat(s.total()).isEqualTo(new ResultsSummary.Counts(5, 1, 2, 2, 1, 1.5 / 5, 1.5 / 3));
    assertThat(s.domains().get("os")).isEqualTo(new ResultsSummary.Counts(3, 1, 1, 1, 0, 1.0 / 3, 0.5));
    assertThat(s.domains().get("gimp")).isEqualTo(new ResultsSummary.Counts(2, 0, 1, 1, 1, 0.25, 0.5));

    Path out = idx.modelDir().resolve("summary.json");
    s.write(out);
    JsonNode j = new ObjectMapper().readTree(out.toFile());
    assertThat(j.get("tasks").asInt()).isEqualTo(5);
    assertThat(j.get("passed").asInt()).isEqualTo(1);
    assertThat(j.get("errors").asInt()).isEqualTo(2);
    assertThat(j.get("score").asDouble()).isEqualTo(0.3);
    assertThat(j.get("domains").get("os").get("failed").asInt()).isEqualTo(1);
    // the summary file in the model folder is not mistaken for a domain
    assertThat(ResultsIndex.scan(idx.modelDir()).entries()).hasSize(6);
  }

  @Test
  void aMissingFolderIsEmpty() throws IOException {
    ResultsIndex idx = ResultsIndex.scan(root.resolve("nothing"));
    assertThat(idx.entries()).isEmpty();
    assertThat(idx.summary().total().score()).isEqualTo(0.0);
  }
}
