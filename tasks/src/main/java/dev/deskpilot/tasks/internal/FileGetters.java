package dev.deskpilot.tasks.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.EvaluationException;
import dev.deskpilot.tasks.GetterInput;
import dev.deskpilot.tasks.Value;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * OSWorld's file getters ({@code desktop_env/evaluators/getters/file.py}): {@code vm_file} and
 * {@code cloud_file}, with {@code multi}, {@code gives} and (vm_file) {@code time_suffix}.
 */
public final class FileGetters {
  private static final Pattern URL_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

  private FileGetters() {}

  /** Paths, destination names and which indices are handed to the metric. */
  private record Request(List<String> paths, List<String> dests, Set<Integer> gives, boolean multi) {}

  private static Request request(GetterInput in) {
    boolean multi = in.flag("multi", false);
    List<String> paths;
    List<String> dests;
    if (multi) {
      paths = in.strings("path");
      dests = in.strings("dest");
      if (paths.size() != dests.size()) {
        throw in.bad("dest", "expected " + paths.size() + " names, one per path, found " + dests.size());
      }
    } else {
      paths = List.of(in.string("path"));
      dests = List.of(in.string("dest"));
    }
    for (int i = 0; i < dests.size(); i++) {
      String d = dests.get(i);
      if (!isSafeRelative(d)) {
        throw in.bad("dest", "expected a relative file name (no '..', not absolute), found '" + d + "'");
      }
    }
    Set<Integer> gives = new TreeSet<>(List.of(0));
    if (in.config().hasNonNull("gives")) {
      JsonNode g = in.config().get("gives");
      if (!g.isArray()) {
        throw in.bad("gives", "expected a list of indices into path, found " + JsonFields.describe(g));
      }
      gives.clear();
      for (JsonNode item : g) {
        if (!item.isIntegralNumber() || item.asInt() < 0 || item.asInt() >= paths.size()) {
          throw in.bad("gives", "expected indices 0.." + (paths.size() - 1) + ", found " + item);
        }
        gives.add(item.asInt());
      }
    }
    return new Request(paths, dests, gives, multi);
  }

  /** Python: {@code cache_paths[0] if len(cache_paths) == 1 else cache_paths}. */
  private static Value result(List<Optional<Path>> given) {
    if (given.size() == 1) {
      return given.getFirst().<Value>map(Value.LocalFile::new).orElse(Value.NOTHING);
    }
    return new Value.LocalFiles(given);
  }

  /**
   * {@code vm_file}: copies {@code path} from the desktop to {@code <work dir>/<dest>} and gives its
   * local path. A file the desktop does not have (or will not give) gives None, so the metric scores
   * 0 as in OSWorld; a desktop that cannot be reached is an error. {@code time_suffix} inserts the
   * local time ({@code time_format}, default {@code %Y%m%d_%H%M%S}) before the extension of dest.
   */
  public static Value vmFile(GetterInput in) throws IOException {
    Request r = request(in);
    List<String> dests = r.dests();
    if (!r.multi() && in.flag("time_suffix", false)) {
      String format = in.optionalString("time_format").orElse("%Y%m%d_%H%M%S");
      String stamp;
      try {
        stamp = Strftime.format(format, ZonedDateTime.now());
      } catch (IllegalArgumentException e) {
        throw in.bad("time_format", e.getMessage());
      }
      String d = dests.getFirst();
      int dot = d.lastIndexOf('.');
      int slash = d.lastIndexOf('/');
      dests = List.of(dot > slash + 1 ? d.substring(0, dot) + "_" + stamp + d.substring(dot) : d + "_" + stamp);
    }
    Path work = in.context().workDir();
    List<Optional<Path>> given = new ArrayList<>();
    for (int i = 0; i < r.paths().size(); i++) {
      Optional<Path> local;
      try {
        byte[] content = in.context().desktop().readFile(r.paths().get(i));
        Path target = work.resolve(dests.get(i));
        AtomicFiles.write(target, content);
        local = Optional.of(target);
        in.context().log().accept(in.pointer() + " vm_file " + r.paths().get(i) + " -> " + target + " (" + content.length + " bytes)");
      } catch (DesktopException e) {
        if (e.kind() != DesktopException.Kind.NO_SUCH_FILE && e.kind() != DesktopException.Kind.FAILED) {
          throw e;
        }
        in.context().log().accept(in.pointer() + " vm_file " + r.paths().get(i) + ": not available (" + e.getMessage() + ") -> None");
        local = Optional.empty();
      }
      if (r.gives().contains(i)) {
        given.add(local);
      }
    }
    return result(given);
  }

  /**
   * {@code cloud_file}: the expected file, found offline and copied to {@code <work dir>/<dest>}
   * as OSWorld keeps it in {@code cache_dir/dest}. A URL is looked up in the run's {@link
   * dev.deskpilot.tasks.FileCache}; Deskpilot's own suites may instead give a path without a URL
   * scheme, resolved against the task file's folder. Not found: an {@link EvaluationException}
   * NOT_CACHED ("not cached: URL"), never a silent 0.
   */
  public static Value cloudFile(GetterInput in) throws IOException {
    Request r = request(in);
    List<Optional<Path>> given = new ArrayList<>();
    for (int i = 0; i < r.paths().size(); i++) {
      String p = r.paths().get(i);
      Path found = locate(in, p, r.dests().get(i));
      // OSWorld keeps it as cache_dir/dest: metrics find companion files by that name
      // (compare_table's sheet_print reads "<dest stem>-<sheet>.csv" beside the workbook)
      Path target = in.context().workDir().resolve(r.dests().get(i));
      AtomicFiles.write(target, Files.readAllBytes(found));
      in.context().log().accept(in.pointer() + " cloud_file " + p + " -> " + found + " -> " + target);
      if (r.gives().contains(i)) {
        given.add(Optional.of(target));
      }
    }
    return result(given);
  }

  private static Path locate(GetterInput in, String p, String dest) {
    if (p.startsWith("file:")) {
      Path local;
      try {
        local = Path.of(URI.create(p));
      } catch (IllegalArgumentException e) {
        throw in.bad("path", "not a valid file: URL: " + p);
      }
      return requireFile(in, local, p);
    }
    if (URL_SCHEME.matcher(p).matches()) {
      return in.context().files().find(p, in.task().id(), dest).orElseThrow(() -> new EvaluationException(
          EvaluationException.Kind.NOT_CACHED,
          in.where() + "not cached: " + p + " (" + in.context().files().describeSearch() + ")"));
    }
    return requireFile(in, in.task().directory().resolve(p).normalize(), p);
  }

  private static Path requireFile(GetterInput in, Path local, String as) {
    if (!Files.isRegularFile(local)) {
      throw new EvaluationException(
          EvaluationException.Kind.NOT_CACHED,
          in.where() + "missing file: " + local + " (cloud_file path \"" + as + "\"; a path without a URL scheme is relative to the task file's folder)");
    }
    return local;
  }

  private static boolean isSafeRelative(String p) {
    if (p.isBlank() || p.startsWith("/") || p.contains("\\") || p.indexOf('\0') >= 0) {
      return false;
    }
    for (String seg : p.split("/")) {
      if (seg.equals("..") || seg.isEmpty() || seg.equals(".")) {
        return false;
      }
    }
    return true;
  }
}
