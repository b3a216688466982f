package dev.deskpilot.vm.osworld;

import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.vm.Environment;
import dev.deskpilot.vm.EnvironmentFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * An existing OSWorld VM, driven through its port-5000 server ({@link OsworldDesktop}). Deskpilot
 * does not own the VM: it neither starts nor stops it, and {@link #close()} only lets go of it.
 *
 * <p>Reset: Deskpilot has no snapshot control over a VM it did not start. With a {@link
 * OsworldOptions#revertCommand() revert command} every {@link #connect} runs it on this machine
 * and then waits until the server answers again; without one nothing is reset, each task starts
 * where the previous one left the VM, and {@link #description()} says so.
 */
public final class OsworldEnvironment implements Environment {
  private final OsworldOptions options;
  private final OsworldDesktop desktop;
  private final java.awt.Dimension screen;

  private OsworldEnvironment(OsworldOptions options, OsworldDesktop desktop, java.awt.Dimension screen) {
    this.options = options;
    this.desktop = desktop;
    this.screen = screen;
  }

  /**
   * Reverts the VM (when a revert command is set) and waits until its server answers.
   *
   * @throws DesktopException UNREACHABLE when the server does not answer within {@link
   *     OsworldOptions#readyTimeout()} (the message names the URL and the last error), FAILED when
   *     the revert command fails (its exit code and the end of its output)
   */
  public static OsworldEnvironment connect(OsworldOptions options) {
    Objects.requireNonNull(options, "options");
    options.revertCommand().ifPresent(cmd -> revert(cmd, options));
    OsworldDesktop desktop = new OsworldDesktop(options.url(), options.token());
    long deadline = System.nanoTime() + options.readyTimeout().toNanos();
    while (true) {
      try {
        return new OsworldEnvironment(options, desktop, desktop.screenSize());
      } catch (DesktopException e) {
        if (e.kind() != DesktopException.Kind.UNREACHABLE || System.nanoTime() > deadline) {
          desktop.close();
          throw e;
        }
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        desktop.close();
        throw new DesktopException(DesktopException.Kind.UNREACHABLE, "interrupted while waiting for the OSWorld server at " + options.url(), e);
      }
    }
  }

  /** A factory connecting (and reverting) once per task. */
  public static EnvironmentFactory factory(OsworldOptions options) {
    Objects.requireNonNull(options, "options");
    return () -> connect(options);
  }

  @Override
  public OsworldDesktop desktop() {
    return desktop;
  }

  @Override
  public String description() {
    return "osworld VM at " + desktop.url() + " (" + screen.width + "x" + screen.height + ", "
        + options.revertCommand().map(c -> "reverted by '" + c + "'").orElse("no reset: state carries over from the previous task")
        + ")";
  }

  /** Lets go of the VM; it keeps running. */
  @Override
  public void close() {
    desktop.close();
  }

  private static void revert(String command, OsworldOptions options) {
    Path log;
    try {
      log = Files.createTempFile("deskpilot-osworld-revert-", ".log");
    } catch (IOException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot create a log file for the revert command: " + e.getMessage(), e);
    }
    try {
      Process p =
          new ProcessBuilder("sh", "-c", command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      boolean ended;
      try {
        ended = p.waitFor(options.revertTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new DesktopException(DesktopException.Kind.FAILED, "interrupted while reverting the OSWorld VM with '" + command + "'", e);
      }
      if (!ended) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new DesktopException(DesktopException.Kind.FAILED,
            "the OSWorld revert command '" + command + "' did not finish in " + options.revertTimeout().toSeconds() + " s" + tail(log));
      }
      if (p.exitValue() != 0) {
        throw new DesktopException(DesktopException.Kind.FAILED,
            "the OSWorld revert command '" + command + "' exited " + p.exitValue() + tail(log));
      }
    } catch (IOException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot run the OSWorld revert command '" + command + "': " + e.getMessage(), e);
    } finally {
      try {
        Files.deleteIfExists(log);
      } catch (IOException ignored) {
        // a temporary file left behind; nothing depends on it
      }
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
      return last.isEmpty() ? "" : ": " + String.join(" | ", last).strip();
    } catch (IOException e) {
      return "";
    }
  }
}
