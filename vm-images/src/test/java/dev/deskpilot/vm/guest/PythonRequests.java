package dev.deskpilot.vm.guest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP requests byte for byte as OSWorld's {@code PythonController} sends them with Python's
 * {@code requests} 2.x (header set and order, {@code json.dumps} separators, urlencoded forms,
 * {@code encode_multipart_formdata} with a 32-hex-digit boundary), over a plain socket, and the
 * reply read back as it arrives.
 */
final class PythonRequests {
  record Reply(int status, Map<String, String> headers, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private final String host;
  private final int port;

  PythonRequests(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** {@code requests.get(url)}. */
  Reply get(String path) throws IOException {
    return send("GET", path, null, new byte[0]);
  }

  /** {@code requests.post(url, headers={'Content-Type': 'application/json'}, data=json.dumps(payload))}. */
  Reply postJson(String path, String jsonDumps) throws IOException {
    return send("POST", path, "application/json", jsonDumps.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code requests.post(url)} with no body (e.g. /screen_size). */
  Reply postEmpty(String path) throws IOException {
    return send("POST", path, null, new byte[0]);
  }

  /** {@code requests.post(url, data={name: value})}. */
  Reply postForm(String path, String name, String value) throws IOException {
    String body = URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    return send("POST", path, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code requests.post(url, data={"file_path": path}, files={"file_data": (filename, content)})}. */
  Reply postUpload(String path, String filePath, String filename, byte[] content) throws IOException {
    String boundary = "8b1cd8f5a7e94c2f9d0e6b3a4c5d6e7f";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file_path\"\r\n\r\n" + filePath + "\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file_data\"; filename=\"" + filename + "\"\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(content);
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send("POST", path, "multipart/form-data; boundary=" + boundary, body.toByteArray());
  }

  private Reply send(String method, String path, String contentType, byte[] body) throws IOException {
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    head.append("Host: ").append(host).append(':').append(port).append("\r\n");
    head.append("User-Agent: python-requests/2.31.0\r\n");
    head.append("Accept-Encoding: gzip, deflate\r\n");
    head.append("Accept: */*\r\n");
    head.append("Connection: keep-alive\r\n");
    if (method.equals("POST")) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    if (contentType != null) {
      head.append("Content-Type: ").append(contentType).append("\r\n");
    }
    head.append("\r\n");
    try (Socket socket = new Socket(host, port)) {
      socket.setSoTimeout(180_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  private static Reply read(InputStream in) throws IOException {
    String status = line(in);
    String[] parts = status.split(" ", 3);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip());
    }
    byte[] body;
    if (headers.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int n = Integer.parseInt(line(in).strip(), 16); n > 0; n = Integer.parseInt(line(in).strip(), 16)) {
        all.writeBytes(in.readNBytes(n));
        line(in);
      }
      line(in);
      body = all.toByteArray();
    } else {
      body = new byte[0];
    }
    return new Reply(Integer.parseInt(parts[1]), headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }
}
