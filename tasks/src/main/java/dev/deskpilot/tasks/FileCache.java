package dev.deskpilot.tasks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local copies of files OSWorld tasks download ({@code cloud_file} getters, {@code download}
 * steps). Nothing is fetched from the network: a file is found in one of the cache folders or it is
 * "not cached". For a URL, each folder is searched in this order:
 *
 * <ol>
 *   <li>{@code <root>/<task id>/<file name>}: where OSWorld's own {@code cache/} folder keeps a
 *       {@code cloud_file} ({@code dest});
 *   <li>{@code <root>/<task id>/<uuid5(URL)>_<file name>}: where OSWorld's {@code cache/} keeps a
 *       {@code download} step's file;
 *   <li>{@code <root>/<host>/<decoded URL path>}: a plain mirror of the URLs;
 *   <li>for {@code https://huggingface.co/datasets/<org>/<name>/resolve/<rev>/<rest>}:
 *       {@code <root>/<rest>}, i.e. a checkout of the dataset (OSWorld's is
 *       {@code xlangai/ubuntu_osworld_file_cache}).
 * </ol>
 */
public final class FileCache {
  private static final Pattern HF_DATASET =
      Pattern.compile("^/datasets/[^/]+/[^/]+/resolve/[^/]+/(.+)$");
  private static final UUID NAMESPACE_URL = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

  private final List<Path> roots;

  private FileCache(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /** No cache: every URL is "not cached". */
  public static FileCache none() {
    return new FileCache(List.of());
  }

  /** Searches these folders in order. */
  public static FileCache of(List<Path> roots) {
    return new FileCache(roots);
  }

  public static FileCache of(Path... roots) {
    return new FileCache(List.of(roots));
  }

  public List<Path> roots() {
    return roots;
  }

  /**
   * Where a URL's file may be, in search order.
   *
   * @param url the URL as the task writes it
   * @param taskId the task asking (for OSWorld's per-task cache folders)
   * @param fileName the file name the task gives it ({@code dest}, or the base name of the target path)
   */
  public List<Path> candidates(String url, String taskId, String fileName) {
    List<Path> out = new ArrayList<>();
    boolean plainName = isSafeRelative(fileName) && !fileName.contains("/");
    Optional<String> mirror = Optional.empty();
    Optional<String> dataset = Optional.empty();
    try {
      URI u = URI.create(url);
      String path = u.getPath();
      if (u.getHost() != null && path != null && path.length() > 1) {
        String rel = u.getHost() + path;
        if (isSafeRelative(rel)) {
          mirror = Optional.of(rel);
        }
        Matcher m = HF_DATASET.matcher(path);
        if (u.getHost().equals("huggingface.co") && m.matches() && isSafeRelative(m.group(1))) {
          dataset = Optional.of(m.group(1));
        }
      }
    } catch (IllegalArgumentException notAUri) {
      // only the per-task names can match
    }
    for (Path root : roots) {
      if (plainName && isSafeRelative(taskId) && !taskId.contains("/")) {
        out.add(root.resolve(taskId).resolve(fileName));
        out.add(root.resolve(taskId).resolve(uuid5(url) + "_" + fileName));
      }
      mirror.ifPresent(m -> out.add(root.resolve(m)));
      dataset.ifPresent(d -> out.add(root.resolve(d)));
    }
    return out;
  }

  /** The first existing regular file among {@link #candidates}. */
  public Optional<Path> find(String url, String taskId, String fileName) {
    return candidates(url, taskId, fileName).stream().filter(Files::isRegularFile).findFirst();
  }

  /** One line for "not cached" messages: where was searched. */
  public String describeSearch() {
    return roots.isEmpty()
        ? "no file cache folder is configured"
        : "searched " + String.join(", ", roots.stream().map(Path::toString).toList());
  }

  /** Python's {@code uuid.uuid5(uuid.NAMESPACE_URL, url)}: SHA-1 name-based UUID. */
  static String uuid5(String name) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(toBytes(NAMESPACE_URL));
      byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      long msb = 0;
      long lsb = 0;
      for (int i = 0; i < 8; i++) {
        msb = (msb << 8) | (h[i] & 0xff);
        lsb = (lsb << 8) | (h[i + 8] & 0xff);
      }
      return new UUID(msb, lsb).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }

  private static byte[] toBytes(UUID u) {
    byte[] b = new byte[16];
    long msb = u.getMostSignificantBits();
    long lsb = u.getLeastSignificantBits();
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (msb >>> (56 - 8 * i));
      b[i + 8] = (byte) (lsb >>> (56 - 8 * i));
    }
    return b;
  }

  private static boolean isSafeRelative(String p) {
    if (p == null || p.isBlank() || p.startsWith("/") || p.indexOf('\0') >= 0 || p.contains("\\")) {
      return false;
    }
    for (String seg : p.split("/")) {
      if (seg.equals("..") || seg.equals(".")) {
        return false;
      }
    }
    return true;
  }
}
