package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.EvaluationException;
import dev.deskpilot.tasks.GetterInput;
import dev.deskpilot.tasks.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * OSWorld getters of application state and rules: {@code cache_file} ({@code getters/file.py}),
 * {@code vlc_config} ({@code vlc.py}), {@code gimp_config_file} ({@code gimp.py}),
 * {@code bookmarks} ({@code chrome.py}) and {@code rule_relativeTime} ({@code misc.py}).
 */
public final class AppGetters {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AppGetters() {}

  /** {@code cache_file}: {@code path} inside the run's work folder (OSWorld's cache dir), which must exist. */
  public static Value cacheFile(GetterInput in) {
    String rel = in.string("path");
    Path p = in.context().workDir().resolve(rel).normalize();
    if (!p.startsWith(in.context().workDir().normalize())) {
      throw in.bad("path", "expected a path inside the run's work folder, found '" + rel + "'");
    }
    if (!Files.exists(p)) {
      throw new EvaluationException(EvaluationException.Kind.GETTER_FAILED,
          in.where() + "cache_file " + rel + " is not in the work folder " + in.context().workDir()
              + " (OSWorld asserts it exists; a postconfig step's stdout usually writes it)");
    }
    return new Value.LocalFile(p);
  }

  private static Optional<byte[]> desktopFile(GetterInput in, String path) {
    try {
      return Optional.of(in.context().desktop().readFile(path));
    } catch (DesktopException e) {
      if (e.kind() == DesktopException.Kind.NO_SUCH_FILE || e.kind() == DesktopException.Kind.FAILED) {
        in.context().log().accept(in.pointer() + " " + path + ": not available (" + e.getMessage() + ")");
        return Optional.empty();
      }
      throw e;
    }
  }

  private static Value copy(GetterInput in, byte[] content) throws IOException {
    String dest = in.string("dest");
    Path target = in.context().workDir().resolve(dest).normalize();
    if (!target.startsWith(in.context().workDir().normalize()) || dest.contains("/")) {
      throw in.bad("dest", "expected a plain file name, found '" + dest + "'");
    }
    AtomicFiles.write(target, content);
    return new Value.LocalFile(target);
  }

  /** {@code vlc_config}: {@code ~/.config/vlc/vlcrc} copied to {@code dest}; a missing file is an error as in OSWorld. */
  public static Value vlcConfig(GetterInput in) throws IOException {
    byte[] content = desktopFile(in, "~/.config/vlc/vlcrc").orElseThrow(() -> new EvaluationException(
        EvaluationException.Kind.GETTER_FAILED, in.where() + "vlc_config: the desktop has no ~/.config/vlc/vlcrc (OSWorld: TypeError)"));
    return copy(in, content);
  }

  /** {@code gimp_config_file}: {@code ~/.config/GIMP/2.10/<file_name>} copied to {@code dest}, None when missing or empty. */
  public static Value gimpConfigFile(GetterInput in) throws IOException {
    String name = in.string("file_name");
    Optional<byte[]> content = desktopFile(in, "~/.config/GIMP/2.10/" + name);
    if (content.isEmpty() || content.get().length == 0) {
      return Value.NOTHING;
    }
    return copy(in, content.get());
  }

  /** Chrome's profile folder on OSWorld's x86 Linux VM. */
  public static final String CHROME_PROFILE = "~/.config/google-chrome/Default";

  /** {@code bookmarks}: the {@code roots} of Chrome's Bookmarks file; [] when there is none. */
  public static Value bookmarks(GetterInput in) throws IOException {
    Optional<byte[]> content = desktopFile(in, CHROME_PROFILE + "/Bookmarks");
    if (content.isEmpty() || content.get().length == 0) {
      return new Value.Json(JSON.createArrayNode());
    }
    JsonNode data = JSON.readTree(content.get());
    JsonNode roots = data.get("roots");
    return new Value.Json(roots == null ? JSON.createObjectNode() : roots);
  }

  // ---- rule_relativeTime ----

  /**
   * {@code rule_relativeTime}: the rules with their {@code expected} time templates filled in for
   * dates relative to now ({@code relativeTime.from}/{@code to}: "tomorrow", "next Monday", "10th
   * next month", ...). Now is taken in {@code rules.timezone} when given, else on the desktop's
   * clock and zone (python3 there, as OSWorld asks its VM); when neither is available it is UTC
   * (OSWorld would ask an IP geolocation service first).
   */
  public static Value ruleRelativeTime(GetterInput in) {
    JsonNode rules = in.require("rules");
    if (!rules.isObject() || !rules.path("relativeTime").isObject() || !rules.path("expected").isObject()) {
      throw in.bad("rules", "expected {\"relativeTime\": {\"from\": ...}, \"expected\": {...}}");
    }
    ZonedDateTime now;
    if (rules.hasNonNull("timezone")) {
      ZoneId zone;
      try {
        zone = ZoneId.of(rules.get("timezone").asText());
      } catch (RuntimeException e) {
        in.context().log().accept(in.pointer() + " unknown timezone " + rules.get("timezone") + ", using UTC as OSWorld does");
        zone = ZoneOffset.UTC;
      }
      now = ZonedDateTime.now(zone);
    } else {
      now = desktopNow(in).orElseGet(() -> {
        in.context().log().accept(in.pointer() + " the desktop did not tell its time; using UTC");
        return ZonedDateTime.now(ZoneOffset.UTC);
      });
    }
    try {
      return new Value.Json(relativeTime(rules, now));
    } catch (IllegalArgumentException e) {
      throw new EvaluationException(EvaluationException.Kind.GETTER_FAILED, in.where() + "rule_relativeTime: " + e.getMessage());
    }
  }

  private static Optional<ZonedDateTime> desktopNow(GetterInput in) {
    try {
      CommandResult r = in.context().desktop().run(new Command(List.of("python3", "-c",
          "from datetime import datetime; print(datetime.now().astimezone().isoformat())"), false, Duration.ofSeconds(20)));
      if (r.exitCode() != 0) {
        return Optional.empty();
      }
      return Optional.of(OffsetDateTime.parse(r.stdout().strip()).toZonedDateTime());
    } catch (DesktopException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static final String[] DOW = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MON = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  private static final String[] MONTH_FULL = {"January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"};

  /** Python's weekday(): Monday 0 .. Sunday 6. */
  private static int weekday(ZonedDateTime d) {
    return d.getDayOfWeek().getValue() - 1;
  }

  /** {@code datetime(year, month, day)} keeping the zone; Python raises on a month of 0. */
  private static ZonedDateTime date(ZonedDateTime like, int year, int month, int day) {
    if (month < 1 || month > 12) {
      throw new IllegalArgumentException("month must be in 1..12, got " + month + " (OSWorld: ValueError)");
    }
    return ZonedDateTime.of(year, month, day, 0, 0, 0, 0, like.getZone());
  }

  /** {@code apply_rules_to_timeFormat}: each placeholder replaced once. */
  static String format(String template, ZonedDateTime d) {
    String s = template;
    s = s.replaceFirst("\\{DoW}", DOW[weekday(d)]);
    s = s.replaceFirst("\\{Month}", MON[d.getMonthValue() - 1]);
    s = s.replaceFirst("\\{DayD}", Integer.toString(d.getDayOfMonth()));
    s = s.replaceFirst("\\{Year}", Integer.toString(d.getYear()));
    s = s.replaceFirst("\\{Month0D}", String.format("%02d", d.getMonthValue()));
    s = s.replaceFirst("\\{month}", MONTH_FULL[d.getMonthValue() - 1].toLowerCase(java.util.Locale.ROOT));
    s = s.replaceFirst("\\{MonthFull}", MONTH_FULL[d.getMonthValue() - 1]);
    s = s.replaceFirst("\\{Day0D}", String.format("%02d", d.getDayOfMonth()));
    s = s.replaceFirst("\\{MonthD}", Integer.toString(d.getMonthValue()));
    return s;
  }

  private static ZonedDateTime nextMonthDay(ZonedDateTime now, int day) {
    int y = now.getMonthValue() == 12 ? now.getYear() + 1 : now.getYear();
    int m = now.getMonthValue() < 12 ? now.getMonthValue() + 1 : 1;
    return date(now, y, m, day);
  }

  private static ZonedDateTime firstMondayLater(ZonedDateTime now, int months, int yearBump) {
    int y = now.getMonthValue() >= yearBump ? now.getYear() + 1 : now.getYear();
    ZonedDateTime first = date(now, y, (now.getMonthValue() + months) % 12, 1);
    return first.plusDays(((6 - weekday(first)) + 1) % 7);
  }

  private static ZonedDateTime from(String key, ZonedDateTime now, boolean single) {
    return switch (key) {
      case "tomorrow" -> now.plusDays(1);
      case "5th next month" -> nextMonthDay(now, 5);
      case "10th next month" -> nextMonthDay(now, 10);
      case "this month" -> now;
      case "next Monday", "next Monday split" -> now.plusDays((6 - weekday(now)) + 1);
      case "first monday four months later" -> firstMondayLater(now, 4, 9);
      case "first monday eight months later" -> firstMondayLater(now, 8, 5);
      case "this Saturday" -> now.plusDays(5 - weekday(now));
      case "next Friday" -> now.plusDays(weekday(now) < 4 ? 4 - weekday(now) : weekday(now) == 4 ? 7 : (7 - weekday(now)) + 4);
      case "next Saturday" -> now.plusDays(weekday(now) < 5 ? 5 - weekday(now) : weekday(now) == 5 ? 7 : 6);
      case "next week Friday" -> now.plusDays(7 - weekday(now) + 4);
      case "next week Saturday" -> now.plusDays(7 - weekday(now) + 5);
      case "next week Sunday" -> now.plusDays(7 - weekday(now) + 6);
      default -> throw new IllegalArgumentException("relative time '" + key + "' is not one OSWorld knows (KeyError or unset date)");
    };
  }

  private static ZonedDateTime to(String key, String fromKey, ZonedDateTime fromDay, ZonedDateTime now) {
    return switch (key) {
      case "tomorrow" -> now.plusDays(1);
      case "this Sunday" -> now.plusDays(6 - weekday(now));
      case "11th next month" -> nextMonthDay(now, 11);
      case "next Friday", "next Friday split" -> fromKey.equals("next Monday") || fromKey.equals("next Monday split")
          ? fromDay.plusDays(4)
          : now.plusDays(weekday(now) < 4 ? 4 - weekday(now) : (6 - weekday(now)) + 5);
      case "next Sunday" -> fromKey.equals("next Friday") || fromKey.equals("next Saturday")
          ? fromDay.plusDays(6 - weekday(fromDay))
          : now.plusDays(weekday(now) < 6 ? 6 - weekday(now) : 7);
      case "next week Sunday" -> fromKey.equals("next week Friday") || fromKey.equals("next week Saturday")
          ? fromDay.plusDays(6 - weekday(fromDay))
          : now.plusDays(7 - weekday(now) + 6);
      default -> throw new IllegalArgumentException("relative time '" + key + "' is not one OSWorld knows as an end (unset date)");
    };
  }

  /** The rules with their expected templates filled for {@code now} (exposed for tests). */
  public static JsonNode relativeTime(JsonNode rules, ZonedDateTime now) {
    ObjectNode out = rules.deepCopy();
    ObjectNode expected = (ObjectNode) out.get("expected");
    JsonNode rel = rules.get("relativeTime");
    String fromKey = rel.path("from").asText();
    if (!rel.has("to")) {
      ZonedDateTime day = from(fromKey, now, true);
      JsonNode t = expected.get("time");
      if (t != null && t.isArray()) {
        var arr = JSON.createArrayNode();
        t.forEach(x -> arr.add(format(x.asText(), day)));
        expected.set("time", arr);
      } else {
        expected.put("time", format(t == null ? "" : t.asText(), day));
      }
      return out;
    }
    String toKey = rel.path("to").asText();
    ZonedDateTime fromDay = from(fromKey, now, false);
    if (fromKey.equals("next Monday split")) {
      for (String k : List.of("puDay", "puMonth", "puYear")) {
        expected.put(k, format(expected.path(k).asText(), fromDay));
      }
    } else {
      expected.put("from", format(expected.path("from").asText(), fromDay));
    }
    ZonedDateTime toDay = to(toKey, fromKey, fromDay, now);
    if (toKey.equals("next Friday split")) {
      for (String k : List.of("doDay", "doMonth", "doYear")) {
        expected.put(k, format(expected.path(k).asText(), toDay));
      }
    } else {
      expected.put("to", format(expected.path("to").asText(), toDay));
    }
    return out;
  }
}
