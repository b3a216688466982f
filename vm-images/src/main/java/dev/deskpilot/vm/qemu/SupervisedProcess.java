package dev.deskpilot.vm.qemu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child process (QEMU) in its own session and process group, started through {@code
 * supervise.sh} so that it never outlives this JVM: closing the supervisor's stdin, or this JVM
 * dying in any way, stops it; killing the supervisor kills it too (parent-death signal).
 */
final class SupervisedProcess {
  private static final String SCRIPT = "supervise.sh";

  private final Process supervisor;
  private final long childPid;
  private final Path log;

  private SupervisedProcess(Process supervisor, long childPid, Path log) {
    this.supervisor = supervisor;
    this.childPid = childPid;
    this.log = log;
  }

  /**
   * Starts {@code command}; its stdout and stderr go to {@code log}.
   *
   * @param workDir a private directory where the supervisor script is written
   */
  static SupervisedProcess start(List<String> command, Path log, Path workDir) throws IOException {
    Path script = installScript(workDir);
    List<String> argv = new ArrayList<>();
    argv.add("setsid");
    argv.add("bash");
    argv.add(script.toString());
    argv.add(Long.toString(ProcessHandle.current().pid()));
    argv.add(log.toString());
    argv.add("--");
    argv.addAll(command);
    Process supervisor =
        new ProcessBuilder(argv)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(supervisor.getInputStream(), StandardCharsets.US_ASCII));
    String first = out.readLine();
    if (first == null || !first.startsWith("pid ")) {
      supervisor.destroyForcibly();
      throw new IOException(
          "the process supervisor did not start " + command.getFirst() + " (" + first + "); log " + log);
    }
    return new SupervisedProcess(supervisor, Long.parseLong(first.substring(4).strip()), log);
  }

  /** Writes {@code supervise.sh} into {@code workDir} (once) and returns its path. */
  static Path installScript(Path workDir) throws IOException {
    Path script = workDir.resolve(SCRIPT);
    if (!Files.exists(script)) {
      try (InputStream in = SupervisedProcess.class.getResourceAsStream(SCRIPT)) {
        if (in == null) {
          throw new IllegalStateException(SCRIPT + " is missing from the classpath next to " + SupervisedProcess.class);
        }
        Files.copy(in, script);
      }
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    }
    return script;
  }

  /** The supervised child's pid. */
  long pid() {
    return childPid;
  }

  Path log() {
    return log;
  }

  boolean isAlive() {
    return supervisor.isAlive();
  }

  /** The exit status, once the child (and so its supervisor) ended. */
  Optional<Integer> exitCode() {
    return supervisor.isAlive() ? Optional.empty() : Optional.of(supervisor.exitValue());
  }

  /** Waits for the end; true when it ended within {@code timeout}. */
  boolean waitFor(Duration timeout) throws InterruptedException {
    return supervisor.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops the child: asks the supervisor (TERM, then KILL after 5 s), and kills both if that does
   * not work within {@code patience}.
   */
  void stop(Duration patience) throws InterruptedException {
    if (!supervisor.isAlive()) {
      return;
    }
    try {
      supervisor.getOutputStream().close();
    } catch (IOException e) {
      // the pipe is already broken: the supervisor is on its way out
    }
    if (!supervisor.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
      ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
      supervisor.destroyForcibly();
      supervisor.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** The last {@code lines} lines of the child's output. */
  String tail(int lines) {
    return VmFiles.tail(log, lines);
  }
}
