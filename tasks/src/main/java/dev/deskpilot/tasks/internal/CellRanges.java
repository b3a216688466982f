package dev.deskpilot.tasks.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** openpyxl's {@code CellRange}/{@code MultiCellRange}: "A1:B3 D4" with containment. */
public final class CellRanges {
  private static final Pattern CELL = Pattern.compile("\\$?([A-Za-z]{1,3})\\$?(\\d+)");

  private CellRanges() {}

  /** One rectangle, 1-based and inclusive. */
  public record Range(int minRow, int minCol, int maxRow, int maxCol) {
    /** openpyxl's {@code self <= other}: inside it. */
    public boolean within(Range o) {
      return minRow >= o.minRow && maxRow <= o.maxRow && minCol >= o.minCol && maxCol <= o.maxCol;
    }
  }

  /** Column letters to 1-based index. */
  public static int column(String letters) {
    int c = 0;
    for (char ch : letters.toUpperCase(Locale.ROOT).toCharArray()) {
      c = c * 26 + (ch - 'A' + 1);
    }
    return c;
  }

  /** 1-based column index to letters. */
  public static String letters(int col) {
    StringBuilder sb = new StringBuilder();
    for (int c = col; c > 0; c = (c - 1) / 26) {
      sb.insert(0, (char) ('A' + (c - 1) % 26));
    }
    return sb.toString();
  }

  /** {row, col}, 1-based, of "B7" (dollars allowed). */
  public static int[] cell(String ref) {
    Matcher m = CELL.matcher(ref.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a cell reference: '" + ref + "'");
    }
    return new int[] {Integer.parseInt(m.group(2)), column(m.group(1))};
  }

  public static Range range(String ref) {
    String[] ends = ref.strip().split(":");
    if (ends.length > 2) {
      throw new IllegalArgumentException("not a cell range: '" + ref + "'");
    }
    int[] a = cell(ends[0]);
    int[] b = ends.length == 2 ? cell(ends[1]) : a;
    return new Range(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
  }

  /** {@code MultiCellRange("A1:B2 C3")}: space-separated ranges. */
  public static List<Range> multi(String refs) {
    List<Range> out = new ArrayList<>();
    for (String r : refs.strip().split("\\s+")) {
      if (!r.isEmpty()) {
        out.add(range(r));
      }
    }
    return out;
  }

  /** {@code all(r in superset for r in subset)}: each range inside some range of superset. */
  public static boolean containedBy(List<Range> subset, List<Range> superset) {
    return subset.stream().allMatch(r -> superset.stream().anyMatch(r::within));
  }

  /** Every cell of the ranges, row by row, as "A1" coordinates. */
  public static List<String> cells(List<Range> ranges) {
    List<String> out = new ArrayList<>();
    for (Range r : ranges) {
      for (int row = r.minRow(); row <= r.maxRow(); row++) {
        for (int col = r.minCol(); col <= r.maxCol(); col++) {
          out.add(letters(col) + row);
        }
      }
    }
    return out;
  }
}
