package dev.deskpilot.tasks.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tasks that did not pass, grouped by kind (error, failed, unfinished) and by the category of
 * their reason: the first line with positions, quoted text and numbers taken out, cut at a short
 * {@code "prefix: "} when there is one ({@code environment failed: ...} is "environment failed").
 */
final class FailureGroups {
  enum Kind {
    /** The task could not be run or judged ({@code error.txt}). */
    ERROR,
    /** It ran and was judged below 1. */
    FAILED,
    /** The run stopped midway. */
    UNFINISHED
  }

  /** A task of a run. */
  record Member(RunView run, TaskView task) {}

  record Group(Kind kind, String category, List<Member> members) {}

  private static final Pattern LINE_PREFIX = Pattern.compile("^(?:script )?line \\d+:\\s*");
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|\u201c[^\u201d]*\u201d|(?<!\\w)'[^']*'(?!\\w)");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:\\.\\d+)?");
  private static final Pattern SHORT_PREFIX = Pattern.compile("^([A-Za-z][\\w .-]{0,38}?):(?:\\s|$)");
  private static final int MAX_CATEGORY = 80;

  private FailureGroups() {}

  /** Groups of the runs' tasks that did not pass, largest first within each kind. */
  static List<Group> of(List<RunView> runs) {
    Map<Kind, Map<String, List<Member>>> byKind = new LinkedHashMap<>();
    for (Kind k : Kind.values()) {
      byKind.put(k, new LinkedHashMap<>());
    }
    for (RunView run : runs) {
      for (TaskView t : run.tasks()) {
        Kind kind = switch (t.status()) {
          case PASSED -> null;
          case FAILED -> Kind.FAILED;
          case ERROR -> Kind.ERROR;
          case UNFINISHED -> Kind.UNFINISHED;
        };
        if (kind != null) {
          byKind.get(kind).computeIfAbsent(categoryOf(t), c -> new ArrayList<>()).add(new Member(run, t));
        }
      }
    }
    List<Group> out = new ArrayList<>();
    byKind.forEach((kind, cats) -> cats.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, List<Member>>>comparingInt(e -> -e.getValue().size())
            .thenComparing(Map.Entry::getKey))
        .forEach(e -> out.add(new Group(kind, e.getKey(), e.getValue()))));
    return out;
  }

  /** The category a task that did not pass falls in. */
  static String categoryOf(TaskView t) {
    return switch (t.status()) {
      case PASSED -> "passed";
      case ERROR -> category(t.error());
      case UNFINISHED -> t.outcome().isPresent() ? "stopped before judging" : "stopped midway";
      case FAILED -> {
        if (t.outcome().isEmpty()) {
          yield t.scoreReason().isBlank() ? "no reason recorded" : "judged wrong: " + category(t.scoreReason());
        }
        TaskView.Outcome o = t.outcome().get();
        yield switch (o.status()) {
          case "DONE" -> "judged wrong: " + (t.scoreReason().isBlank() ? "no reason recorded" : category(t.scoreReason()));
          case "FAILED" -> "gave up: " + (o.reason().isBlank() ? "no reason given" : category(o.reason()));
          case "LIMIT" -> category(o.reason());
          default -> o.status().toLowerCase(java.util.Locale.ROOT) + ": " + category(o.reason());
        };
      }
    };
  }

  /** The task's full reason, one line: what the category was made from. */
  static String reasonOf(TaskView t) {
    return switch (t.status()) {
      case PASSED -> t.scoreReason();
      case ERROR -> RunLoader.firstLine(t.error());
      case UNFINISHED -> "no result.txt or error.txt";
      case FAILED -> {
        String outcome = t.outcome().map(o -> o.status() + (o.reason().isBlank() ? "" : ": " + RunLoader.firstLine(o.reason())))
            .orElse("");
        String score = RunLoader.firstLine(t.scoreReason());
        yield outcome.isEmpty() ? score : score.isEmpty() ? outcome : outcome + "; " + score;
      }
    };
  }

  /** The category of one reason text. */
  static String category(String reason) {
    String s = RunLoader.firstLine(reason);
    s = LINE_PREFIX.matcher(s).replaceFirst("");
    s = QUOTED.matcher(s).replaceAll("\"\u2026\"");
    s = NUMBER.matcher(s).replaceAll("N");
    s = s.replaceAll("\\s+", " ").strip();
    Matcher m = SHORT_PREFIX.matcher(s);
    if (m.find()) {
      s = m.group(1).strip();
    } else {
      s = s.replaceFirst("^\"\u2026\"\\s+", "");
    }
    if (s.isEmpty()) {
      return "no reason given";
    }
    return s.length() > MAX_CATEGORY ? s.substring(0, MAX_CATEGORY - 1) + "\u2026" : s;
  }
}
