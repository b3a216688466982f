package dev.deskpilot.actuators;

import dev.deskpilot.actuators.internal.UsKeyboard;
import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The key-name table: one place that knows every name a model, a script or a person may use for a
 * key, resolved to the AWT key code to press (and whether Shift goes with it).
 *
 * <p>Names are matched case-insensitively, with {@code _} and {@code -} inside longer names ignored
 * ({@code Page_Up}, {@code PAGEUP}, {@code page-up} are one key). Sources covered:
 *
 * <ul>
 *   <li>pyautogui ({@code ctrl}, {@code ctrlleft}, {@code enter}, {@code pgdn}, {@code num0},
 *       {@code prntscrn}, {@code winleft}, ...), the names OSWorld's computer_13 uses;
 *   <li>X keysyms ({@code Return}, {@code BackSpace}, {@code Prior}, {@code Control_L}, {@code
 *       KP_Enter}, {@code exclam}, {@code braceleft}, ...), the names xdotool and Anthropic's
 *       {@code key} action use;
 *   <li>OpenAI computer-use names ({@code CTRL}, {@code CMD}, {@code ENTER}, {@code ESC}, {@code
 *       ARROWLEFT}, {@code SPACE}, ...);
 *   <li>single printable ASCII characters ({@code "a"}, {@code "!"}: the US-layout key, with Shift
 *       for shifted symbols).
 * </ul>
 *
 * <p>Chords ({@code ctrl+shift+t}) are {@link Action.KeyChord#parse parsed} by {@link
 * Action.KeyChord}. Unknown names fail with the closest known names in the message.
 */
public final class Keys {
  /**
   * A resolved key.
   *
   * @param name the canonical name (lower case, e.g. {@code "pageup"})
   * @param code the AWT key code ({@link KeyEvent}{@code .VK_*})
   * @param shift whether Shift must be held to get it ({@code "!"} is Shift+1)
   */
  public record Key(String name, int code, boolean shift) {}

  private static final Map<String, Key> TABLE = build();
  private static final Map<Integer, String> NAMES = names(TABLE);

  private Keys() {}

  /**
   * Resolves a key name.
   *
   * @throws IllegalArgumentException naming the key and the closest known names when it is unknown
   */
  public static Key resolve(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("empty key name (expected e.g. ctrl, shift, enter, a, f5, left)");
    }
    Key k = TABLE.get(normalise(name));
    if (k == null) {
      throw new IllegalArgumentException(unknownMessage(name));
    }
    return k;
  }

  /** The key for a name, or empty when the name is unknown. */
  public static Optional<Key> find(String name) {
    return name == null || name.isEmpty() ? Optional.empty() : Optional.ofNullable(TABLE.get(normalise(name)));
  }

  /**
   * The AWT key code for a key name.
   *
   * @throws IllegalArgumentException naming the key when it is unknown
   */
  public static int code(String name) {
    return resolve(name).code();
  }

  /** Validates a key name. */
  public static void require(String name) {
    resolve(name);
  }

  /** Whether a key is a modifier (ctrl, shift, alt, super/meta). */
  public static boolean isModifier(Key key) {
    int c = key.code();
    return c == KeyEvent.VK_CONTROL || c == KeyEvent.VK_SHIFT || c == KeyEvent.VK_ALT
        || c == KeyEvent.VK_WINDOWS || c == KeyEvent.VK_META || c == KeyEvent.VK_ALT_GRAPH;
  }

  /**
   * The canonical name of an unshifted AWT key code ({@code VK_PAGE_UP} is {@code "pageup"},
   * {@code VK_A} is {@code "a"}), for writing chords a person pressed.
   */
  public static Optional<String> nameOf(int awtCode) {
    return Optional.ofNullable(NAMES.get(awtCode));
  }

  /** Every name the table knows (normalised), sorted. */
  public static List<String> names() {
    return List.copyOf(new TreeSet<>(TABLE.keySet()));
  }

  static String normalise(String name) {
    if (name.length() == 1) {
      return name.toLowerCase(Locale.ROOT);
    }
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.length() > 1) {
      n = n.replace("_", "").replace("-", "");
    }
    return n;
  }

  private static String unknownMessage(String name) {
    String n = normalise(name);
    record Near(int d, String name) {}
    List<Near> near = new ArrayList<>();
    for (String k : TABLE.keySet()) {
      if (k.length() > 1) {
        int d = levenshtein(n, k);
        if (d <= 2) {
          near.add(new Near(d, k));
        }
      }
    }
    near.sort((a, b) -> a.d() != b.d() ? Integer.compare(a.d(), b.d()) : a.name().compareTo(b.name()));
    String hint =
        near.isEmpty()
            ? "expected e.g. ctrl, shift, alt, super, enter, tab, esc, a..z, 0..9, f1..f24, left, pageup"
            : "did you mean " + String.join(", ", near.stream().limit(4).map(Near::name).toList()) + "?";
    return "unknown key name '" + name + "' (" + hint + ")";
  }

  private static int levenshtein(String a, String b) {
    return dev.deskpilot.perception.Grounder.levenshtein(a, b);
  }

  private static Map<String, Key> build() {
    Map<String, Key> t = new HashMap<>();
    // Printable ASCII first: the US-layout key for each character ("!" is shift+1).
    for (char c = 0x21; c < 0x7f; c++) {
      if (c >= 'A' && c <= 'Z') {
        continue; // letters are case-insensitive key names: "A" is the a key
      }
      UsKeyboard.Stroke s = UsKeyboard.stroke(c);
      t.put(String.valueOf(c), new Key(String.valueOf(c), s.keyCode(), s.shift()));
    }
    alias(t, KeyEvent.VK_CONTROL, "ctrl", "control", "controll", "controlr", "ctrlleft", "ctrlright", "lctrl", "rctrl", "ctrll", "ctrlr");
    alias(t, KeyEvent.VK_SHIFT, "shift", "shiftl", "shiftr", "shiftleft", "shiftright", "lshift", "rshift");
    alias(t, KeyEvent.VK_ALT, "alt", "altl", "altr", "altleft", "altright", "lalt", "ralt", "option", "opt", "metal", "metar");
    alias(t, KeyEvent.VK_ALT_GRAPH, "altgr", "isolevel3shift", "modeswitch");
    alias(t, KeyEvent.VK_WINDOWS, "super", "superl", "superr", "win", "winleft", "winright", "windows", "cmd", "command", "meta", "hyper", "hyperl", "hyperr", "os");
    alias(t, KeyEvent.VK_ENTER, "enter", "return", "kpenter", "ret");
    alias(t, KeyEvent.VK_TAB, "tab", "isolefttab");
    alias(t, KeyEvent.VK_SPACE, "space", " ", "spacebar");
    alias(t, KeyEvent.VK_BACK_SPACE, "backspace");
    alias(t, KeyEvent.VK_DELETE, "delete", "del", "kpdelete");
    alias(t, KeyEvent.VK_ESCAPE, "escape", "esc");
    alias(t, KeyEvent.VK_HOME, "home", "kphome");
    alias(t, KeyEvent.VK_END, "end", "kpend");
    alias(t, KeyEvent.VK_PAGE_UP, "pageup", "prior", "pgup", "kpprior", "kppageup");
    alias(t, KeyEvent.VK_PAGE_DOWN, "pagedown", "next", "pgdn", "pagedn", "kpnext", "kppagedown");
    alias(t, KeyEvent.VK_INSERT, "insert", "ins", "kpinsert");
    alias(t, KeyEvent.VK_LEFT, "left", "arrowleft", "kpleft");
    alias(t, KeyEvent.VK_RIGHT, "right", "arrowright", "kpright");
    alias(t, KeyEvent.VK_UP, "up", "arrowup", "kpup");
    alias(t, KeyEvent.VK_DOWN, "down", "arrowdown", "kpdown");
    alias(t, KeyEvent.VK_CAPS_LOCK, "capslock", "caps");
    alias(t, KeyEvent.VK_NUM_LOCK, "numlock");
    alias(t, KeyEvent.VK_SCROLL_LOCK, "scrolllock");
    alias(t, KeyEvent.VK_PAUSE, "pause", "break");
    alias(t, KeyEvent.VK_PRINTSCREEN, "printscreen", "print", "prtsc", "prtscr", "prntscrn", "sysreq");
    alias(t, KeyEvent.VK_CONTEXT_MENU, "menu", "apps", "contextmenu");
    alias(t, KeyEvent.VK_ADD, "add", "kpadd");
    alias(t, KeyEvent.VK_SUBTRACT, "subtract", "kpsubtract");
    alias(t, KeyEvent.VK_MULTIPLY, "multiply", "kpmultiply");
    alias(t, KeyEvent.VK_DIVIDE, "divide", "kpdivide");
    alias(t, KeyEvent.VK_DECIMAL, "decimal", "kpdecimal");
    alias(t, KeyEvent.VK_SEPARATOR, "separator", "kpseparator");
    for (int i = 0; i <= 9; i++) {
      alias(t, KeyEvent.VK_NUMPAD0 + i, "num" + i, "kp" + i, "numpad" + i);
    }
    for (int i = 1; i <= 12; i++) {
      alias(t, KeyEvent.VK_F1 + i - 1, "f" + i);
    }
    for (int i = 13; i <= 24; i++) {
      alias(t, KeyEvent.VK_F13 + i - 13, "f" + i);
    }
    // X keysym names of the symbols (xdotool key exclam).
    String[][] keysyms = {
      {"exclam", "!"}, {"at", "@"}, {"numbersign", "#"}, {"dollar", "$"}, {"percent", "%"},
      {"asciicircum", "^"}, {"ampersand", "&"}, {"asterisk", "*"}, {"parenleft", "("},
      {"parenright", ")"}, {"underscore", "_"}, {"plus", "+"}, {"braceleft", "{"}, {"braceright", "}"},
      {"bar", "|"}, {"colon", ":"}, {"quotedbl", "\""}, {"less", "<"}, {"greater", ">"},
      {"question", "?"}, {"asciitilde", "~"}, {"minus", "-"}, {"equal", "="}, {"equals", "="},
      {"bracketleft", "["}, {"bracketright", "]"}, {"backslash", "\\"}, {"semicolon", ";"},
      {"apostrophe", "'"}, {"quote", "'"}, {"quoteright", "'"}, {"grave", "`"}, {"backquote", "`"},
      {"quoteleft", "`"}, {"comma", ","}, {"period", "."}, {"slash", "/"}, {"tilde", "~"},
    };
    for (String[] k : keysyms) {
      Key base = t.get(k[1]);
      t.put(k[0], new Key(k[0], base.code(), base.shift()));
    }
    return Collections.unmodifiableMap(t);
  }

  private static Map<Integer, String> names(Map<String, Key> table) {
    Map<Integer, String> n = new HashMap<>();
    for (Key k : table.values()) {
      if (k.shift() || k.name().isBlank()) {
        continue;
      }
      // The shortest name wins ("-" over "minus", "ctrl" over "control"), then the first in order.
      String current = n.get(k.code());
      if (current == null
          || k.name().length() < current.length()
          || (k.name().length() == current.length() && k.name().compareTo(current) < 0)) {
        n.put(k.code(), k.name());
      }
    }
    return Map.copyOf(n);
  }

  private static void alias(Map<String, Key> t, int code, String... names) {
    for (String n : names) {
      t.put(n, new Key(names[0], code, false));
    }
  }
}
