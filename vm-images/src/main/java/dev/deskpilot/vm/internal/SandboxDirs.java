package dev.deskpilot.vm.internal;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where sandboxes live: {@code ${XDG_RUNTIME_DIR:-/tmp}/deskpilot-$UID/sandboxes/<id>/}, the parent
 * private to this user. Each sandbox directory holds:
 *
 * <ul>
 *   <li>{@code owner}: "{@code <pid> <start time>}" of the JVM that started it
 *   <li>{@code pgid}: "{@code <pgid> <start time>}" of the supervisor that leads its process group
 *   <li>{@code sandbox.log}, {@code supervisor.sh}, {@code display}, {@code port}, {@code wm.ready}
 *   <li>{@code home/} (the throwaway HOME) and {@code run/} (its XDG_RUNTIME_DIR, the D-Bus socket)
 * </ul>
 */
public final class SandboxDirs {
  public static final String OWNER = "owner";
  public static final String PGID = "pgid";
  public static final String LOG = "sandbox.log";
  public static final String SCRIPT = "supervisor.sh";
  public static final String PORT = "port";
  public static final String WM_READY = "wm.ready";
  public static final String HOME = "home";

  /** Suffix of a sandbox directory still being set up (renamed once its owner file is written). */
  public static final String NEW_SUFFIX = ".new";

  private SandboxDirs() {}

  /** The sandboxes directory for this user (not created). */
  public static Path root(Map<String, String> env) {
    String runtime = env.get("XDG_RUNTIME_DIR");
    Path base = runtime == null || runtime.isBlank() ? Path.of("/tmp") : Path.of(runtime);
    return base.resolve("deskpilot-" + uid()).resolve("sandboxes");
  }

  /**
   * Creates the sandboxes directory, the per-user parent private (0700) and owned by this user.
   *
   * @throws IllegalStateException when the parent exists but belongs to someone else or is a link
   */
  public static Path createRoot(Path root) throws IOException {
    Path userDir = root.getParent();
    if (!Files.exists(userDir, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.createDirectories(
            userDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another JVM created it: checked below
      }
    }
    if (!Files.isDirectory(userDir, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException(userDir + " is not a directory: refusing to keep sandboxes there");
    }
    int owner = (Integer) Files.getAttribute(userDir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    if (owner != uid()) {
      throw new IllegalStateException(
          userDir + " belongs to uid " + owner + ", not to this user (uid " + uid() + "): refusing to use it");
    }
    Files.createDirectories(root);
    return root;
  }

  /** This process's user id. */
  public static int uid() {
    try {
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the user id from /proc/self", e);
    }
  }

  /** Deletes a directory tree; files that vanish meanwhile (another cleaner) are fine. */
  public static void deleteTree(Path dir) throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        deleteOnce(dir);
        return;
      } catch (DirectoryNotEmptyException e) {
        // A process still wrote into it; by now it is stopped.
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static void deleteOnce(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            if (e instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw e;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
              throw e;
            }
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
