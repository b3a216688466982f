package dev.deskpilot.vm.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds and stops the processes of a sandbox through {@code /proc}: its process group (while the
 * group's leader is still the supervisor that was recorded) plus every process whose environment
 * carries {@code DESKPILOT_SANDBOX=<id>} (which catches the few that leave the group).
 */
public final class SandboxProcesses {
  /** The environment variable that marks a sandbox's processes. */
  public static final String MARKER = "DESKPILOT_SANDBOX";

  private static final Path PROC = Path.of("/proc");

  private SandboxProcesses() {}

  /** The fields of {@code /proc/PID/stat} Deskpilot uses. */
  public record ProcStat(long pid, long pgid, long startTime) {}

  /** A process that is identified by its pid and its start time, so a reused pid is not it. */
  public record ProcessId(long pid, long startTime) {
    /** Parses {@code "<pid> <start time>"}, as the sandbox files hold it. */
    public static Optional<ProcessId> parse(String text) {
      String[] parts = text.strip().split("\\s+");
      if (parts.length != 2) {
        return Optional.empty();
      }
      try {
        return Optional.of(new ProcessId(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    public String format() {
      return pid + " " + startTime + "\n";
    }

    /** True when a process with this pid runs and started at the recorded time. */
    public boolean isAlive() {
      return stat(pid).map(s -> s.startTime() == startTime).orElse(false);
    }
  }

  /** This JVM as a {@link ProcessId}. */
  public static ProcessId self() {
    long pid = ProcessHandle.current().pid();
    ProcStat s =
        stat(pid).orElseThrow(() -> new IllegalStateException("cannot read /proc/" + pid + "/stat (is this Linux?)"));
    return new ProcessId(pid, s.startTime());
  }

  /** Reads {@code /proc/PID/stat}; empty when the process is gone. */
  public static Optional<ProcStat> stat(long pid) {
    String line;
    try {
      line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return Optional.empty();
    }
    // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
    int close = line.lastIndexOf(')');
    if (close < 0) {
      return Optional.empty();
    }
    String[] f = line.substring(close + 1).strip().split(" ");
    if (f.length < 20) {
      return Optional.empty();
    }
    try {
      // f[0] is field 3 (state): pgid is field 5, start time field 22.
      return Optional.of(new ProcStat(pid, Long.parseLong(f[2]), Long.parseLong(f[19])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * The processes of a sandbox now.
   *
   * @param leader the supervisor as recorded (its pid is the group id), or empty when unknown
   */
  public static List<Long> find(String sandboxId, Optional<ProcessId> leader) {
    return scan(sandboxId, ourGroup(leader));
  }

  /**
   * Stops every process of a sandbox: TERM, up to {@code grace} for them to exit, then KILL until
   * none is left (a few rounds, for processes started meanwhile).
   *
   * @return how many processes were signalled
   */
  public static int stop(String sandboxId, Optional<ProcessId> leader, Duration grace)
      throws InterruptedException {
    // Decide once whether the group is ours: the leader may exit before the rest of its group.
    long pgid = ourGroup(leader);
    List<Long> first = scan(sandboxId, pgid);
    first.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
    long deadline = System.nanoTime() + grace.toNanos();
    List<Long> left = first;
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
      left = scan(sandboxId, pgid);
    }
    for (int round = 0; round < 10 && !left.isEmpty(); round++) {
      left.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      Thread.sleep(20);
      left = scan(sandboxId, pgid);
    }
    return first.size();
  }

  /** The group id when the recorded leader still runs (so the group is this sandbox's), else -1. */
  private static long ourGroup(Optional<ProcessId> leader) {
    return leader.filter(ProcessId::isAlive).map(ProcessId::pid).orElse(-1L);
  }

  private static List<Long> scan(String sandboxId, long pgid) {
    byte[] marker = (MARKER + "=" + sandboxId).getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    List<Long> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path entry : entries) {
        long pid;
        try {
          pid = Long.parseLong(entry.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        if (pid == self) {
          continue;
        }
        Optional<ProcStat> s = stat(pid);
        if (s.isPresent() && ((pgid > 0 && s.get().pgid() == pgid) || hasMarker(entry, marker))) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
    }
    return found;
  }

  private static boolean hasMarker(Path procEntry, byte[] marker) {
    byte[] env;
    try {
      env = Files.readAllBytes(procEntry.resolve("environ"));
    } catch (IOException e) {
      return false;
    }
    int start = 0;
    for (int i = 0; i <= env.length; i++) {
      if (i == env.length || env[i] == 0) {
        if (i - start == marker.length && Arrays.equals(env, start, i, marker, 0, marker.length)) {
          return true;
        }
        start = i + 1;
      }
    }
    return false;
  }
}
