package dev.deskpilot.vm.guest;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionExecutor;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Keys;
import dev.deskpilot.perception.Point;
import dev.deskpilot.vm.internal.PyScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Lock;

/**
 * Performs OSWorld's {@code pyautogui} commands with the guest's own input executor, so OSWorld's
 * harness (and pyautogui action-space agents) can drive a Deskpilot guest that has no pyautogui.
 *
 * <p>A command is taken when it is {@code [python|python3|/usr/bin/python3, -c, SCRIPT]} and every
 * statement of SCRIPT is {@code import pyautogui}/{@code import time}, an assignment to a {@code
 * pyautogui.} setting, {@code time.sleep(s)} or a call of a pyautogui function listed in {@link
 * #FUNCTIONS}. Any other command is not taken and runs as a real process (where {@code import
 * pyautogui} fails truthfully if pyautogui is not installed). {@code pyautogui.PAUSE} (default 0.1
 * s, as in pyautogui) is slept after each call.
 */
final class PyautoguiRunner {
  /** The pyautogui functions performed here. */
  static final Set<String> FUNCTIONS = Set.of(
      "moveTo", "moveRel", "move", "click", "leftClick", "rightClick", "middleClick", "doubleClick", "tripleClick",
      "mouseDown", "mouseUp", "dragTo", "dragRel", "drag", "scroll", "vscroll", "hscroll", "typewrite", "write",
      "press", "keyDown", "keyUp", "hotkey");

  private static final Set<String> PYTHONS = Set.of("python", "python3", "/usr/bin/python3", "/usr/bin/python");
  private static final Duration MAX_SLEEP = Duration.ofMinutes(5);

  /** What running a script came to, shaped like the process it stands for. */
  record Outcome(int returncode, String error) {}

  private final List<PyScript.Statement> statements;

  private PyautoguiRunner(List<PyScript.Statement> statements) {
    this.statements = statements;
  }

  /** A runner for {@code argv} when it is a pyautogui script of the subset, else empty. */
  static Optional<PyautoguiRunner> of(List<String> argv) {
    if (argv.size() != 3 || !PYTHONS.contains(argv.get(0)) || !argv.get(1).equals("-c")) {
      return Optional.empty();
    }
    Optional<List<PyScript.Statement>> parsed = PyScript.parse(argv.get(2));
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    boolean usesPyautogui = false;
    for (PyScript.Statement s : parsed.get()) {
      switch (s) {
        case PyScript.Import i -> {
          if (!Set.of("pyautogui", "time").containsAll(i.modules())) {
            return Optional.empty();
          }
          usesPyautogui |= i.modules().contains("pyautogui");
        }
        case PyScript.Assign a -> {
          if (!a.target().startsWith("pyautogui.")) {
            return Optional.empty();
          }
        }
        case PyScript.Call c -> {
          boolean known = c.function().equals("time.sleep")
              || c.function().startsWith("pyautogui.") && FUNCTIONS.contains(c.function().substring("pyautogui.".length()));
          if (!known) {
            return Optional.empty();
          }
        }
      }
    }
    return usesPyautogui ? Optional.of(new PyautoguiRunner(parsed.get())) : Optional.empty();
  }

  /**
   * Performs the script, holding {@code inputLock} for all of it. A call whose arguments pyautogui
   * would refuse, or whose action fails, stops the script with returncode 1 and one line saying
   * which call and why (what ran before it stays done, as in Python).
   */
  Outcome run(ActionExecutor executor, Lock inputLock) throws InterruptedException {
    inputLock.lockInterruptibly();
    try {
      double pause = 0.1;
      for (PyScript.Statement s : statements) {
        switch (s) {
          case PyScript.Import i -> { }
          case PyScript.Assign a -> {
            if (a.target().equals("pyautogui.PAUSE")) {
              if (!(a.value() instanceof Number n) || n.doubleValue() < 0) {
                return new Outcome(1, "pyautogui.PAUSE must be a non-negative number, was " + PyScript.literal(a.value()));
              }
              pause = n.doubleValue();
            }
          }
          case PyScript.Call c -> {
            String failure;
            try {
              failure = call(c, executor);
            } catch (IllegalArgumentException e) {
              failure = e.getMessage();
            }
            if (failure != null) {
              return new Outcome(1, c + ": " + failure);
            }
            if (c.function().startsWith("pyautogui.") && pause > 0) {
              Thread.sleep(Math.round(pause * 1000));
            }
          }
        }
      }
      return new Outcome(0, "");
    } finally {
      inputLock.unlock();
    }
  }

  /** Performs one call; returns why it failed, or null. */
  private static String call(PyScript.Call c, ActionExecutor executor) throws InterruptedException {
    Args a = new Args(c);
    if (c.function().equals("time.sleep")) {
      Duration d = seconds(a.required(0, "secs"), "secs");
      if (d.compareTo(MAX_SLEEP) > 0) {
        throw new IllegalArgumentException("sleeps of more than " + MAX_SLEEP.toMinutes() + " minutes are refused");
      }
      Thread.sleep(d.toMillis());
      return null;
    }
    String f = c.function().substring("pyautogui.".length());
    List<Action> actions = new ArrayList<>();
    switch (f) {
      case "moveTo" -> a.point(executor, 0).ifPresent(p -> actions.add(new Action.MoveTo(p)));
      case "moveRel", "move" -> actions.add(new Action.MoveTo(a.offset(executor, 0)));
      case "click", "leftClick", "rightClick", "middleClick", "doubleClick", "tripleClick" -> {
        Point at = a.point(executor, 0).orElseGet(() -> pointer(executor));
        int clicks = switch (f) {
          case "doubleClick" -> 2;
          case "tripleClick" -> 3;
          case "click" -> (int) a.number(a.index("clicks", 2), "clicks", 1);
          default -> 1;
        };
        Action.MouseButton button = switch (f) {
          case "rightClick" -> Action.MouseButton.RIGHT;
          case "middleClick" -> Action.MouseButton.MIDDLE;
          case "click" -> a.button(a.index("button", 4));
          case "doubleClick", "tripleClick" -> a.button(a.index("button", 3));
          default -> Action.MouseButton.LEFT;
        };
        if (clicks < 0) {
          throw new IllegalArgumentException("clicks must not be negative, was " + clicks);
        }
        for (int left = clicks; left > 0; left -= 3) {
          actions.add(new Action.Click(at, button, Math.min(3, left)));
        }
      }
      case "mouseDown" -> actions.add(new Action.MouseDown(a.point(executor, 0).orElse(null), a.button(a.index("button", 2))));
      case "mouseUp" -> actions.add(new Action.MouseUp(a.point(executor, 0).orElse(null), a.button(a.index("button", 2))));
      case "dragTo", "dragRel", "drag" -> {
        Point from = pointer(executor);
        Point to = f.equals("dragTo") ? a.point(executor, 0).orElse(from) : a.offset(executor, 0);
        Action.MouseButton button = a.button(a.index("button", 4));
        Object downUp = a.get(a.index("mouseDownUp", 7));
        if (Boolean.FALSE.equals(downUp)) {
          actions.add(new Action.MoveTo(to));
        } else {
          actions.add(new Action.Drag(from, to, List.of(), button));
        }
      }
      case "scroll", "vscroll", "hscroll" -> {
        a.required(0, "clicks");
        int clicks = (int) a.number(0, "clicks", 0);
        Point at = a.point(executor, 1).orElseGet(() -> pointer(executor));
        if (clicks != 0) {
          // pyautogui: positive clicks scroll up (or right); our dy is positive downwards.
          actions.add(f.equals("hscroll") ? new Action.Scroll(at, clicks, 0) : new Action.Scroll(at, 0, -clicks));
        }
      }
      case "typewrite", "write" -> {
        Object message = a.required(0, "message");
        if (message instanceof String text) {
          if (!text.isEmpty()) {
            actions.add(new Action.TypeText(text));
          }
        } else if (message instanceof List<?> keys) {
          for (Object k : keys) {
            actions.add(new Action.KeyChord(List.of(key(k))));
          }
        } else {
          throw new IllegalArgumentException("message must be a string or a list of key names");
        }
      }
      case "press" -> {
        Object keys = a.required(0, "keys");
        List<String> names = new ArrayList<>();
        if (keys instanceof List<?> l) {
          l.forEach(k -> names.add(key(k)));
        } else {
          names.add(key(keys));
        }
        long presses = a.number(a.index("presses", 1), "presses", 1);
        for (long n = 0; n < presses; n++) {
          names.forEach(k -> actions.add(new Action.KeyChord(List.of(k))));
        }
      }
      case "keyDown" -> actions.add(new Action.KeyDown(key(a.required(0, "key"))));
      case "keyUp" -> actions.add(new Action.KeyUp(key(a.required(0, "key"))));
      case "hotkey" -> {
        List<String> keys = new ArrayList<>();
        for (Object k : c.args()) {
          if (k instanceof List<?> l) {
            l.forEach(x -> keys.add(key(x)));
          } else {
            keys.add(key(k));
          }
        }
        if (keys.isEmpty()) {
          throw new IllegalArgumentException("hotkey needs at least one key");
        }
        actions.add(new Action.KeyChord(keys));
      }
      default -> throw new IllegalStateException("pyautogui." + f + " was taken but has no handler");
    }
    for (Action action : actions) {
      ActionResult r = executor.perform(action);
      if (!r.ok()) {
        return r.error();
      }
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("interrupted while performing " + c);
      }
    }
    return null;
  }

  private static Point pointer(ActionExecutor executor) {
    ActionResult r = executor.perform(new Action.CursorPosition());
    if (!r.ok() || r.pointer() == null) {
      throw new IllegalArgumentException("cannot read the pointer position: " + r.error());
    }
    return r.pointer();
  }

  private static String key(Object k) {
    if (!(k instanceof String s)) {
      throw new IllegalArgumentException("a key name must be a string, was " + PyScript.literal(k));
    }
    Keys.require(s.length() == 1 ? s : s.toLowerCase(Locale.ROOT));
    return s;
  }

  private static Duration seconds(Object v, String what) {
    if (!(v instanceof Number n) || n.doubleValue() < 0 || Double.isNaN(n.doubleValue())) {
      throw new IllegalArgumentException(what + " must be a non-negative number, was " + PyScript.literal(v));
    }
    return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
  }

  /** The arguments of one call, by position or keyword as pyautogui's signatures name them. */
  private static final class Args {
    private static final Map<String, List<String>> NAMES = Map.ofEntries(
        Map.entry("moveTo", List.of("x", "y", "duration", "tween")),
        Map.entry("moveRel", List.of("xOffset", "yOffset", "duration", "tween")),
        Map.entry("move", List.of("xOffset", "yOffset", "duration", "tween")),
        Map.entry("click", List.of("x", "y", "clicks", "interval", "button", "duration", "tween")),
        Map.entry("leftClick", List.of("x", "y", "interval", "duration", "tween")),
        Map.entry("rightClick", List.of("x", "y", "duration", "tween")),
        Map.entry("middleClick", List.of("x", "y", "duration", "tween")),
        Map.entry("doubleClick", List.of("x", "y", "interval", "button", "duration", "tween")),
        Map.entry("tripleClick", List.of("x", "y", "interval", "button", "duration", "tween")),
        Map.entry("mouseDown", List.of("x", "y", "button", "duration", "tween")),
        Map.entry("mouseUp", List.of("x", "y", "button", "duration", "tween")),
        Map.entry("dragTo", List.of("x", "y", "duration", "tween", "button", "logScreenshot", "_pause", "mouseDownUp")),
        Map.entry("dragRel", List.of("xOffset", "yOffset", "duration", "tween", "button", "logScreenshot", "_pause", "mouseDownUp")),
        Map.entry("drag", List.of("xOffset", "yOffset", "duration", "tween", "button", "logScreenshot", "_pause", "mouseDownUp")),
        Map.entry("scroll", List.of("clicks", "x", "y")),
        Map.entry("vscroll", List.of("clicks", "x", "y")),
        Map.entry("hscroll", List.of("clicks", "x", "y")),
        Map.entry("typewrite", List.of("message", "interval")),
        Map.entry("write", List.of("message", "interval")),
        Map.entry("press", List.of("keys", "presses", "interval")),
        Map.entry("keyDown", List.of("key")),
        Map.entry("keyUp", List.of("key")),
        Map.entry("time.sleep", List.of("secs")));

    private final PyScript.Call call;
    private final List<String> names;

    Args(PyScript.Call call) {
      this.call = call;
      String f = call.function().startsWith("pyautogui.") ? call.function().substring(10) : call.function();
      this.names = f.equals("hotkey") ? List.of() : NAMES.getOrDefault(f, List.of());
      if (!f.equals("hotkey")) {
        if (call.args().size() > names.size() + 1) {
          throw new IllegalArgumentException("too many positional arguments");
        }
        for (String k : call.kwargs().keySet()) {
          if (!names.contains(k) && !Set.of("logScreenshot", "_pause").contains(k)) {
            throw new IllegalArgumentException("unexpected keyword argument '" + k + "'");
          }
        }
      }
    }

    int index(String name, int position) {
      return names.indexOf(name) >= 0 ? names.indexOf(name) : position;
    }

    Object get(int position) {
      String name = position < names.size() ? names.get(position) : null;
      if (name != null && call.kwargs().containsKey(name)) {
        return call.kwargs().get(name);
      }
      return position < call.args().size() ? call.args().get(position) : PyScript.NONE;
    }

    Object required(int position, String name) {
      Object v = get(position);
      if (v == PyScript.NONE && !call.kwargs().containsKey(name)) {
        throw new IllegalArgumentException("missing argument '" + name + "'");
      }
      return v;
    }

    long number(int position, String name, long absent) {
      Object v = get(position);
      if (v == PyScript.NONE) {
        return absent;
      }
      if (!(v instanceof Number n)) {
        throw new IllegalArgumentException(name + " must be a number, was " + PyScript.literal(v));
      }
      return Math.round(n.doubleValue());
    }

    Action.MouseButton button(int position) {
      Object v = get(position);
      if (v == PyScript.NONE) {
        return Action.MouseButton.LEFT;
      }
      if (v instanceof Long n) {
        return switch (n.intValue()) {
          case 1 -> Action.MouseButton.LEFT;
          case 2 -> Action.MouseButton.MIDDLE;
          case 3 -> Action.MouseButton.RIGHT;
          default -> throw new IllegalArgumentException("button must be 1, 2 or 3, was " + n);
        };
      }
      return switch (String.valueOf(v).toLowerCase(Locale.ROOT)) {
        case "left", "primary" -> Action.MouseButton.LEFT;
        case "middle" -> Action.MouseButton.MIDDLE;
        case "right", "secondary" -> Action.MouseButton.RIGHT;
        default -> throw new IllegalArgumentException(
            "button must be 'left', 'middle', 'right', 'primary' or 'secondary', was " + PyScript.literal(v));
      };
    }

    /** x and y at {@code position}/{@code position+1} (or a pair at {@code position}); empty when both are None. */
    Optional<Point> point(ActionExecutor executor, int position) {
      Object x = get(position);
      Object y = get(position + 1);
      if (x instanceof List<?> pair) {
        if (pair.size() != 2) {
          throw new IllegalArgumentException("a point must be (x, y), was " + PyScript.literal(x));
        }
        x = pair.get(0);
        y = pair.get(1);
      }
      if (x == PyScript.NONE && y == PyScript.NONE) {
        return Optional.empty();
      }
      Point here = x == PyScript.NONE || y == PyScript.NONE ? pointer(executor) : null;
      int px = x == PyScript.NONE ? here.x() : coordinate(x, "x");
      int py = y == PyScript.NONE ? here.y() : coordinate(y, "y");
      return Optional.of(new Point(px, py));
    }

    /** The pointer moved by xOffset, yOffset. */
    Point offset(ActionExecutor executor, int position) {
      Point here = pointer(executor);
      Object dx = get(position);
      Object dy = get(position + 1);
      int ox = dx == PyScript.NONE ? 0 : coordinate(dx, "xOffset");
      int oy = dy == PyScript.NONE ? 0 : coordinate(dy, "yOffset");
      return new Point(Math.max(0, here.x() + ox), Math.max(0, here.y() + oy));
    }

    private static int coordinate(Object v, String name) {
      if (!(v instanceof Number n) || Double.isNaN(n.doubleValue())) {
        throw new IllegalArgumentException(name + " must be a number, was " + PyScript.literal(v));
      }
      return (int) Math.round(n.doubleValue());
    }
  }
}
