package dev.deskpilot.tasks;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.perception.Screenshot;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real desktop port on this machine, for tests: commands run with ProcessBuilder, files are this
 * machine's files (tests keep them in a temp dir). It records what it was asked to do, and can be
 * switched to "unreachable" to test failure paths.
 */
final class FakeDesktop implements Desktop {
  final List<Command> ran = Collections.synchronizedList(new ArrayList<>());
  final List<Command> launched = Collections.synchronizedList(new ArrayList<>());
  final List<String> read = Collections.synchronizedList(new ArrayList<>());
  final List<String> written = Collections.synchronizedList(new ArrayList<>());
  private final List<Process> background = Collections.synchronizedList(new ArrayList<>());
  private final Path scratch;
  volatile boolean unreachable;
  /** Extra environment for every command (e.g. DISPLAY for a test's own Xvfb, PATH with fake tools). */
  final java.util.Map<String, String> env = new java.util.concurrent.ConcurrentHashMap<>();

  FakeDesktop(Path scratch) {
    this.scratch = scratch;
  }

  @Override
  public Screenshot capture() {
    check();
    return Screenshot.of(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB));
  }

  @Override
  public ActionResult perform(Action action) {
    check();
    return ActionResult.success(1);
  }

  @Override
  public CommandResult run(Command command) {
    check();
    ran.add(command);
    try {
      Path out = Files.createTempFile(scratch, "out", ".txt");
      Path err = Files.createTempFile(scratch, "err", ".txt");
      ProcessBuilder pb = new ProcessBuilder(resolve(command.processArgv()));
      pb.environment().putAll(env);
      Process p =
          pb
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      boolean done = p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.destroyForcibly().waitFor();
      }
      return new CommandResult(
          done ? p.exitValue() : -1,
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8),
          !done);
    } catch (IOException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot run " + command.argv() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DesktopException(DesktopException.Kind.FAILED, "interrupted", e);
    }
  }

  @Override
  public void launch(Command command) {
    check();
    launched.add(command);
    try {
      ProcessBuilder pb = new ProcessBuilder(resolve(command.processArgv()));
      pb.environment().putAll(env);
      background.add(pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    } catch (IOException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot launch " + command.argv() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public byte[] readFile(String path) {
    check();
    read.add(path);
    try {
      return Files.readAllBytes(Path.of(home(path)));
    } catch (NoSuchFileException e) {
      throw new DesktopException(DesktopException.Kind.NO_SUCH_FILE, "no such file: " + path, e);
    } catch (IOException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void writeFile(String path, byte[] content) {
    check();
    written.add(path);
    try {
      Path p = Path.of(home(path));
      Files.createDirectories(p.toAbsolutePath().getParent());
      Files.write(p, content);
    } catch (IOException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  /** "~/x" is the desktop's home, as the guest server expands it: env HOME when set here. */
  private String home(String path) {
    if (path.startsWith("~/")) {
      return env.getOrDefault("HOME", System.getProperty("user.home")) + path.substring(1);
    }
    return path;
  }

  /** Finds the program on the PATH given in {@link #env}, as the desktop's own shell would. */
  private List<String> resolve(List<String> argv) {
    String path = env.get("PATH");
    if (path == null || argv.getFirst().contains("/")) {
      return argv;
    }
    for (String dir : path.split(":")) {
      Path candidate = Path.of(dir, argv.getFirst());
      if (Files.isExecutable(candidate)) {
        List<String> out = new ArrayList<>(argv);
        out.set(0, candidate.toString());
        return out;
      }
    }
    return argv;
  }

  private void check() {
    if (unreachable) {
      throw new DesktopException(DesktopException.Kind.UNREACHABLE, "fake desktop switched off");
    }
  }

  @Override
  public void close() {
    for (Process p : background) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
