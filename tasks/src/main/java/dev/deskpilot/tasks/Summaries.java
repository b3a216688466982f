package dev.deskpilot.tasks;

/** Short one-line renderings of values for logs and reports. */
final class Summaries {
  private Summaries() {}

  static String quote(String s) {
    String q =
        s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace("\"", "\\\"");
    return "\"" + clip(q) + "\"";
  }

  static String clip(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }
}
