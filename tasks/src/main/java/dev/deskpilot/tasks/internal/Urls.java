package dev.deskpilot.tasks.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** OSWorld's URL comparison ({@code metrics/utils.py: compare_urls}). */
public final class Urls {
  private static final Pattern HAS_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+\\-.]*://.*", Pattern.DOTALL);
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  /** Second-level labels that, under a two-letter country code, form a public suffix (co.uk, com.sg). */
  private static final Set<String> SECOND_LEVEL = Set.of("co", "com", "net", "org", "gov", "edu", "ac", "ne", "or", "go", "gob", "nic");

  private Urls() {}

  /**
   * {@code compare_urls(url1, url2, full)}: both URLs normalised and compared: a missing scheme
   * is {@code http}, the host is lower-cased, its public suffix dropped and a lone {@code www}
   * subdomain dropped ({@code www.airbnb.com.sg} and {@code airbnb.com} both become {@code airbnb}),
   * a path of "/" becomes empty; params, query and fragment count only when {@code full}.
   *
   * <p>OSWorld finds the public suffix with {@code tldextract} (the Public Suffix List); here a
   * suffix is the last label, or the last two when they look like {@code co.uk}/{@code com.sg}.
   */
  public static boolean same(String url1, String url2, boolean full) {
    if (url1 == null || url2 == null) {
      return url1 == url2;
    }
    return normalize(url1, full).equals(normalize(url2, full));
  }

  static String normalize(String url, boolean full) {
    String u = HAS_SCHEME.matcher(url).matches() ? url : "http://" + url;
    Parts p = split(u);
    String host = p.netloc().toLowerCase(Locale.ROOT);
    int at = host.lastIndexOf('@');
    if (at >= 0) {
      host = host.substring(at + 1);
    }
    int colon = host.lastIndexOf(':');
    if (colon >= 0 && !host.endsWith("]")) {
      host = host.substring(0, colon);
    }
    String netloc = registrable(host);
    String path = p.path().equals("/") ? "" : p.path();
    StringBuilder out = new StringBuilder(p.scheme().toLowerCase(Locale.ROOT)).append("://").append(netloc).append(path);
    if (full) {
      if (!p.params().isEmpty()) {
        out.append(';').append(p.params());
      }
      if (!p.query().isEmpty()) {
        out.append('?').append(p.query());
      }
      if (!p.fragment().isEmpty()) {
        out.append('#').append(p.fragment());
      }
    }
    return out.toString();
  }

  /** Python's {@code urlparse} parts. */
  public record Parts(String scheme, String netloc, String path, String params, String query, String fragment) {}

  /** Python's {@code urllib.parse.urlparse} for URLs with a scheme and {@code //}. */
  public static Parts split(String url) {
    int colon = url.indexOf(':');
    String scheme = "";
    String rest = url;
    if (colon > 0 && url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+\\-.]*")) {
      scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
      rest = url.substring(colon + 1);
    }
    String fragment = "";
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      fragment = rest.substring(hash + 1);
      rest = rest.substring(0, hash);
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String netloc = "";
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      netloc = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    String params = "";
    int semi = rest.lastIndexOf('/') >= 0 ? rest.indexOf(';', rest.lastIndexOf('/')) : rest.indexOf(';');
    if (semi >= 0) {
      params = rest.substring(semi + 1);
      rest = rest.substring(0, semi);
    }
    return new Parts(scheme, netloc, rest, params, query, fragment);
  }

  /** Subdomain (without a lone www) and domain, the public suffix dropped. */
  static String registrable(String host) {
    if (host.isEmpty() || IPV4.matcher(host).matches() || host.startsWith("[")) {
      return host;
    }
    String[] labels = host.split("\\.");
    if (labels.length == 1) {
      return host;
    }
    int suffix = 1;
    if (labels.length >= 3 && labels[labels.length - 1].length() == 2 && SECOND_LEVEL.contains(labels[labels.length - 2])) {
      suffix = 2;
    }
    String domain = labels[labels.length - 1 - suffix];
    String sub = String.join(".", java.util.Arrays.copyOfRange(labels, 0, labels.length - 1 - suffix));
    if (sub.equals("www")) {
      sub = "";
    }
    return sub.isEmpty() ? domain : sub + "." + domain;
  }

  /** The URL's host, or empty. */
  static String host(String url) {
    try {
      String h = new URI(url).getHost();
      return h == null ? "" : h;
    } catch (URISyntaxException e) {
      return "";
    }
  }
}
