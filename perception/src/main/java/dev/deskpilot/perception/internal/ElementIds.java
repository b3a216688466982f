package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.UiElement;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives elements ids that stay the same from frame to frame while the element stays: an element
 * keeps the id of the previous frame's element with the same role and label whose box overlaps it
 * most (IoU at least 0.5), or failing that, of one with the same role, label and size (a moved
 * window). New elements get the next unused number, in reading order. Not thread-safe.
 */
public final class ElementIds {
  private List<UiElement> previous = List.of();
  private int next = 1;

  /** Forgets every id; numbering starts again at 1. */
  public void clear() {
    previous = List.of();
    next = 1;
  }

  /** {@code found} (ids ignored) with ids assigned; remembered for the next call. */
  public List<UiElement> assign(List<UiElement> found) {
    boolean[] taken = new boolean[previous.size()];
    String[] chosen = new String[found.size()];
    // Best overlaps first, so that two similar new elements do not steal each other's ids.
    record Pair(int now, int before, double score) {}
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      UiElement e = found.get(i);
      for (int j = 0; j < previous.size(); j++) {
        UiElement p = previous.get(j);
        if (!p.role().equals(e.role()) || !p.label().equals(e.label())) {
          continue;
        }
        double iou = p.box().iou(e.box());
        if (iou >= 0.5) {
          pairs.add(new Pair(i, j, 1 + iou));
        } else if (sameSize(p.box(), e.box())) {
          pairs.add(new Pair(i, j, 0.5));
        }
      }
    }
    pairs.sort((a, b) -> Double.compare(b.score(), a.score()));
    for (Pair pair : pairs) {
      if (chosen[pair.now()] == null && !taken[pair.before()]) {
        chosen[pair.now()] = previous.get(pair.before()).id();
        taken[pair.before()] = true;
      }
    }
    List<UiElement> out = new ArrayList<>(found.size());
    for (int i = 0; i < found.size(); i++) {
      String id = chosen[i] != null ? chosen[i] : String.valueOf(next++);
      out.add(found.get(i).withId(id));
    }
    previous = out;
    return out;
  }

  private static boolean sameSize(Rect a, Rect b) {
    return Math.abs(a.width() - b.width()) <= 2 && Math.abs(a.height() - b.height()) <= 2;
  }
}
