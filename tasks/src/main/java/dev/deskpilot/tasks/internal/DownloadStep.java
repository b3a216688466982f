package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.EvaluationException;
import dev.deskpilot.tasks.FileCache;
import dev.deskpilot.tasks.StepOutcome;
import dev.deskpilot.tasks.TaskContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * OSWorld's {@code download} setup step ({@code controllers/setup.py: _download_setup}):
 * {@code files: [{url, path}]}, each file fetched on this side and written to {@code path} on the
 * desktop. The bytes come from, in order: the run's {@link FileCache}; a {@code file:} URL; a
 * path without a URL scheme, relative to the task file's folder (as {@code cloud_file} reads it: a
 * bundled suite ships its input files beside its tasks); an {@code http(s)} download when the host
 * can be reached (OSWorld's own way). A file that cannot be
 * had stops the setup with {@link EvaluationException} NOT_CACHED, {@code not cached: <url>}, as
 * OSWorld's setup raises when its download fails.
 */
public final class DownloadStep {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(300);
  private static final java.util.regex.Pattern URL_SCHEME = java.util.regex.Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

  private DownloadStep() {}

  /** One file to place on the desktop. */
  record Item(String url, String path) {}

  static List<Item> items(StepParams step) {
    JsonNode files = step.require("files");
    if (!files.isArray()) {
      throw step.bad("files", "expected a list of {\"url\": ..., \"path\": ...} objects, found " + JsonFields.describe(files));
    }
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      JsonNode f = files.get(i);
      String at = "files/" + i;
      if (!f.isObject()) {
        throw step.bad(at, "expected an object with \"url\" and \"path\", found " + JsonFields.describe(f));
      }
      String url = f.path("url").asText("");
      String path = f.path("path").asText("");
      if (!f.path("url").isTextual() || url.isBlank()) {
        throw step.bad(at + "/url", "expected a non-empty URL string");
      }
      if (!f.path("path").isTextual() || path.isBlank()) {
        throw step.bad(at + "/path", "expected a non-empty desktop path");
      }
      out.add(new Item(url, path));
    }
    return out;
  }

  /** Runs the step: every file is found (or the step fails) and written to the desktop. */
  public static StepOutcome run(TaskContext ctx, StepParams step) throws InterruptedException {
    List<Item> items = items(step);
    List<String> done = new ArrayList<>();
    for (Item item : items) {
      byte[] bytes = fetch(ctx, step, item.url(), baseName(item.path()));
      try {
        ctx.desktop().writeFile(item.path(), bytes);
      } catch (DesktopException e) {
        SetupFailures.rethrowIfUnreachable(e);
        throw new DesktopException(DesktopException.Kind.FAILED,
            step.label() + " download: cannot write " + item.path() + " on the desktop: " + e.getMessage(), e);
      }
      done.add(item.path() + " (" + bytes.length + " bytes)");
    }
    return new StepOutcome(step.label(), "download", true, String.join(", ", done));
  }

  /**
   * The bytes of {@code url}: cached copy, {@code file:} URL, or an HTTP download.
   *
   * @param fileName the base name of the target path (OSWorld's cache key part)
   */
  static byte[] fetch(TaskContext ctx, StepParams step, String url, String fileName) throws InterruptedException {
    String taskId = ctx.task().id();
    Optional<Path> cached = ctx.files().find(url, taskId, fileName);
    try {
      if (cached.isPresent()) {
        ctx.log().accept(step.label() + " download " + url + " <- cache " + cached.get());
        return Files.readAllBytes(cached.get());
      }
      if (url.startsWith("file:")) {
        Path local;
        try {
          local = Path.of(URI.create(url));
        } catch (IllegalArgumentException e) {
          throw step.bad("files", "not a valid file: URL: " + url);
        }
        if (!Files.isRegularFile(local)) {
          throw new EvaluationException(EvaluationException.Kind.NOT_CACHED,
              "task " + taskId + ": " + step.label() + " download: missing file: " + local + " (" + url + ")");
        }
        return Files.readAllBytes(local);
      }
      if (!URL_SCHEME.matcher(url).matches()) {
        Path local = ctx.task().directory().resolve(url).normalize();
        if (!Files.isRegularFile(local)) {
          throw new EvaluationException(EvaluationException.Kind.NOT_CACHED,
              "task " + taskId + ": " + step.label() + " download: missing file: " + local + " (url \"" + url
                  + "\"; a url without a scheme is relative to the task file's folder)");
        }
        ctx.log().accept(step.label() + " download " + url + " <- " + local);
        return Files.readAllBytes(local);
      }
    } catch (IOException e) {
      throw new EvaluationException(EvaluationException.Kind.NOT_CACHED,
          "task " + taskId + ": " + step.label() + " download: cannot read the local copy of " + url + ": " + e.getMessage(), e);
    }
    String why;
    if (url.startsWith("http://") || url.startsWith("https://")) {
      try (HttpClient http = HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build()) {
        HttpResponse<byte[]> r = http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(DOWNLOAD_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() / 100 == 2) {
          ctx.log().accept(step.label() + " download " + url + " <- network (" + r.body().length + " bytes)");
          return r.body();
        }
        why = "HTTP " + r.statusCode();
      } catch (IOException | IllegalArgumentException e) {
        why = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      }
    } else {
      why = "not an http, https or file URL";
    }
    throw new EvaluationException(EvaluationException.Kind.NOT_CACHED,
        "task " + taskId + ": " + step.label() + " download: not cached: " + url + " ("
            + ctx.files().describeSearch() + "; download failed: " + why + ")");
  }

  static String baseName(String path) {
    String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return p.substring(p.lastIndexOf('/') + 1);
  }
}
