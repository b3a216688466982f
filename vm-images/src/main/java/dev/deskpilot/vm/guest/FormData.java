package dev.deskpilot.vm.guest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of an HTML form body, as Python's {@code requests} sends them: {@code
 * application/x-www-form-urlencoded} ({@code data={...}}) or {@code multipart/form-data} ({@code
 * files={...}}), binary-safe.
 */
final class FormData {
  /** One field; {@code filename} is set for file parts. */
  record Part(String name, Optional<String> filename, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|[^;\\s]+)");
  private static final Pattern DISPOSITION_PARAM = Pattern.compile("(?i);\\s*(name|filename)=(\"((?:[^\"\\\\]|\\\\.)*)\"|[^;\\s]+)");

  private FormData() {}

  /**
   * Reads a form body.
   *
   * @throws IllegalArgumentException in one line when the body is not the form its type says
   */
  static Map<String, Part> parse(String contentType, byte[] body) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (type.startsWith("multipart/form-data")) {
      Matcher m = BOUNDARY.matcher(contentType);
      if (!m.find()) {
        throw new IllegalArgumentException("multipart/form-data without a boundary");
      }
      return multipart(body, m.group(2) != null ? m.group(2) : m.group(1));
    }
    if (type.isEmpty() || type.startsWith("application/x-www-form-urlencoded")) {
      Map<String, Part> fields = new LinkedHashMap<>();
      String text = new String(body, StandardCharsets.UTF_8);
      for (String pair : text.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        fields.putIfAbsent(name, new Part(name, Optional.empty(), value.getBytes(StandardCharsets.UTF_8)));
      }
      return fields;
    }
    throw new IllegalArgumentException("expected a form (application/x-www-form-urlencoded or multipart/form-data), got " + contentType);
  }

  private static Map<String, Part> multipart(byte[] body, String boundary) {
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    Map<String, Part> parts = new LinkedHashMap<>();
    int at = indexOf(body, delimiter, 0);
    if (at < 0) {
      throw new IllegalArgumentException("multipart body does not contain its boundary");
    }
    while (true) {
      int after = at + delimiter.length;
      if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
        return parts; // the closing delimiter
      }
      int headersStart = skipLineEnd(body, after);
      int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
      if (headersEnd < 0) {
        throw new IllegalArgumentException("multipart part without a blank line after its headers");
      }
      String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
      int contentStart = headersEnd + 4;
      byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
      int contentEnd = indexOf(body, next, contentStart);
      if (contentEnd < 0) {
        throw new IllegalArgumentException("multipart body is not closed by its boundary");
      }
      String name = null;
      String filename = null;
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
          Matcher p = DISPOSITION_PARAM.matcher(line);
          while (p.find()) {
            String v = p.group(3) != null ? p.group(3).replace("\\\"", "\"") : p.group(2);
            if (p.group(1).equalsIgnoreCase("name")) {
              name = v;
            } else {
              filename = v;
            }
          }
        }
      }
      if (name == null) {
        throw new IllegalArgumentException("multipart part without a name in its Content-Disposition");
      }
      parts.putIfAbsent(name, new Part(name, Optional.ofNullable(filename), Arrays.copyOfRange(body, contentStart, contentEnd)));
      at = contentEnd + 2;
    }
  }

  private static int skipLineEnd(byte[] b, int i) {
    if (i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n') {
      return i + 2;
    }
    return i < b.length && b[i] == '\n' ? i + 1 : i;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
