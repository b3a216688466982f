package dev.deskpilot.actuators;

import java.awt.event.KeyEvent;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The key-name table: pyautogui names, X keysym names, OpenAI names ({@code CTRL}, {@code ENTER},
 * {@code ARROWLEFT}) and xdotool chord parts, case-insensitive, resolved to AWT key codes.
 */
public final class Keys {
  private static final Map<String, Integer> CODES = new HashMap<>();

  static {
    alias(KeyEvent.VK_CONTROL, "ctrl", "control", "control_l", "control_r", "ctrlleft", "ctrlright");
    alias(KeyEvent.VK_SHIFT, "shift", "shift_l", "shift_r", "shiftleft", "shiftright");
    alias(KeyEvent.VK_ALT, "alt", "alt_l", "alt_r", "altleft", "altright", "option");
    alias(KeyEvent.VK_WINDOWS, "super", "win", "meta", "cmd", "command", "super_l", "super_r", "winleft", "winright");
    alias(KeyEvent.VK_ENTER, "enter", "return", "kp_enter");
    alias(KeyEvent.VK_TAB, "tab");
    alias(KeyEvent.VK_SPACE, "space", " ");
    alias(KeyEvent.VK_BACK_SPACE, "backspace", "back_space");
    alias(KeyEvent.VK_DELETE, "delete", "del");
    alias(KeyEvent.VK_ESCAPE, "escape", "esc");
    alias(KeyEvent.VK_HOME, "home");
    alias(KeyEvent.VK_END, "end");
    alias(KeyEvent.VK_PAGE_UP, "pageup", "page_up", "prior", "pgup");
    alias(KeyEvent.VK_PAGE_DOWN, "pagedown", "page_down", "next", "pgdn");
    alias(KeyEvent.VK_INSERT, "insert");
    alias(KeyEvent.VK_LEFT, "left", "arrowleft");
    alias(KeyEvent.VK_RIGHT, "right", "arrowright");
    alias(KeyEvent.VK_UP, "up", "arrowup");
    alias(KeyEvent.VK_DOWN, "down", "arrowdown");
    alias(KeyEvent.VK_CAPS_LOCK, "capslock", "caps_lock");
    alias(KeyEvent.VK_PRINTSCREEN, "printscreen", "print", "prtsc");
    alias(KeyEvent.VK_CONTEXT_MENU, "menu", "apps");
    for (int i = 1; i <= 24; i++) {
      alias(KeyEvent.VK_F1 + (i <= 12 ? i - 1 : 0), "f" + i);
    }
    for (int i = 13; i <= 24; i++) {
      CODES.put("f" + i, KeyEvent.VK_F13 + (i - 13));
    }
    for (char c = 'a'; c <= 'z'; c++) {
      alias(KeyEvent.VK_A + (c - 'a'), String.valueOf(c));
    }
    for (char c = '0'; c <= '9'; c++) {
      alias(KeyEvent.VK_0 + (c - '0'), String.valueOf(c));
    }
    alias(KeyEvent.VK_MINUS, "-", "minus");
    alias(KeyEvent.VK_EQUALS, "=", "equal", "equals");
    alias(KeyEvent.VK_OPEN_BRACKET, "[", "bracketleft");
    alias(KeyEvent.VK_CLOSE_BRACKET, "]", "bracketright");
    alias(KeyEvent.VK_BACK_SLASH, "\\", "backslash");
    alias(KeyEvent.VK_SEMICOLON, ";", "semicolon");
    alias(KeyEvent.VK_QUOTE, "'", "apostrophe", "quote");
    alias(KeyEvent.VK_BACK_QUOTE, "`", "grave", "backquote");
    alias(KeyEvent.VK_COMMA, ",", "comma");
    alias(KeyEvent.VK_PERIOD, ".", "period");
    alias(KeyEvent.VK_SLASH, "/", "slash");
  }

  private Keys() {}

  private static void alias(int code, String... names) {
    for (String n : names) {
      CODES.put(n, code);
    }
  }

  /**
   * The AWT key code for a key name.
   *
   * @throws IllegalArgumentException naming the key when it is unknown
   */
  public static int code(String name) {
    Integer code = name == null ? null : CODES.get(normalise(name));
    if (code == null) {
      throw new IllegalArgumentException(
          "unknown key name '" + name + "' (expected e.g. ctrl, shift, alt, enter, tab, a..z, f1..f24, left)");
    }
    return code;
  }

  /** Validates a key name without resolving it for a caller. */
  public static void require(String name) {
    code(name);
  }

  static String normalise(String name) {
    String n = name.length() == 1 ? name : name.trim();
    return n.toLowerCase(Locale.ROOT);
  }
}
