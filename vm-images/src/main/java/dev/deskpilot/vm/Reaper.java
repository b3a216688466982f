package dev.deskpilot.vm;

import dev.deskpilot.vm.internal.SandboxDirs;
import dev.deskpilot.vm.internal.SandboxProcesses;
import dev.deskpilot.vm.internal.SandboxProcesses.ProcessId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Cleans up sandboxes whose owner died without closing them (a JVM killed with SIGKILL whose
 * supervisor was killed too). Normally each sandbox's supervisor does this itself within a second
 * of its owner's death; {@link Sandbox#start} calls {@link #reapOrphans()} first as a backstop.
 */
public final class Reaper {
  /** A directory that is still being set up after this long was abandoned. */
  private static final Duration ABANDONED = Duration.ofMinutes(1);

  private Reaper() {}

  /**
   * Stops the processes and deletes the directories of this user's sandboxes whose owner is dead.
   * Sandboxes of live owners (other JVMs included) are left alone.
   *
   * @return how many sandboxes were reaped
   */
  public static int reapOrphans() {
    Path root = SandboxDirs.root(System.getenv());
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int reaped = 0;
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
      for (Path dir : dirs) {
        if (reap(dir)) {
          reaped++;
        }
      }
    } catch (IOException e) {
      System.getLogger(Reaper.class.getName())
          .log(System.Logger.Level.WARNING, "cannot list sandboxes in " + root + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return reaped;
  }

  private static boolean reap(Path dir) throws InterruptedException {
    String id = dir.getFileName().toString();
    try {
      if (id.endsWith(SandboxDirs.NEW_SUFFIX)) {
        if (olderThan(dir, ABANDONED)) {
          SandboxDirs.deleteTree(dir);
          return true;
        }
        return false;
      }
      Optional<ProcessId> owner = readId(dir.resolve(SandboxDirs.OWNER));
      if (owner.isPresent() ? owner.get().isAlive() : !olderThan(dir, ABANDONED)) {
        return false;
      }
      SandboxProcesses.stop(id, readId(dir.resolve(SandboxDirs.PGID)), Duration.ofSeconds(1));
      SandboxDirs.deleteTree(dir);
      return true;
    } catch (NoSuchFileException e) {
      return false; // its supervisor (or another reaper) cleaned it meanwhile
    } catch (IOException e) {
      System.getLogger(Reaper.class.getName())
          .log(System.Logger.Level.WARNING, "cannot reap sandbox " + dir + ": " + e);
      return false;
    }
  }

  static Optional<ProcessId> readId(Path file) throws IOException {
    try {
      return ProcessId.parse(Files.readString(file, StandardCharsets.US_ASCII));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static boolean olderThan(Path p, Duration age) throws IOException {
    return Files.getLastModifiedTime(p).toInstant().isBefore(Instant.now().minus(age));
  }
}
