package dev.deskpilot.actuators.internal;

import java.awt.event.KeyEvent;

/**
 * The US keyboard layout for printable ASCII: which key to press for a character and whether
 * shift is held. {@code KeyEvent.getExtendedKeyCodeForChar} drops shift for symbols, so this table is
 * what makes {@code @#$%^&*()_+{}|:"<>?~} come out as typed.
 */
public final class UsKeyboard {
  /** One key press: the AWT key code and whether shift must be held for it. */
  public record Stroke(int keyCode, boolean shift) {}

  private static final String UNSHIFTED = "`1234567890-=[]\\;',./";
  private static final String SHIFTED = "~!@#$%^&*()_+{}|:\"<>?";
  private static final int[] SYMBOL_CODES = {
    KeyEvent.VK_BACK_QUOTE,
    KeyEvent.VK_1,
    KeyEvent.VK_2,
    KeyEvent.VK_3,
    KeyEvent.VK_4,
    KeyEvent.VK_5,
    KeyEvent.VK_6,
    KeyEvent.VK_7,
    KeyEvent.VK_8,
    KeyEvent.VK_9,
    KeyEvent.VK_0,
    KeyEvent.VK_MINUS,
    KeyEvent.VK_EQUALS,
    KeyEvent.VK_OPEN_BRACKET,
    KeyEvent.VK_CLOSE_BRACKET,
    KeyEvent.VK_BACK_SLASH,
    KeyEvent.VK_SEMICOLON,
    KeyEvent.VK_QUOTE,
    KeyEvent.VK_COMMA,
    KeyEvent.VK_PERIOD,
    KeyEvent.VK_SLASH,
  };

  private UsKeyboard() {}

  /** True for the characters {@link #stroke} can type: printable ASCII, newline and tab. */
  public static boolean typeable(char c) {
    return (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\t';
  }

  /**
   * The key stroke for a character.
   *
   * @throws IllegalArgumentException when the character is not {@link #typeable}
   */
  public static Stroke stroke(char c) {
    if (c >= 'a' && c <= 'z') {
      return new Stroke(KeyEvent.VK_A + (c - 'a'), false);
    }
    if (c >= 'A' && c <= 'Z') {
      return new Stroke(KeyEvent.VK_A + (c - 'A'), true);
    }
    switch (c) {
      case ' ' -> {
        return new Stroke(KeyEvent.VK_SPACE, false);
      }
      case '\n' -> {
        return new Stroke(KeyEvent.VK_ENTER, false);
      }
      case '\t' -> {
        return new Stroke(KeyEvent.VK_TAB, false);
      }
      default -> {}
    }
    // UNSHIFTED and SHIFTED line up key by key ('1' and '!' share a key); both index SYMBOL_CODES.
    int i = UNSHIFTED.indexOf(c);
    if (i >= 0) {
      return new Stroke(SYMBOL_CODES[i], false);
    }
    int j = SHIFTED.indexOf(c);
    if (j >= 0) {
      return new Stroke(SYMBOL_CODES[j], true);
    }
    throw new IllegalArgumentException(
        String.format("no US-layout key for character U+%04X '%s'", (int) c, c));
  }
}
