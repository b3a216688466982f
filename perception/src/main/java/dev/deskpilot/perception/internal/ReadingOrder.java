package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.Rect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * Reading order for boxes on a screen: top to bottom, and left to right within a row. Boxes share a
 * row when their vertical extents overlap by at least half the smaller height.
 */
public final class ReadingOrder {
  private ReadingOrder() {}

  /** True when two boxes' vertical extents overlap by at least half the smaller height. */
  public static boolean sameRow(Rect a, Rect b) {
    int overlap = Math.min(a.bottom(), b.bottom()) - Math.max(a.y(), b.y());
    return overlap > 0 && overlap * 2 >= Math.min(a.height(), b.height());
  }

  /** A new list of {@code items} in reading order of their boxes. */
  public static <T> List<T> sort(List<T> items, Function<T, Rect> box) {
    List<T> byTop = new ArrayList<>(items);
    byTop.sort(Comparator.comparingInt((T t) -> box.apply(t).y()).thenComparingInt(t -> box.apply(t).x()));
    List<List<T>> rows = new ArrayList<>();
    for (T item : byTop) {
      List<T> last = rows.isEmpty() ? null : rows.getLast();
      if (last != null && sameRow(box.apply(last.getFirst()), box.apply(item))) {
        last.add(item);
      } else {
        rows.add(new ArrayList<>(List.of(item)));
      }
    }
    List<T> ordered = new ArrayList<>(items.size());
    for (List<T> row : rows) {
      row.sort(Comparator.comparingInt(t -> box.apply(t).x()));
      ordered.addAll(row);
    }
    return ordered;
  }
}
