package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionExecutor;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.actuators.HumanControl;
import dev.deskpilot.actuators.RobotExecutor;
import dev.deskpilot.actuators.RobotScreen;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.Screenshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * This machine's own screen as a {@link Desktop}: captures with {@link RobotScreen}, acts with
 * {@link RobotExecutor}, runs commands as child processes of the app. The app's own windows (given
 * by {@code ownWindows}, in screen coordinates) are masked out of every capture and refused as
 * click targets, so the agent neither reads nor clicks Deskpilot.
 */
final class LocalDesktop implements Desktop {
  private final Supplier<Screenshot> screen;
  private final ActionExecutor executor;
  private final Supplier<List<Rect>> ownWindows;

  /**
   * @param human the person's brake: the executor stops between the pieces of an action when it is
   *     pulled and announces every input event it sends to it (so the agent's own input is never
   *     taken for a person's)
   */
  LocalDesktop(HumanControl human, Supplier<List<Rect>> ownWindows) {
    this(new RobotScreen()::capture, new RobotExecutor(human, RobotExecutor.Options.defaults()), ownWindows);
  }

  LocalDesktop(Supplier<Screenshot> screen, ActionExecutor executor, Supplier<List<Rect>> ownWindows) {
    this.screen = screen;
    this.executor = executor;
    this.ownWindows = ownWindows;
  }

  @Override
  public Screenshot capture() {
    return ScreenMask.apply(screen.get(), ownWindows.get());
  }

  @Override
  public ActionResult perform(Action action) {
    List<Rect> own = ownWindows.get();
    for (Point p : points(action)) {
      if (ScreenMask.covers(own, p)) {
        return ActionResult.failure("refused: " + p + " is on Deskpilot's own window", 0);
      }
    }
    return executor.perform(action);
  }

  static List<Point> points(Action action) {
    return switch (action) {
      case Action.Click c -> List.of(c.at());
      case Action.MoveTo m -> List.of(m.to());
      case Action.Drag d -> {
        List<Point> all = new java.util.ArrayList<>();
        all.add(d.from());
        all.addAll(d.via());
        all.add(d.to());
        yield all;
      }
      case Action.Scroll s -> List.of(s.at());
      case Action.TypeText t -> List.of();
      case Action.KeyChord k -> List.of();
      case Action.Wait w -> List.of();
      case Action.Done d -> List.of();
      case Action.Fail f -> List.of();
      case Action.MouseDown m -> m.at() == null ? List.of() : List.of(m.at());
      case Action.MouseUp m -> m.at() == null ? List.of() : List.of(m.at());
      case Action.KeyDown k -> List.of();
      case Action.KeyUp k -> List.of();
      case Action.HoldKey h -> List.of();
      case Action.CursorPosition c -> List.of();
      case Action.Zoom z -> List.of();
      case Action.CallUser u -> List.of();
    };
  }

  @Override
  public CommandResult run(Command command) {
    Process p = start(command);
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    try {
      boolean finished = p.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        p.destroyForcibly();
        return new CommandResult(-1, out.getNow(""), err.getNow(""), true);
      }
      return new CommandResult(p.exitValue(), out.join(), err.join(), false);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DesktopException(DesktopException.Kind.FAILED, "interrupted while running " + command.argv(), e);
    }
  }

  @Override
  public void launch(Command command) {
    start(command, true);
  }

  private static Process start(Command command) {
    return start(command, false);
  }

  private static Process start(Command command, boolean background) {
    ProcessBuilder pb = new ProcessBuilder(command.processArgv())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    if (background) {
      pb.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
    }
    try {
      return pb.start();
    } catch (IOException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot start " + command.argv() + ": " + e.getMessage(), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (in) {
        in.transferTo(buf);
      } catch (IOException e) {
        // the process closed its end; what was read is kept
      }
      return buf.toString(java.nio.charset.StandardCharsets.UTF_8);
    });
  }

  @Override
  public byte[] readFile(String path) {
    Path p = expand(path);
    try {
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new DesktopException(DesktopException.Kind.NO_SUCH_FILE, "no such file: " + p, e);
    } catch (IOException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void writeFile(String path, byte[] content) {
    Path p = expand(path);
    try {
      Path parent = p.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(p, content);
    } catch (IOException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot write " + p + ": " + e.getMessage(), e);
    }
  }

  private static Path expand(String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home") + path.substring(1));
    }
    return Path.of(path);
  }

  @Override
  public void close() {
    if (executor instanceof AutoCloseable c) {
      try {
        c.close(); // releases keys and buttons the agent still holds
      } catch (Exception e) {
        throw new DesktopException(DesktopException.Kind.FAILED, "cannot release the robot: " + e.getMessage(), e);
      }
    }
  }
}
