package dev.deskpilot.perception;

/**
 * Reads the frames of one screen in the order they were captured: what the agent's step loop sees
 * through. {@link Perceiver} is the reader of runs (it re-reads only what changed and says what
 * changed, {@link Observation#change()}); {@link ScreenReader} reads each frame whole and compares
 * nothing (for tests and tools that read unrelated frames with a given engine).
 *
 * <p>Not thread-safe: one reader per screen and thread.
 */
public interface FrameReader extends AutoCloseable {
  /**
   * Reads a frame. Never throws for the frame's content: a frame that cannot be read gives an
   * observation without text whose {@link Observation#note() note} says why.
   *
   * @return the observation; its {@link Observation#change() change} is relative to the previous
   *     frame read since the last {@link #newSequence()} ({@link ScreenChange#NOT_COMPARED} for
   *     readers that compare nothing)
   */
  Observation read(Screenshot frame);

  /**
   * The next frame begins a new sequence (a new run, another desktop): it is compared with
   * nothing. What a reader learnt about how text reads may be kept.
   */
  void newSequence();

  /** Releases what the reader owns (native memory, engines it opened); a no-op by default. */
  @Override
  default void close() {}
}
