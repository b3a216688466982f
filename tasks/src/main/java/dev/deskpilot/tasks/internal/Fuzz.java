package dev.deskpilot.tasks.internal;

/** rapidfuzz's {@code fuzz.ratio}: the normalized Indel similarity, 0..100. */
public final class Fuzz {
  private Fuzz() {}

  /** {@code 100 * 2 * LCS(a, b) / (len(a) + len(b))}; 100 for two empty strings. */
  public static double ratio(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    int total = x.length + y.length;
    if (total == 0) {
      return 100.0;
    }
    int[] prev = new int[y.length + 1];
    int[] cur = new int[y.length + 1];
    for (int i = 1; i <= x.length; i++) {
      for (int j = 1; j <= y.length; j++) {
        cur[j] = x[i - 1] == y[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return 100.0 * 2 * prev[y.length] / total;
  }
}
