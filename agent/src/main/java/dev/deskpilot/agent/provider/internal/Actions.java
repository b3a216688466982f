package dev.deskpilot.agent.provider.internal;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.PolicyException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Builds actions from untrusted input: a refused value becomes a {@link PolicyException}. */
public final class Actions {
  private Actions() {}

  /** Runs an action constructor; its {@link IllegalArgumentException} names the path. */
  public static Action make(String path, Supplier<? extends Action> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new PolicyException(path + ": " + e.getMessage());
    }
  }

  /**
   * Key chords from xdotool-style text: chords separated by spaces, keys within a chord by
   * {@code +}, e.g. {@code "ctrl+a BackSpace"} is two chords. A lone {@code +} stands for itself.
   */
  public static List<Action> chords(String text, String path) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      throw new PolicyException(path + ": no keys given");
    }
    List<Action> out = new ArrayList<>();
    for (String chord : t.split("\\s+")) {
      out.add(make(path, () -> new Action.KeyChord(splitChord(chord))));
    }
    return out;
  }

  /** {@code "ctrl+shift+t"} -> {@code [ctrl, shift, t]}; {@code "ctrl++"} -> {@code [ctrl, +]}. */
  public static List<String> splitChord(String chord) {
    List<String> keys = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < chord.length(); i++) {
      char c = chord.charAt(i);
      if (c == '+' && !cur.isEmpty()) {
        keys.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.isEmpty()) {
      keys.add(cur.toString());
    }
    return keys;
  }
}
