package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.tasks.EvaluationException;
import dev.deskpilot.tasks.GetterInput;
import dev.deskpilot.tasks.Value;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OSWorld's browser getters ({@code getters/chrome.py}) through Chromium's DevTools on the desktop
 * ({@link DevTools}). OSWorld reads the active tab's address from the accessibility tree (the
 * omnibox text behind {@code goto_prefix}); Deskpilot asks DevTools for the most recently active
 * tab's URL, which is the complete address. A browser that cannot be reached is an {@link
 * EvaluationException} (GETTER_FAILED), never a made-up value.
 */
public final class BrowserGetters {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LOAD_WAIT = Duration.ofSeconds(60);

  private BrowserGetters() {}

  private static DevTools devtools(GetterInput in) {
    return new DevTools(in.context().desktop(), DevTools.OSWORLD_PORT);
  }

  private static EvaluationException unreachable(GetterInput in, DevTools.DevToolsException e) {
    return new EvaluationException(EvaluationException.Kind.GETTER_FAILED,
        in.where() + in.spec().type() + ": the browser's state cannot be read: " + e.getMessage(), e);
  }

  private static DevTools.Tab activeTab(GetterInput in, DevTools dt) {
    List<DevTools.Tab> tabs = dt.tabs();
    if (tabs.isEmpty()) {
      throw new EvaluationException(EvaluationException.Kind.GETTER_FAILED,
          in.where() + in.spec().type() + ": the browser has no open tab");
    }
    return tabs.getFirst();
  }

  /** {@code active_url_from_accessTree}: the active tab's URL. */
  public static Value activeUrl(GetterInput in) {
    try {
      return new Value.Text(activeTab(in, devtools(in)).url());
    } catch (DevTools.DevToolsException e) {
      throw unreachable(in, e);
    }
  }

  /** {@code open_tabs_info}: [{title, url}] of every open tab, each waited for up to 30 s to load. */
  public static Value openTabsInfo(GetterInput in) {
    DevTools dt = devtools(in);
    try {
      var out = JSON.createArrayNode();
      for (DevTools.Tab t : dt.tabs()) {
        DevTools.Evaluation e = dt.evaluate(t.id(), "JSON.stringify([document.title, location.href])", Duration.ofSeconds(30));
        JsonNode pair = JSON.readTree(e.value().asText("[]"));
        String title = e.loaded() ? pair.path(0).asText(t.title()) : "Load timeout";
        out.addObject().put("title", title).put("url", pair.path(1).asText(t.url()));
      }
      return new Value.Json(out);
    } catch (DevTools.DevToolsException e) {
      throw unreachable(in, e);
    } catch (java.io.IOException e) {
      throw new EvaluationException(EvaluationException.Kind.GETTER_FAILED, in.where() + "open_tabs_info: bad answer from the page: " + e.getMessage(), e);
    }
  }

  /**
   * {@code active_tab_info}: the active URL opened in a new tab, then its {title, url, content}
   * (the page's HTML) once loaded (title "Load timeout" after 60 s); the new tab is closed again.
   */
  public static Value activeTabInfo(GetterInput in) {
    DevTools dt = devtools(in);
    try {
      String url = activeTab(in, dt).url();
      DevTools.Tab fresh = dt.open(url);
      try {
        DevTools.Evaluation e = dt.evaluate(fresh.id(),
            "JSON.stringify([document.title, location.href, document.documentElement.outerHTML])", LOAD_WAIT);
        JsonNode v = JSON.readTree(e.value().asText("[]"));
        ObjectNode out = JSON.createObjectNode();
        out.put("title", e.loaded() ? v.path(0).asText() : "Load timeout");
        out.put("url", v.path(1).asText(url));
        out.put("content", v.path(2).asText(""));
        return new Value.Json(out);
      } finally {
        dt.close(fresh.id());
      }
    } catch (DevTools.DevToolsException e) {
      throw unreachable(in, e);
    } catch (java.io.IOException e) {
      throw new EvaluationException(EvaluationException.Kind.GETTER_FAILED, in.where() + "active_tab_info: bad answer from the page: " + e.getMessage(), e);
    }
  }

  /**
   * {@code active_tab_url_parse}: the active URL's query parameters named in {@code parse_keys}
   * (first value, "" when absent), renamed by {@code replace}, split at commas by {@code split_list}.
   */
  public static Value activeTabUrlParse(GetterInput in) {
    String url = ((Value.Text) activeUrl(in)).text();
    return new Value.Json(parseQuery(in, url));
  }

  static ObjectNode parseQuery(GetterInput in, String url) {
    Map<String, List<String>> params = parseQs(Urls.split(url).query());
    Map<String, String> extracted = new LinkedHashMap<>();
    for (String key : in.strings("parse_keys")) {
      List<String> v = params.get(key);
      extracted.put(key, v == null ? "" : v.getFirst());
    }
    JsonNode replace = in.config().get("replace");
    if (replace != null && replace.isObject()) {
      for (var e : replace.properties()) {
        if (!extracted.containsKey(e.getKey())) {
          throw new EvaluationException(EvaluationException.Kind.GETTER_FAILED,
              in.where() + "replace names '" + e.getKey() + "', which is not in parse_keys (OSWorld: KeyError)");
        }
        String value = extracted.remove(e.getKey());
        extracted.put(e.getValue().asText(), value);
      }
    }
    ObjectNode out = JSON.createObjectNode();
    boolean split = in.flag("split_list", false);
    extracted.forEach((k, v) -> {
      if (split) {
        var arr = out.putArray(k);
        for (String part : v.split(",", -1)) {
          arr.add(part);
        }
      } else {
        out.put(k, v);
      }
    });
    return out;
  }

  /** Python's {@code parse_qs} (blank values dropped, '+' is a space). */
  static Map<String, List<String>> parseQs(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pair : query.split("[&;]")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq < 0) {
        continue;
      }
      String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (v.isEmpty()) {
        continue;
      }
      out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return out;
  }

  /** The page-side extraction of {@code active_tab_html_parse}, OSWorld's Playwright calls in JavaScript. */
  static final String HTML_PARSE_JS = """
      ((cfg) => {
        const out = {};
        const texts = (sel) => { try { return Array.from(document.querySelectorAll(sel)).map(e => (e.textContent || '').trim()); } catch (e) { return []; } };
        const direct = (sel) => { try { const els = document.querySelectorAll(sel); if (!els.length) return [];
          return Array.from(els[0].childNodes).filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent.trim()).filter(Boolean); } catch (e) { return []; } };
        const onlyChild = (sel) => { try { return Array.from(document.querySelectorAll(sel)).filter(e => e.querySelector('h3')).map(e => e.querySelector('h3').textContent.trim()); } catch (e) { return []; } };
        const lis = (sel) => { try { return Array.from(document.querySelectorAll(sel + ' li.catAllProducts')).filter(e => e.querySelector('span')).map(e => e.querySelector('span').innerText.trim()); } catch (e) { return []; } };
        const xpath = (x) => { try { return document.evaluate(x, document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue; } catch (e) { return null; } };
        const norm = (s) => (s || '').replace(/\\s+/g, ' ').trim().toLowerCase();
        const byText = (label) => { const want = norm(label); let found = null;
          for (const e of document.querySelectorAll('body *')) { if (norm(e.textContent).includes(want)) { found = e; } else if (found && !found.contains(e)) { break; } }
          return found; };
        const pick = (list, entries) => { for (const [order, key] of Object.entries(entries || {})) { const i = parseInt(order, 10); out[key] = list.length > i ? list[i] : ''; } };
        if (cfg.category === 'class') {
          for (const [cls, entries] of Object.entries(cfg.class_multiObject || {})) pick(texts('.' + cls), entries);
          for (const [cls, entries] of Object.entries(cfg.class_multiObject_child || {})) pick(direct('.' + cls), entries);
          for (const [cls, entries] of Object.entries(cfg.class_multiObject_only_child || {})) pick(onlyChild('.' + cls), entries);
          for (const [cls, list] of Object.entries(cfg.class_multiObject_search_exist || {})) {
            const found = texts('.' + cls);
            for (const o of list) { if (o !== 'is_other_exist') out[o] = found.includes(o); }
            if (list.includes('is_other_exist')) {
              for (const f of found) { if (!list.includes(f)) out['is_other_exist'] = true; }
              if (!('is_other_exist' in out)) out['is_other_exist'] = false;
            }
          }
          for (const [cls, key] of Object.entries(cfg.class_singleObject || {})) { const t = texts('.' + cls); out[key] = t.length ? t[0] : ''; }
        } else if (cfg.category === 'label') {
          for (const [label, key] of Object.entries(cfg.labelObject || {})) { const e = byText(label); out[key] = e ? (e.textContent || '').trim() : ''; }
        } else if (cfg.category === 'xpath') {
          for (const [x, key] of Object.entries(cfg.xpathObject || {})) { const e = xpath(x); out[key] = e ? (e.textContent || '').trim() : ''; }
        } else if (cfg.category === 'input') {
          for (const [x, key] of Object.entries(cfg.inputObject || {})) { const e = xpath(x); out[key] = e && e.value ? String(e.value).trim() : ''; }
        } else if (cfg.category === 'class&url') {
          const mark = (found, list) => {
            for (const k of list) { if (found.some(t => k.toLowerCase() === t.toLowerCase())) out[k.toLowerCase()] = true; }
            for (const t of found) { if (list.every(item => !item.toLowerCase().includes(t.toLowerCase()))) { out['is_other_exist'] = true; break; } }
            if (!('is_other_exist' in out)) out['is_other_exist'] = false;
          };
          for (const [cls, list] of Object.entries(cfg.class_multiObject || {})) mark(texts('.' + cls), list);
          for (const [cls, list] of Object.entries(cfg.class_multiObject_li || {})) mark(lis('.' + cls), list);
          const url = location.href.toLowerCase();
          for (const k of (cfg.url_include_expected || [])) { if (!(k.toLowerCase() in out)) out[k.toLowerCase()] = url.includes(k.toLowerCase()); }
          for (const [k, v] of Object.entries(cfg.url_include_expected_multichoice || {})) { if (!(v.toLowerCase() in out)) out[v.toLowerCase()] = url.includes(k.toLowerCase()); }
        }
        return JSON.stringify(out);
      })""";

  /**
   * {@code active_tab_html_parse}: values read from the active tab's page by {@code category}
   * (class, label, xpath, input, class&amp;url) as OSWorld's Playwright calls read them, once the
   * page has loaded (up to 60 s).
   */
  public static Value activeTabHtmlParse(GetterInput in) {
    String category = in.string("category");
    if (!List.of("class", "label", "xpath", "input", "class&url").contains(category)) {
      throw in.bad("category", "expected class, label, xpath, input or class&url, found '" + category + "'");
    }
    DevTools dt = devtools(in);
    try {
      DevTools.Tab tab = activeTab(in, dt);
      DevTools.Evaluation e = dt.evaluate(tab.id(), HTML_PARSE_JS + "(" + in.config().toString() + ")", LOAD_WAIT);
      return new Value.Json(JSON.readTree(e.value().asText("{}")));
    } catch (DevTools.DevToolsException e) {
      throw unreachable(in, e);
    } catch (java.io.IOException e) {
      throw new EvaluationException(EvaluationException.Kind.GETTER_FAILED, in.where() + "active_tab_html_parse: bad answer from the page: " + e.getMessage(), e);
    }
  }
}
