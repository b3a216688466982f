package dev.deskpilot.actuators;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * Tells the agent's own input from a person's: every event an executor sends is expected for a
 * short window, and an observed event that matches an expected one (same kind; for pointer moves
 * the same position within 1 pixel) is the agent's. Keys and buttons are matched by kind only, so
 * a person's key press while the agent types leaves one surplus event, which is detected.
 */
final class InputMatcher implements SyntheticInput {
  private final long windowNanos;
  private final ArrayDeque<Expected> pending = new ArrayDeque<>();
  private volatile boolean holding;

  private record Expected(Event event, long nanos) {}

  InputMatcher(long windowNanos) {
    this.windowNanos = windowNanos;
  }

  @Override
  public synchronized void sent(Event event) {
    pending.addLast(new Expected(event, System.nanoTime()));
    if (pending.size() > 100_000) {
      pending.removeFirst();
    }
  }

  @Override
  public void holdingKeys(boolean holding) {
    this.holding = holding;
  }

  /** Whether an observed event is the agent's (and consumes the expectation it matched). */
  synchronized boolean isSynthetic(ObservedInput o) {
    while (!pending.isEmpty() && o.nanos() - pending.peekFirst().nanos() > windowNanos) {
      pending.removeFirst();
    }
    for (Iterator<Expected> it = pending.iterator(); it.hasNext(); ) {
      Event e = it.next().event();
      if (e.kind() != o.kind()) {
        continue;
      }
      if (e.kind() == Kind.MOVE && (Math.abs(e.x() - o.x()) > 1 || Math.abs(e.y() - o.y()) > 1)) {
        continue;
      }
      it.remove();
      return true;
    }
    // Auto-repeat of a key the agent holds down.
    return holding && o.kind() == Kind.KEY_PRESS;
  }

  synchronized int pendingCount() {
    return pending.size();
  }
}
