package dev.deskpilot.actuators;

import dev.deskpilot.actuators.internal.UsKeyboard;
import dev.deskpilot.actuators.internal.X11Keyboard;
import dev.deskpilot.perception.Point;
import java.awt.AWTException;
import java.awt.GraphicsEnvironment;
import java.awt.MouseInfo;
import java.awt.PointerInfo;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Performs {@link Action}s with {@link java.awt.Robot} and XTEST on this JVM's display (the {@code
 * DISPLAY} the JVM was started with).
 *
 * <ul>
 *   <li>Points off every monitor fail before any input is sent. After moving, the pointer is read
 *       back; a pointer that is not where it was sent (a grab, a scale mismatch) fails the action
 *       with both positions in the message.
 *   <li>Text is typed key by key through {@link X11Keyboard}: keys of the active layout for what
 *       the layout has, spare keycodes mapped to Unicode keysyms for everything else (accents, CJK,
 *       emoji), newline as Enter and tab as Tab, in batches at a bounded rate. Without an X11
 *       display, printable ASCII is typed with a US-layout table and other text fails clearly.
 *   <li>A {@link HumanControl} is consulted: before each action (blocking while paused, failing
 *       when stopped), and between typing batches, drag steps and slices of waits, so the kill
 *       switch ends an action in flight. Every event sent is announced to its {@link
 *       SyntheticInput} first. Keys and buttons held by the agent are released when a run stops.
 *   <li>Each action ends with {@link Robot#waitForIdle()} and a short settle delay, so a capture
 *       taken next sees its effect.
 * </ul>
 *
 * <p>Callers serialise actions on one screen (the in-guest server does).
 */
public final class RobotExecutor implements ActionExecutor, AutoCloseable {
  /**
   * Tuning.
   *
   * @param typingBatch characters sent per batch before the display is synced and the brake checked
   * @param maxCharsPerSecond the typing rate limit
   * @param settle pause after each action for applications to draw its effect
   * @param verifyPointer read the pointer back after each move and fail when it is elsewhere
   */
  public record Options(int typingBatch, int maxCharsPerSecond, Duration settle, boolean verifyPointer) {
    public Options {
      if (typingBatch < 1 || typingBatch > 1000) {
        throw new IllegalArgumentException("typing batch must be 1..1000, was " + typingBatch);
      }
      if (maxCharsPerSecond < 1 || maxCharsPerSecond > 100_000) {
        throw new IllegalArgumentException("max chars per second must be 1..100000, was " + maxCharsPerSecond);
      }
      if (settle == null || settle.isNegative() || settle.toSeconds() > 5) {
        throw new IllegalArgumentException("settle must be 0..5 s, was " + settle);
      }
    }

    /** 16 chars a batch, at most 1000 chars/s, 15 ms settle, pointer verified. */
    public static Options defaults() {
      return new Options(16, 1000, Duration.ofMillis(15), true);
    }
  }

  private static final int DRAG_STEPS = 8;
  private static final Duration DRAG_STEP = Duration.ofMillis(8);

  private final Robot robot;
  private final HumanControl control;
  private final SyntheticInput echo;
  private final Options options;
  private Optional<X11Keyboard> keyboard;
  private String keyboardProblem = "";
  private final Deque<Integer> heldKeys = new ArrayDeque<>();
  private final Set<Integer> heldButtons = new LinkedHashSet<>();

  /**
   * Opens a robot on the default screen, unattended (no person's brake).
   *
   * @throws DesktopException of kind {@link DesktopException.Kind#UNREACHABLE} when this JVM has no
   *     display (headless, or {@code DISPLAY} unset or not reachable)
   */
  public RobotExecutor() {
    this(HumanControl.unattended(), Options.defaults());
  }

  /** Opens a robot on the default screen under a person's control. */
  public RobotExecutor(HumanControl control, Options options) {
    this(openRobot(), control, options);
  }

  RobotExecutor(Robot robot, HumanControl control, Options options) {
    this.robot = robot;
    this.robot.setAutoDelay(0);
    this.robot.setAutoWaitForIdle(false);
    this.control = java.util.Objects.requireNonNull(control, "control");
    this.echo = control.synthetic();
    this.options = java.util.Objects.requireNonNull(options, "options");
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

  /** The control this executor answers to. */
  public HumanControl control() {
    return control;
  }

  @Override
  public synchronized ActionResult perform(Action action) {
    long start = System.nanoTime();
    Optional<String> offScreen = offScreen(action, layout());
    if (offScreen.isPresent()) {
      return ActionResult.failure(offScreen.get(), millisSince(start));
    }
    if (action instanceof Action.KeyChord k && control.reserves(codes(k.keys()))) {
      return ActionResult.failure(
          "key chord " + String.join("+", k.keys()) + " is the kill switch, reserved for the person", millisSince(start));
    }
    try {
      if (action.isTerminal() || action instanceof Action.Zoom) {
        return ActionResult.success(millisSince(start));
      }
      if (!control.awaitGo()) {
        releaseHeld();
        return stopped(action, start);
      }
      Optional<String> error =
          switch (action) {
            case Action.Click c -> click(c);
            case Action.MoveTo m -> moveVerified(m.to());
            case Action.Drag d -> drag(d);
            case Action.Scroll s -> scroll(s);
            case Action.TypeText t -> type(t.text());
            case Action.KeyChord k -> chord(k.keys());
            case Action.Wait w -> {
              control.sleep(w.duration());
              yield Optional.empty();
            }
            case Action.MouseDown d -> mouseDown(d);
            case Action.MouseUp u -> mouseUp(u);
            case Action.KeyDown k -> keyDown(k.key());
            case Action.KeyUp k -> keyUp(k.key());
            case Action.HoldKey h -> holdKey(h);
            case Action.CursorPosition p -> Optional.empty();
            case Action.CallUser u -> callUser(u);
            case Action.Zoom z -> Optional.empty();
            case Action.Done d -> Optional.empty();
            case Action.Fail f -> Optional.empty();
          };
      robot.waitForIdle();
      if (control.state() == HumanControl.State.STOPPED) {
        releaseHeld();
        if (error.isEmpty()) {
          error = Optional.of(kindOf(action) + " was cut short: the run was stopped (" + control.reason() + ")");
        }
      } else if (!options.settle().isZero()) {
        TimeUnit.NANOSECONDS.sleep(options.settle().toNanos());
      }
      ActionResult r =
          error.isPresent()
              ? ActionResult.failure(error.get(), millisSince(start))
              : ActionResult.success(millisSince(start));
      return movesPointer(action) || action instanceof Action.CursorPosition ? r.withPointer(pointer()) : r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      releaseHeld();
      return ActionResult.failure(
          kindOf(action) + " was interrupted after " + millisSince(start) + " ms", millisSince(start));
    }
  }

  private ActionResult stopped(Action action, long start) {
    return ActionResult.failure(
        kindOf(action) + " not performed: the run was stopped (" + control.reason() + ")", millisSince(start));
  }

  /** The monitors this executor drives. */
  public ScreenLayout layout() {
    return ScreenLayout.current();
  }

  /** The default screen, in screen coordinates. */
  public Rectangle screenBounds() {
    return layout().monitors().getFirst().bounds();
  }

  /** Where the pointer is now, in screen coordinates. */
  public Point pointer() {
    PointerInfo info = MouseInfo.getPointerInfo();
    if (info == null) {
      throw new DesktopException(DesktopException.Kind.FAILED, "the pointer position cannot be read on this display");
    }
    return new Point(info.getLocation().x, info.getLocation().y);
  }

  /**
   * Measures the real relation between input coordinates, the pointer and captures on the default
   * monitor: sends the pointer to a 3x3 grid of points, reads it back (in input pixels and, on X11,
   * in device pixels) and compares the capture's size with the monitor's. Moves the pointer; puts
   * it back where it was.
   */
  public synchronized Calibration calibrate() {
    Rectangle b = screenBounds();
    Point home = pointer();
    int maxError = 0;
    List<int[]> device = new ArrayList<>();
    List<int[]> asked = new ArrayList<>();
    Optional<X11Keyboard> x11 = keyboard();
    for (int i = 1; i <= 3; i++) {
      for (int j = 1; j <= 3; j++) {
        int x = b.x + b.width * (i * 2 - 1) / 6;
        int y = b.y + b.height * (j * 2 - 1) / 6;
        robot.mouseMove(x, y);
        robot.waitForIdle();
        Point p = pointer();
        maxError = Math.max(maxError, Math.max(Math.abs(p.x() - x), Math.abs(p.y() - y)));
        if (x11.isPresent()) {
          Point d = x11.get().pointer();
          device.add(new int[] {d.x(), d.y()});
          asked.add(new int[] {x, y});
        }
      }
    }
    double sx = Double.NaN;
    double sy = Double.NaN;
    if (device.size() >= 2) {
      int[] a0 = asked.getFirst();
      int[] a1 = asked.getLast();
      int[] d0 = device.getFirst();
      int[] d1 = device.getLast();
      sx = (double) (d1[0] - d0[0]) / (a1[0] - a0[0]);
      sy = (double) (d1[1] - d0[1]) / (a1[1] - a0[1]);
    }
    BufferedImage shot = robot.createScreenCapture(new Rectangle(b.x, b.y, Math.min(b.width, 64), Math.min(b.height, 64)));
    double captureScale = (double) shot.getWidth() / Math.min(b.width, 64);
    robot.mouseMove(home.x(), home.y());
    robot.waitForIdle();
    return new Calibration(sx, sy, captureScale, maxError, 9);
  }

  /** Unmaps the keycodes borrowed for typing and releases anything still held. */
  @Override
  public synchronized void close() {
    releaseHeld();
    if (keyboard != null) {
      keyboard.ifPresent(X11Keyboard::close);
    }
  }

  // ---- checks ----

  /** Why an action's points do not fit one screen, if they do not. */
  static Optional<String> offScreen(Action action, Rectangle screen) {
    return offScreen(action, new ScreenLayout(List.of(new ScreenLayout.Monitor(0, screen, 1.0))));
  }

  /** Why an action's points are not on any monitor, if they are not. */
  static Optional<String> offScreen(Action action, ScreenLayout layout) {
    return switch (action) {
      case Action.Click c -> layout.offScreen("click at", c.at());
      case Action.MoveTo m -> layout.offScreen("move to", m.to());
      case Action.Drag d -> {
        Optional<String> r = layout.offScreen("drag from", d.from()).or(() -> layout.offScreen("drag to", d.to()));
        for (int i = 0; r.isEmpty() && i < d.via().size(); i++) {
          r = layout.offScreen("drag path point " + i, d.via().get(i));
        }
        yield r;
      }
      case Action.Scroll s -> layout.offScreen("scroll at", s.at());
      case Action.MouseDown m -> m.at() == null ? Optional.empty() : layout.offScreen("mouse down at", m.at());
      case Action.MouseUp m -> m.at() == null ? Optional.empty() : layout.offScreen("mouse up at", m.at());
      case Action.Zoom z -> {
        Point tl = new Point(z.region().x(), z.region().y());
        Point br = new Point(z.region().right() - 1, z.region().bottom() - 1);
        yield layout.offScreen("zoom region corner", tl).or(() -> layout.offScreen("zoom region corner", br));
      }
      case Action.TypeText t -> Optional.empty();
      case Action.KeyChord k -> Optional.empty();
      case Action.KeyDown k -> Optional.empty();
      case Action.KeyUp k -> Optional.empty();
      case Action.HoldKey h -> Optional.empty();
      case Action.Wait w -> Optional.empty();
      case Action.CursorPosition p -> Optional.empty();
      case Action.CallUser u -> Optional.empty();
      case Action.Done d -> Optional.empty();
      case Action.Fail f -> Optional.empty();
    };
  }

  private static boolean movesPointer(Action a) {
    return a instanceof Action.Click || a instanceof Action.MoveTo || a instanceof Action.Drag
        || a instanceof Action.Scroll || a instanceof Action.MouseDown || a instanceof Action.MouseUp;
  }

  // ---- the pointer ----

  private void move(int x, int y) {
    echo.sent(SyntheticInput.Event.move(x, y));
    robot.mouseMove(x, y);
  }

  /** Moves and reads the pointer back (once more if it is not there yet). */
  private Optional<String> moveVerified(Point p) {
    move(p.x(), p.y());
    if (!options.verifyPointer()) {
      return Optional.empty();
    }
    Point at = pointer();
    if (near(at, p)) {
      return Optional.empty();
    }
    robot.waitForIdle();
    move(p.x(), p.y());
    at = pointer();
    if (near(at, p)) {
      return Optional.empty();
    }
    return Optional.of(
        "the pointer is at " + at + " after moving to " + p
            + " (a pointer grab, or a scale mismatch between input and screen: run a calibration)");
  }

  private static boolean near(Point a, Point b) {
    return Math.abs(a.x() - b.x()) <= 1 && Math.abs(a.y() - b.y()) <= 1;
  }

  private static int mask(Action.MouseButton b) {
    return switch (b) {
      case LEFT -> InputEvent.BUTTON1_DOWN_MASK;
      case MIDDLE -> InputEvent.BUTTON2_DOWN_MASK;
      case RIGHT -> InputEvent.BUTTON3_DOWN_MASK;
      case BACK -> InputEvent.getMaskForButton(4);
      case FORWARD -> InputEvent.getMaskForButton(5);
    };
  }

  private void buttonDown(int mask) {
    echo.sent(SyntheticInput.Event.of(SyntheticInput.Kind.BUTTON_PRESS));
    heldButtons.add(mask);
    robot.mousePress(mask);
  }

  private void buttonUp(int mask) {
    echo.sent(SyntheticInput.Event.of(SyntheticInput.Kind.BUTTON_RELEASE));
    heldButtons.remove(mask);
    robot.mouseRelease(mask);
  }

  private Optional<String> click(Action.Click c) {
    Optional<String> moved = moveVerified(c.at());
    if (moved.isPresent()) {
      return moved;
    }
    int mask;
    try {
      mask = mask(c.button());
    } catch (IllegalArgumentException e) {
      return Optional.of("this display has no " + c.button() + " mouse button: " + e.getMessage());
    }
    List<Integer> mods = pressAll(c.modifiers());
    try {
      for (int i = 0; i < c.count(); i++) {
        buttonDown(mask);
        buttonUp(mask);
      }
    } finally {
      releaseAll(mods);
    }
    return Optional.empty();
  }

  private Optional<String> mouseDown(Action.MouseDown d) {
    if (d.at() != null) {
      Optional<String> moved = moveVerified(d.at());
      if (moved.isPresent()) {
        return moved;
      }
    }
    buttonDown(mask(d.button()));
    return Optional.empty();
  }

  private Optional<String> mouseUp(Action.MouseUp u) {
    if (u.at() != null) {
      move(u.at().x(), u.at().y());
    }
    buttonUp(mask(u.button()));
    return Optional.empty();
  }

  private Optional<String> drag(Action.Drag d) throws InterruptedException {
    Optional<String> moved = moveVerified(d.from());
    if (moved.isPresent()) {
      return moved;
    }
    int mask = mask(d.button());
    List<Point> stops = new ArrayList<>(d.via());
    stops.add(d.to());
    buttonDown(mask);
    try {
      Point prev = d.from();
      for (Point next : stops) {
        int steps = d.via().isEmpty() ? DRAG_STEPS : 2;
        for (int i = 1; i <= steps; i++) {
          if (control.sleep(DRAG_STEP) == HumanControl.State.STOPPED) {
            return Optional.of("drag was cut short: the run was stopped (" + control.reason() + ")");
          }
          move(prev.x() + (next.x() - prev.x()) * i / steps, prev.y() + (next.y() - prev.y()) * i / steps);
        }
        prev = next;
      }
      control.sleep(DRAG_STEP);
    } finally {
      buttonUp(mask);
    }
    return Optional.empty();
  }

  private Optional<String> scroll(Action.Scroll s) {
    Optional<String> moved = moveVerified(s.at());
    if (moved.isPresent()) {
      return moved;
    }
    List<Integer> mods = pressAll(s.modifiers());
    try {
      if (s.dy() != 0) {
        wheel(s.dy());
      }
      if (s.dx() != 0) {
        // X11 toolkits scroll sideways on shift + wheel; Robot has no horizontal wheel.
        keyDownCode(KeyEvent.VK_SHIFT);
        try {
          wheel(s.dx());
        } finally {
          keyUpCode(KeyEvent.VK_SHIFT);
        }
      }
    } finally {
      releaseAll(mods);
    }
    return Optional.empty();
  }

  private void wheel(int notches) {
    for (int i = 0; i < Math.abs(notches); i++) {
      echo.sent(SyntheticInput.Event.of(SyntheticInput.Kind.WHEEL));
    }
    robot.mouseWheel(notches);
  }

  // ---- keys ----

  private void keyDownCode(int code) {
    echo.sent(SyntheticInput.Event.of(SyntheticInput.Kind.KEY_PRESS));
    heldKeys.push(code);
    robot.keyPress(code);
  }

  private void keyUpCode(int code) {
    echo.sent(SyntheticInput.Event.of(SyntheticInput.Kind.KEY_RELEASE));
    heldKeys.removeFirstOccurrence(code);
    robot.keyRelease(code);
  }

  /** Presses keys in order (Shift first for shifted symbols); returns the codes to release. */
  private List<Integer> pressAll(List<String> names) {
    List<Integer> pressed = new ArrayList<>();
    for (String n : names) {
      Keys.Key k = Keys.resolve(n);
      if (k.shift() && !pressed.contains(KeyEvent.VK_SHIFT)) {
        keyDownCode(KeyEvent.VK_SHIFT);
        pressed.add(KeyEvent.VK_SHIFT);
      }
      keyDownCode(k.code());
      pressed.add(k.code());
    }
    return pressed;
  }

  private void releaseAll(List<Integer> pressed) {
    for (int i = pressed.size() - 1; i >= 0; i--) {
      keyUpCode(pressed.get(i));
    }
  }

  private Optional<String> chord(List<String> keys) {
    releaseAll(pressAll(keys));
    return Optional.empty();
  }

  private Optional<String> keyDown(String key) {
    Keys.Key k = Keys.resolve(key);
    echo.holdingKeys(true);
    keyDownCode(k.code());
    return Optional.empty();
  }

  private Optional<String> keyUp(String key) {
    Keys.Key k = Keys.resolve(key);
    keyUpCode(k.code());
    echo.holdingKeys(!heldKeys.isEmpty());
    return Optional.empty();
  }

  private Optional<String> holdKey(Action.HoldKey h) throws InterruptedException {
    echo.holdingKeys(true);
    List<Integer> pressed = pressAll(h.keys());
    try {
      if (control.sleep(h.duration()) == HumanControl.State.STOPPED) {
        return Optional.of("hold_key was cut short: the run was stopped (" + control.reason() + ")");
      }
    } finally {
      releaseAll(pressed);
      echo.holdingKeys(!heldKeys.isEmpty());
    }
    return Optional.empty();
  }

  private Optional<String> callUser(Action.CallUser u) throws InterruptedException {
    if (!control.attended()) {
      return Optional.of("the model asks for a person (\"" + u.message() + "\") but nobody watches this run");
    }
    control.pause("the model asks: " + u.message());
    return control.awaitGo() ? Optional.empty() : Optional.of("the run was stopped while waiting for a person");
  }

  /** Releases every key and button the agent still holds (after a stop or an interrupt). */
  private void releaseHeld() {
    for (int mask : List.copyOf(heldButtons)) {
      buttonUp(mask);
    }
    while (!heldKeys.isEmpty()) {
      keyUpCode(heldKeys.peek());
    }
    echo.holdingKeys(false);
  }

  private static Set<Integer> codes(List<String> keys) {
    Set<Integer> s = new HashSet<>();
    for (String k : keys) {
      s.add(Keys.code(k));
    }
    return s;
  }

  // ---- typing ----

  private Optional<X11Keyboard> keyboard() {
    if (keyboard == null) {
      try {
        keyboard = Optional.of(X11Keyboard.open(press -> echo.sent(SyntheticInput.Event.of(
            press ? SyntheticInput.Kind.KEY_PRESS : SyntheticInput.Kind.KEY_RELEASE))));
      } catch (IllegalStateException | UnsatisfiedLinkError | NoClassDefFoundError e) {
        keyboard = Optional.empty();
        keyboardProblem = e.getMessage();
      }
    }
    return keyboard;
  }

  private Optional<String> type(String text) throws InterruptedException {
    Optional<X11Keyboard> x11 = keyboard();
    long nanosPerChar = TimeUnit.SECONDS.toNanos(1) / options.maxCharsPerSecond();
    int typed;
    if (x11.isPresent()) {
      typed = x11.get().type(text, options.typingBatch(), nanosPerChar, () -> control.state() != HumanControl.State.RUNNING);
    } else {
      for (int i = 0; i < text.length(); i++) {
        if (!UsKeyboard.typeable(text.charAt(i))) {
          return Optional.of(
              String.format(
                  "cannot type character U+%04X at index %d: no X11 keyboard (%s); only printable ASCII,"
                      + " newline and tab can be typed here",
                  text.codePointAt(i), i, keyboardProblem));
        }
      }
      typed = typeAscii(text, nanosPerChar);
    }
    if (typed < text.length()) {
      return Optional.of(
          "typing stopped after " + typed + " of " + text.length() + " chars: the run was "
              + control.state().name().toLowerCase(java.util.Locale.ROOT) + " (" + control.reason() + ")");
    }
    return Optional.empty();
  }

  private int typeAscii(String text, long nanosPerChar) throws InterruptedException {
    int batch = options.typingBatch();
    for (int from = 0; from < text.length(); from += batch) {
      if (control.state() != HumanControl.State.RUNNING) {
        return from;
      }
      long start = System.nanoTime();
      int to = Math.min(text.length(), from + batch);
      for (int i = from; i < to; i++) {
        UsKeyboard.Stroke s = UsKeyboard.stroke(text.charAt(i));
        if (s.shift()) {
          keyDownCode(KeyEvent.VK_SHIFT);
        }
        keyDownCode(s.keyCode());
        keyUpCode(s.keyCode());
        if (s.shift()) {
          keyUpCode(KeyEvent.VK_SHIFT);
        }
      }
      long wait = start + nanosPerChar * (to - from) - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    return text.length();
  }

  private static String kindOf(Action action) {
    return action.getClass().getSimpleName();
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }
}
