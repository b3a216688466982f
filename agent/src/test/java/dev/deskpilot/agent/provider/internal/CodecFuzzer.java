package dev.deskpilot.agent.provider.internal;

import dev.deskpilot.agent.PolicyException;
import java.util.List;
import java.util.function.Consumer;

/**
 * Feeds mutated golden replies to a codec: only a clean result or a {@link PolicyException} may
 * come out. Reports the first other exception with the input that caused it.
 */
public final class CodecFuzzer {
  /** What came out of a run. */
  public record Tally(int clean, int rejected) {}

  private CodecFuzzer() {}

  public static Tally run(long seed, int iterations, List<String> goldenFiles, Consumer<String> decode) {
    JsonMutator mutator = new JsonMutator(seed);
    List<String> goldens = goldenFiles.stream().map(Fixtures::golden).toList();
    int clean = 0;
    int rejected = 0;
    for (int i = 0; i < iterations; i++) {
      String input = mutator.mutate(goldens.get(i % goldens.size()));
      try {
        decode.accept(input);
        clean++;
      } catch (PolicyException expected) {
        if (expected.getMessage() == null || expected.getMessage().isBlank()) {
          throw new AssertionError("a PolicyException without a message for input #" + i + ": " + input);
        }
        rejected++;
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("input #" + i + " made the codec throw " + e + "\ninput: " + input, e);
      }
    }
    return new Tally(clean, rejected);
  }
}
