package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.tasks.MetricInput;
import dev.deskpilot.tasks.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** OSWorld's browser metrics ({@code metrics/chrome.py}). */
public final class BrowserMetrics {
  private BrowserMetrics() {}

  /** The URL in a result: the text itself, or a dict's "url"; null when neither. */
  private static String url(Value v) {
    JsonNode n = JsonMetrics.python(v);
    if (n == null) {
      return null;
    }
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isObject() && n.has("url")) {
      return n.get("url").isNull() ? null : n.get("url").asText();
    }
    return null;
  }

  /**
   * {@code is_expected_url_pattern_match(result, rules)}: every {@code rules["expected"]} regex is
   * found (re.search) in the URL (a string result, or a dict's "url"); 0 for a falsy result.
   */
  public static double isExpectedUrlPatternMatch(MetricInput in) {
    if (!JsonMetrics.truthy(JsonMetrics.python(in.result()))) {
      return 0;
    }
    String url = url(in.result());
    if (url == null) {
      return 0;
    }
    for (JsonNode p : JsonMetrics.rules(in).path("expected")) {
      try {
        if (!PyRegex.compile(p.asText(), 0).matcher(url).find()) {
          return 0;
        }
      } catch (ValueRules.PythonError e) {
        throw in.fail(e.getMessage());
      }
    }
    return 1;
  }

  /** {@code is_expected_active_tab(info, rule)}: type "url", the URLs the same by {@code compare_urls}. */
  public static double isExpectedActiveTab(MetricInput in) {
    if (!JsonMetrics.truthy(JsonMetrics.python(in.result()))) {
      return 0;
    }
    JsonNode rule = JsonMetrics.rules(in);
    if (!rule.path("type").asText().equals("url")) {
      return 0;
    }
    return Urls.same(rule.path("url").asText(), url(in.result()), true) ? 1 : 0;
  }

  /** {@code is_expected_active_tab_approximate}: as above, comparing the URLs without their query. */
  public static double isExpectedActiveTabApproximate(MetricInput in) {
    if (!JsonMetrics.truthy(JsonMetrics.python(in.result()))) {
      return 0;
    }
    JsonNode rule = JsonMetrics.rules(in);
    if (!rule.path("type").asText().equals("url")) {
      return 0;
    }
    String actual = url(in.result());
    if (actual == null) {
      throw in.fail("has no URL in the result (OSWorld: TypeError)");
    }
    return stripQuery(rule.path("url").asText()).equals(stripQuery(actual)) ? 1 : 0;
  }

  private static String stripQuery(String url) {
    Urls.Parts p = Urls.split(url);
    StringBuilder sb = new StringBuilder();
    if (!p.scheme().isEmpty()) {
      sb.append(p.scheme()).append(':');
    }
    if (!p.netloc().isEmpty() || url.contains("//")) {
      sb.append("//").append(p.netloc());
    }
    sb.append(p.path());
    if (!p.params().isEmpty()) {
      sb.append(';').append(p.params());
    }
    if (!p.fragment().isEmpty()) {
      sb.append('#').append(p.fragment());
    }
    return sb.toString();
  }

  /**
   * {@code is_expected_tabs(open_tabs, rule)}: type "url", the open tabs' URLs and {@code urls}
   * the same length with every expected URL matching some tab ({@code are_lists_equal} with
   * {@code compare_urls}).
   */
  public static double isExpectedTabs(MetricInput in) {
    JsonNode tabs = JsonMetrics.python(in.result());
    if (!JsonMetrics.truthy(tabs)) {
      return 0;
    }
    JsonNode rule = JsonMetrics.rules(in);
    if (!rule.path("type").asText().equals("url")) {
      return 0;
    }
    List<String> expected = new ArrayList<>();
    rule.path("urls").forEach(u -> expected.add(u.asText()));
    List<String> actual = new ArrayList<>();
    tabs.forEach(t -> actual.add(t.path("url").asText()));
    if (expected.size() != actual.size()) {
      return 0;
    }
    for (String e : expected) {
      if (actual.stream().noneMatch(a -> Urls.same(e, a, true))) {
        return 0;
      }
    }
    return 1;
  }

  /**
   * {@code is_expected_bookmarks(bookmarks, rule)}: the bookmark bar's folder names or URLs as a
   * set equal to the rule's, or the "Liked Authors" folder holding one URL of each alternative.
   */
  public static double isExpectedBookmarks(MetricInput in) {
    JsonNode b = JsonMetrics.python(in.result());
    if (!JsonMetrics.truthy(b)) {
      return 0;
    }
    JsonNode rule = JsonMetrics.rules(in);
    JsonNode children = b.path("bookmark_bar").path("children");
    switch (rule.path("type").asText()) {
      case "bookmark_bar_folders_names" -> {
        return collect(children, "folder", "name").equals(strings(rule.path("names"))) ? 1 : 0;
      }
      case "bookmark_bar_websites_urls" -> {
        return collect(children, "url", "url").equals(strings(rule.path("urls"))) ? 1 : 0;
      }
      case "liked_authors_websites_urls" -> {
        JsonNode folder = null;
        for (JsonNode c : children) {
          if (c.path("type").asText().equals("folder") && c.path("name").asText().equals("Liked Authors")) {
            folder = c;
            break;
          }
        }
        if (folder == null) {
          return 0;
        }
        Set<String> liked = collect(folder.path("children"), "url", "url");
        List<List<String>> options = new ArrayList<>();
        for (JsonNode u : rule.path("urls")) {
          List<String> alts = new ArrayList<>();
          if (u.isTextual()) {
            alts.add(u.asText());
          } else {
            u.forEach(x -> alts.add(x.asText()));
          }
          options.add(alts);
        }
        return anyCombination(options, 0, new ArrayList<>(), liked) ? 1 : 0;
      }
      default -> throw in.fail("rule type '" + rule.path("type").asText() + "' is not supported (OSWorld: TypeError)");
    }
  }

  private static boolean anyCombination(List<List<String>> options, int i, List<String> chosen, Set<String> want) {
    if (i == options.size()) {
      return new HashSet<>(chosen).equals(want);
    }
    for (String o : options.get(i)) {
      chosen.add(o);
      if (anyCombination(options, i + 1, chosen, want)) {
        return true;
      }
      chosen.removeLast();
    }
    return false;
  }

  private static Set<String> collect(JsonNode children, String type, String field) {
    Set<String> out = new HashSet<>();
    for (JsonNode c : children) {
      if (c.path("type").asText().equals(type)) {
        out.add(c.path(field).asText());
      }
    }
    return out;
  }

  private static Set<String> strings(JsonNode list) {
    Set<String> out = new HashSet<>();
    list.forEach(x -> out.add(x.asText()));
    return out;
  }

  /** {@code is_expected_search_query(info, rules)}: {@code rules.expect.pattern} found in the URL. */
  public static double isExpectedSearchQuery(MetricInput in) {
    if (!JsonMetrics.truthy(JsonMetrics.python(in.result()))) {
      return 0;
    }
    String url = url(in.result());
    if (url == null) {
      throw in.fail("has no URL in the result (OSWorld: KeyError 'url')");
    }
    String pattern = JsonMetrics.rules(in).path("expect").path("pattern").asText();
    return PyRegex.compile(pattern, 0).matcher(url).find() ? 1 : 0;
  }
}
