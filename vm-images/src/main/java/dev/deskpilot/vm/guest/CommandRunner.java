package dev.deskpilot.vm.guest;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs commands for the guest server: to completion with a timeout, or detached. */
final class CommandRunner {
  /** Output kept per stream; the rest is read and dropped. */
  static final int MAX_OUTPUT = 8 * 1024 * 1024;

  /** How long to wait for output after the command ended (a background child may hold the pipe). */
  private static final long DRAIN_MILLIS = 1_000;

  private final List<String> hiddenVariables;

  /**
   * @param hiddenVariables environment variables of this server that commands must not see
   */
  CommandRunner(List<String> hiddenVariables) {
    this.hiddenVariables = List.copyOf(hiddenVariables);
  }

  private ProcessBuilder builder(Command command) {
    ProcessBuilder pb = new ProcessBuilder(command.processArgv());
    hiddenVariables.forEach(pb.environment()::remove);
    String home = System.getenv("HOME");
    if (home != null && Files.isDirectory(Path.of(home))) {
      pb.directory(new File(home));
    }
    return pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
  }

  /** Starts a command that outlives the request; its output goes to this server's own output. */
  long launch(Command command) throws IOException {
    Process p =
        builder(command)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    return p.pid();
  }

  /**
   * Runs a command to completion; on timeout kills it and every process it started, and reports
   * {@code exitCode -1, timedOut true} with the output read so far.
   */
  CommandResult run(Command command) throws IOException, InterruptedException {
    Process p = builder(command).start();
    Drain out = Drain.start(p.getInputStream(), "stdout");
    Drain err = Drain.start(p.getErrorStream(), "stderr");
    boolean finished;
    try {
      finished = p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(p.toHandle());
      throw e;
    }
    if (!finished) {
      killTree(p.toHandle());
      p.waitFor(DRAIN_MILLIS, TimeUnit.MILLISECONDS);
    }
    out.join(DRAIN_MILLIS);
    err.join(DRAIN_MILLIS);
    return new CommandResult(finished ? p.exitValue() : -1, out.text(), err.text(), !finished);
  }

  /** Kills a process and all its descendants, parent first so it cannot start new children. */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    root.destroyForcibly();
    for (int round = 0; round < 3 && !tree.isEmpty(); round++) {
      List<ProcessHandle> next = new ArrayList<>();
      for (ProcessHandle h : tree) {
        next.addAll(h.descendants().toList());
        h.destroyForcibly();
      }
      tree = next;
    }
  }

  /** Reads one output stream on its own thread, keeping up to {@link #MAX_OUTPUT} bytes. */
  private static final class Drain {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread thread;
    private volatile boolean truncated;

    private Drain(InputStream in, String name) {
      this.thread = Thread.ofVirtual().name("guest-run-" + name).unstarted(() -> pump(in));
    }

    static Drain start(InputStream in, String name) {
      Drain d = new Drain(in, name);
      d.thread.start();
      return d;
    }

    private void pump(InputStream in) {
      byte[] buf = new byte[16 * 1024];
      try (in) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          synchronized (kept) {
            int room = MAX_OUTPUT - kept.size();
            if (n > room) {
              truncated = true;
            }
            kept.write(buf, 0, Math.max(0, Math.min(n, room)));
          }
        }
      } catch (IOException e) {
        // The stream was closed under us (process killed); what was read is kept.
      }
    }

    void join(long millis) throws InterruptedException {
      thread.join(millis);
    }

    String text() {
      String s;
      synchronized (kept) {
        s = kept.toString(StandardCharsets.UTF_8);
      }
      return truncated ? s + "\n[output truncated after " + MAX_OUTPUT + " bytes]" : s;
    }
  }
}
