package dev.deskpilot.vm.internal;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Keys;
import dev.deskpilot.perception.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@link Action}s as the {@code pyautogui} code OSWorld's harness runs in its VMs through
 * {@code /execute} ({@code python -c "import pyautogui; import time; pyautogui.FAILSAFE = False;
 * ..."}), so a Deskpilot run drives an OSWorld VM the way OSWorld's own {@code PythonController}
 * does. Key names are written as pyautogui spells them.
 */
public final class PyautoguiWriter {
  /** What OSWorld's {@code PythonController} puts before every command. */
  public static final String PREFIX = "import pyautogui; import time; pyautogui.FAILSAFE = False; ";

  /** Our canonical key names that pyautogui spells differently. */
  private static final Map<String, String> PYAUTOGUI_NAMES =
      Map.of("super", "win", "altgr", "altright", "menu", "apps");

  private PyautoguiWriter() {}

  /**
   * The statements (without {@link #PREFIX}) that perform {@code action}; empty for actions that
   * touch nothing on the screen ({@link Action.Wait}, {@link Action.CursorPosition}, {@link
   * Action.Zoom}, {@link Action.CallUser}, {@link Action.Done}, {@link Action.Fail}).
   *
   * @throws IllegalArgumentException for what pyautogui cannot do (side buttons, typing characters
   *     outside printable ASCII), naming it
   */
  public static String statements(Action action) {
    List<String> s = new ArrayList<>();
    switch (action) {
      case Action.Click c -> {
        c.modifiers().forEach(m -> s.add("pyautogui.keyDown(" + key(m) + ")"));
        s.add("pyautogui.click(x=" + c.at().x() + ", y=" + c.at().y() + ", clicks=" + c.count()
            + ", button=" + button(c.button()) + ")");
        c.modifiers().reversed().forEach(m -> s.add("pyautogui.keyUp(" + key(m) + ")"));
      }
      case Action.MoveTo m -> s.add(moveTo(m.to()));
      case Action.Drag d -> {
        s.add(moveTo(d.from()));
        s.add("pyautogui.mouseDown(button=" + button(d.button()) + ")");
        d.via().forEach(p -> s.add(moveTo(p)));
        s.add(moveTo(d.to()));
        s.add("pyautogui.mouseUp(button=" + button(d.button()) + ")");
      }
      case Action.Scroll sc -> {
        sc.modifiers().forEach(m -> s.add("pyautogui.keyDown(" + key(m) + ")"));
        Point p = sc.at();
        // pyautogui: positive clicks scroll up (vertical) and right (horizontal).
        if (sc.dy() != 0) {
          s.add("pyautogui.vscroll(" + (-sc.dy()) + ", x=" + p.x() + ", y=" + p.y() + ")");
        }
        if (sc.dx() != 0) {
          s.add("pyautogui.hscroll(" + sc.dx() + ", x=" + p.x() + ", y=" + p.y() + ")");
        }
        sc.modifiers().reversed().forEach(m -> s.add("pyautogui.keyUp(" + key(m) + ")"));
      }
      case Action.TypeText t -> {
        for (int i = 0; i < t.text().length(); i++) {
          char c = t.text().charAt(i);
          if (c != '\n' && c != '\t' && (c < 0x20 || c > 0x7e)) {
            throw new IllegalArgumentException(String.format(
                "pyautogui cannot type '%s' (U+%04X, at index %d): it types printable ASCII, new lines and tabs only",
                new String(Character.toChars(t.text().codePointAt(i))), t.text().codePointAt(i), i));
          }
        }
        s.add("pyautogui.typewrite(" + PyScript.repr(t.text()) + ")");
      }
      case Action.KeyChord k -> {
        List<String> keys = k.keys().stream().map(PyautoguiWriter::key).toList();
        s.add(keys.size() == 1 ? "pyautogui.press(" + keys.getFirst() + ")" : "pyautogui.hotkey(" + String.join(", ", keys) + ")");
      }
      case Action.KeyDown k -> s.add("pyautogui.keyDown(" + key(k.key()) + ")");
      case Action.KeyUp k -> s.add("pyautogui.keyUp(" + key(k.key()) + ")");
      case Action.HoldKey h -> {
        h.keys().forEach(k -> s.add("pyautogui.keyDown(" + key(k) + ")"));
        s.add("time.sleep(" + h.duration().toMillis() / 1000.0 + ")");
        h.keys().reversed().forEach(k -> s.add("pyautogui.keyUp(" + key(k) + ")"));
      }
      case Action.MouseDown d -> s.add(press("mouseDown", d.at(), d.button()));
      case Action.MouseUp u -> s.add(press("mouseUp", u.at(), u.button()));
      case Action.Wait w -> { }
      case Action.CursorPosition p -> { }
      case Action.Zoom z -> { }
      case Action.CallUser u -> { }
      case Action.Done d -> { }
      case Action.Fail f -> { }
    }
    return String.join("; ", s);
  }

  /** A key name as pyautogui spells it, quoted. */
  static String key(String name) {
    return PyScript.repr(pyautoguiKey(name));
  }

  /** A key name as pyautogui spells it: single characters as they are, named keys by pyautogui's name. */
  public static String pyautoguiKey(String name) {
    Keys.Key k = Keys.resolve(name);
    if (name.length() == 1) {
      return name.toLowerCase(Locale.ROOT);
    }
    if (k.name().length() > 1 && isSymbolName(k)) {
      // an X keysym name of a symbol ("exclam", "minus"): pyautogui wants the character
      for (char c = 0x21; c < 0x7f; c++) {
        Keys.Key ck = Keys.find(String.valueOf(c)).orElseThrow();
        if (ck.code() == k.code() && ck.shift() == k.shift()) {
          return String.valueOf(c);
        }
      }
    }
    return PYAUTOGUI_NAMES.getOrDefault(k.name(), k.name());
  }

  private static boolean isSymbolName(Keys.Key k) {
    for (char c = 0x21; c < 0x7f; c++) {
      if (Character.isLetterOrDigit(c)) {
        continue;
      }
      Keys.Key ck = Keys.find(String.valueOf(c)).orElseThrow();
      if (ck.code() == k.code() && ck.shift() == k.shift()) {
        return true;
      }
    }
    return false;
  }

  private static String moveTo(Point p) {
    return "pyautogui.moveTo(" + p.x() + ", " + p.y() + ")";
  }

  private static String press(String function, Point at, Action.MouseButton b) {
    return "pyautogui." + function + "(" + (at == null ? "" : "x=" + at.x() + ", y=" + at.y() + ", ") + "button=" + button(b) + ")";
  }

  private static String button(Action.MouseButton b) {
    return switch (b) {
      case LEFT -> "'left'";
      case MIDDLE -> "'middle'";
      case RIGHT -> "'right'";
      case BACK, FORWARD -> throw new IllegalArgumentException(
          "pyautogui has no " + b.name().toLowerCase(Locale.ROOT) + " mouse button (it knows left, middle and right)");
    };
  }
}
