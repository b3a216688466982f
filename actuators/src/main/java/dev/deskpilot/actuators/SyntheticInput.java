package dev.deskpilot.actuators;

/**
 * Receives each input event an executor is about to send, just before it is sent, so that a
 * global hook that also sees it can tell it from a person's input.
 */
public interface SyntheticInput {
  /** Kinds of input event. */
  enum Kind {
    KEY_PRESS,
    KEY_RELEASE,
    MOVE,
    BUTTON_PRESS,
    BUTTON_RELEASE,
    WHEEL
  }

  /**
   * One event about to be sent.
   *
   * @param kind what it is
   * @param x pointer x for {@link Kind#MOVE}, else 0
   * @param y pointer y for {@link Kind#MOVE}, else 0
   */
  record Event(Kind kind, int x, int y) {
    public static Event of(Kind kind) {
      return new Event(kind, 0, 0);
    }

    public static Event move(int x, int y) {
      return new Event(Kind.MOVE, x, y);
    }
  }

  void sent(Event event);

  /** Says that the agent holds keys down (key auto-repeat then comes from the agent) or no longer. */
  default void holdingKeys(boolean holding) {}

  /** Ignores everything. */
  SyntheticInput NONE = e -> {};
}
