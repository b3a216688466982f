package dev.deskpilot.perception.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskpilot.perception.Rect;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReadingOrderTest {
  @Test
  void topToBottomThenLeftToRightWithSlightlyOffsetRowsKeptTogether() {
    Rect title = new Rect(400, 0, 100, 20);
    Rect right = new Rect(300, 52, 50, 20); // 2 px lower than its row neighbour, still one row
    Rect left = new Rect(10, 50, 50, 20);
    Rect below = new Rect(5, 100, 50, 20);
    List<Rect> sorted = ReadingOrder.sort(List.of(below, right, title, left), Function.identity());
    assertThat(sorted).containsExactly(title, left, right, below);
  }

  @Test
  void rowsNeedHalfTheSmallerHeightOfOverlap() {
    assertThat(ReadingOrder.sameRow(new Rect(0, 0, 10, 20), new Rect(0, 10, 10, 20))).isTrue();
    assertThat(ReadingOrder.sameRow(new Rect(0, 0, 10, 20), new Rect(0, 11, 10, 20))).isFalse();
    assertThat(ReadingOrder.sameRow(new Rect(0, 0, 10, 20), new Rect(0, 20, 10, 20))).isFalse();
  }
}
