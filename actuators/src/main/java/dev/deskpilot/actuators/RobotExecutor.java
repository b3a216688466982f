package dev.deskpilot.actuators;

import dev.deskpilot.actuators.internal.UsKeyboard;
import dev.deskpilot.perception.Point;
import java.awt.AWTException;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Performs {@link Action}s with {@link java.awt.Robot} on this JVM's display (the {@code DISPLAY}
 * the JVM was started with).
 *
 * <ul>
 *   <li>Points outside the screen fail before any input is sent.
 *   <li>Printable ASCII, newline (Enter) and tab (Tab) are typed with a US-layout table, so every
 *       symbol comes out exactly; other characters are typed with {@code xdotool type}, and fail with
 *       a clear result when xdotool is not on the {@code PATH}.
 *   <li>Each action ends with {@link Robot#waitForIdle()}, so a capture taken next sees its effect
 *       as far as the toolkit can tell.
 * </ul>
 *
 * <p>Not thread-safe in the sense that two threads performing at once interleave their input;
 * callers serialise actions on one screen.
 */
public final class RobotExecutor implements ActionExecutor {
  private static final int DRAG_STEPS = 8;
  private static final long DRAG_STEP_MILLIS = 8;

  private final Robot robot;
  private final Optional<Path> xdotool;

  /**
   * Opens a robot on the default screen.
   *
   * @throws DesktopException of kind {@link DesktopException.Kind#UNREACHABLE} when this JVM has no
   *     display (headless, or {@code DISPLAY} unset or not reachable)
   */
  public RobotExecutor() {
    this(openRobot(), findOnPath("xdotool"));
  }

  RobotExecutor(Robot robot, Optional<Path> xdotool) {
    this.robot = robot;
    this.robot.setAutoDelay(0);
    this.robot.setAutoWaitForIdle(false);
    this.xdotool = xdotool;
  }

  static Robot openRobot() {
    if (GraphicsEnvironment.isHeadless()) {
      throw new DesktopException(
          DesktopException.Kind.UNREACHABLE,
          "no display for java.awt.Robot: the JVM is headless (DISPLAY="
              + System.getenv("DISPLAY")
              + ", java.awt.headless="
              + System.getProperty("java.awt.headless")
              + ")");
    }
    try {
      return new Robot();
    } catch (AWTException | RuntimeException e) {
      throw new DesktopException(
          DesktopException.Kind.UNREACHABLE,
          "cannot open java.awt.Robot on DISPLAY=" + System.getenv("DISPLAY") + ": " + e.getMessage(),
          e);
    }
  }

  @Override
  public ActionResult perform(Action action) {
    long start = System.nanoTime();
    Rectangle screen = screenBounds();
    Optional<String> offScreen = offScreen(action, screen);
    if (offScreen.isPresent()) {
      return ActionResult.failure(offScreen.get(), millisSince(start));
    }
    try {
      Optional<String> error =
          switch (action) {
            case Action.Click c -> click(c);
            case Action.MoveTo m -> {
              robot.mouseMove(m.to().x(), m.to().y());
              yield Optional.empty();
            }
            case Action.Drag d -> drag(d);
            case Action.Scroll s -> scroll(s);
            case Action.TypeText t -> type(t.text());
            case Action.KeyChord k -> chord(k.keys());
            case Action.Wait w -> {
              Thread.sleep(w.duration());
              yield Optional.empty();
            }
            case Action.Done d -> Optional.empty();
            case Action.Fail f -> Optional.empty();
          };
      robot.waitForIdle();
      return error.isPresent()
          ? ActionResult.failure(error.get(), millisSince(start))
          : ActionResult.success(millisSince(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ActionResult.failure(
          kindOf(action) + " was interrupted after " + millisSince(start) + " ms", millisSince(start));
    }
  }

  /** The screen this executor drives, in screen coordinates. */
  public Rectangle screenBounds() {
    return GraphicsEnvironment.getLocalGraphicsEnvironment()
        .getDefaultScreenDevice()
        .getDefaultConfiguration()
        .getBounds();
  }

  /** Why an action's points do not fit the screen, if they do not. */
  static Optional<String> offScreen(Action action, Rectangle screen) {
    return switch (action) {
      case Action.Click c -> check("click at", c.at(), screen);
      case Action.MoveTo m -> check("move to", m.to(), screen);
      case Action.Drag d ->
          check("drag from", d.from(), screen).or(() -> check("drag to", d.to(), screen));
      case Action.Scroll s -> check("scroll at", s.at(), screen);
      case Action.TypeText t -> Optional.empty();
      case Action.KeyChord k -> Optional.empty();
      case Action.Wait w -> Optional.empty();
      case Action.Done d -> Optional.empty();
      case Action.Fail f -> Optional.empty();
    };
  }

  private static Optional<String> check(String what, Point p, Rectangle screen) {
    if (screen.contains(p.x(), p.y())) {
      return Optional.empty();
    }
    return Optional.of(
        what + " " + p + " is outside the " + screen.width + "x" + screen.height + " screen");
  }

  private Optional<String> click(Action.Click c) {
    int mask =
        switch (c.button()) {
          case LEFT -> InputEvent.BUTTON1_DOWN_MASK;
          case MIDDLE -> InputEvent.BUTTON2_DOWN_MASK;
          case RIGHT -> InputEvent.BUTTON3_DOWN_MASK;
        };
    robot.mouseMove(c.at().x(), c.at().y());
    for (int i = 0; i < c.count(); i++) {
      robot.mousePress(mask);
      robot.mouseRelease(mask);
    }
    return Optional.empty();
  }

  private Optional<String> drag(Action.Drag d) throws InterruptedException {
    Point from = d.from();
    Point to = d.to();
    robot.mouseMove(from.x(), from.y());
    robot.mousePress(InputEvent.BUTTON1_DOWN_MASK);
    try {
      for (int i = 1; i <= DRAG_STEPS; i++) {
        Thread.sleep(DRAG_STEP_MILLIS);
        int x = from.x() + (to.x() - from.x()) * i / DRAG_STEPS;
        int y = from.y() + (to.y() - from.y()) * i / DRAG_STEPS;
        robot.mouseMove(x, y);
      }
      Thread.sleep(DRAG_STEP_MILLIS);
    } finally {
      robot.mouseRelease(InputEvent.BUTTON1_DOWN_MASK);
    }
    return Optional.empty();
  }

  private Optional<String> scroll(Action.Scroll s) {
    robot.mouseMove(s.at().x(), s.at().y());
    if (s.dy() != 0) {
      robot.mouseWheel(s.dy());
    }
    if (s.dx() != 0) {
      // X11 toolkits scroll sideways on shift + wheel; Robot has no horizontal wheel.
      robot.keyPress(KeyEvent.VK_SHIFT);
      try {
        robot.mouseWheel(s.dx());
      } finally {
        robot.keyRelease(KeyEvent.VK_SHIFT);
      }
    }
    return Optional.empty();
  }

  private Optional<String> chord(List<String> keys) {
    List<Integer> pressed = new ArrayList<>();
    try {
      for (String k : keys) {
        int code = Keys.code(k);
        robot.keyPress(code);
        pressed.add(code);
      }
    } finally {
      for (int i = pressed.size() - 1; i >= 0; i--) {
        robot.keyRelease(pressed.get(i));
      }
    }
    return Optional.empty();
  }

  private Optional<String> type(String text) throws InterruptedException {
    int i = 0;
    while (i < text.length()) {
      int runEnd = i;
      boolean ascii = UsKeyboard.typeable(text.charAt(i));
      while (runEnd < text.length() && UsKeyboard.typeable(text.charAt(runEnd)) == ascii) {
        runEnd++;
      }
      if (ascii) {
        typeAscii(text, i, runEnd);
      } else {
        robot.waitForIdle();
        Optional<String> error = typeWithXdotool(text.substring(i, runEnd), i);
        if (error.isPresent()) {
          return error;
        }
      }
      i = runEnd;
    }
    return Optional.empty();
  }

  private void typeAscii(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      UsKeyboard.Stroke s = UsKeyboard.stroke(text.charAt(i));
      if (s.shift()) {
        robot.keyPress(KeyEvent.VK_SHIFT);
      }
      try {
        robot.keyPress(s.keyCode());
        robot.keyRelease(s.keyCode());
      } finally {
        if (s.shift()) {
          robot.keyRelease(KeyEvent.VK_SHIFT);
        }
      }
    }
  }

  private Optional<String> typeWithXdotool(String run, int index) throws InterruptedException {
    if (xdotool.isEmpty()) {
      return Optional.of(
          String.format(
              "cannot type non-ASCII character U+%04X at index %d: xdotool is not on the PATH"
                  + " (install the xdotool package)",
              run.codePointAt(0), index));
    }
    ProcessBuilder pb =
        new ProcessBuilder(xdotool.get().toString(), "type", "--delay", "2", "--", run)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectErrorStream(false);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return Optional.of("cannot run " + xdotool.get() + ": " + e.getMessage());
    }
    long limitMillis = 10_000 + 20L * run.length();
    try {
      if (!p.waitFor(limitMillis, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.of("xdotool type did not finish within " + limitMillis + " ms");
      }
      if (p.exitValue() != 0) {
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return Optional.of("xdotool type exited with " + p.exitValue() + ": " + err);
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("xdotool type failed: " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      throw e;
    }
  }

  private static String kindOf(Action action) {
    return action.getClass().getSimpleName();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  static Optional<Path> findOnPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
