package dev.deskpilot.app.record;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.Keys;
import dev.deskpilot.perception.Grounder;
import dev.deskpilot.perception.Grounding;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.TextTarget;
import dev.deskpilot.perception.Word;
import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a person's recorded input into step-script lines (the format of {@code StepScript}):
 *
 * <ul>
 *   <li>a click becomes {@code click "Text"} when OCR finds a word under the pointer on the screen
 *       as it was just before the press, and that text, grounded the way a replay will ground it,
 *       lands back on the same word ({@code nth k} is added when it appears several times); else
 *       {@code click x,y}. Two presses of the left button within 400 ms and 4 px make a double click,
 *       three a triple click; right and middle buttons give {@code right_click}/{@code middle_click};
 *   <li>typed characters are gathered into {@code type "..."} (JSON escapes), Enter and Tab into
 *       it as {@code \n} and {@code \t}, BackSpace removing the last gathered character;
 *   <li>keys pressed with ctrl, alt or super, and keys that type nothing (arrows, Escape, F-keys),
 *       become {@code press chord};
 *   <li>a drag (press and release more than 5 px apart) cannot be written as a step and is left as
 *       a {@code # drag from x,y to x,y} comment.
 * </ul>
 */
public final class ScriptWriter {
  private static final long MULTI_CLICK_NANOS = 400_000_000L;

  private final Function<Screenshot, Observation> reader;
  private final Grounder grounder = new Grounder();
  private final List<String> lines = new ArrayList<>();
  private final StringBuilder text = new StringBuilder();
  private RecordedInput.Press pending;
  private PendingClick lastClick;

  private record PendingClick(Action.MouseButton button, Point at, long nanos, int count, Screenshot before, int lineIndex) {}

  /** @param reader reads a screenshot's words (OCR), for grounding clicks on text */
  public ScriptWriter(Function<Screenshot, Observation> reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  /** Adds one recorded input. */
  public void add(RecordedInput in) {
    switch (in) {
      case RecordedInput.Press p -> {
        flushText();
        pending = p;
      }
      case RecordedInput.Release r -> release(r);
      case RecordedInput.Typed t -> {
        if (!Character.isISOControl(t.codePoint())) {
          text.appendCodePoint(t.codePoint());
        }
      }
      case RecordedInput.Key k -> key(k);
    }
  }

  /** The script so far (pending typed text included). */
  public List<String> lines() {
    flushText();
    return List.copyOf(lines);
  }

  private void key(RecordedInput.Key k) {
    boolean chord = k.ctrl() || k.alt() || k.meta();
    int c = k.keyCode();
    if (isModifier(c)) {
      return;
    }
    if (!chord) {
      if (c == KeyEvent.VK_ENTER) {
        text.append('\n');
        return;
      }
      if (c == KeyEvent.VK_TAB && !k.shift()) {
        text.append('\t');
        return;
      }
      if (c == KeyEvent.VK_BACK_SPACE && !text.isEmpty()) {
        text.setLength(text.length() - Character.charCount(text.codePointBefore(text.length())));
        return;
      }
      if (types(c)) {
        return; // its character arrives as a Typed input
      }
    }
    flushText();
    List<String> parts = new ArrayList<>();
    if (k.ctrl()) {
      parts.add("ctrl");
    }
    if (k.alt()) {
      parts.add("alt");
    }
    if (k.shift()) {
      parts.add("shift");
    }
    if (k.meta()) {
      parts.add("super");
    }
    parts.add(Keys.nameOf(c).orElse(KeyEvent.getKeyText(c).toLowerCase(java.util.Locale.ROOT)));
    lines.add("press " + String.join("+", parts));
  }

  private static boolean isModifier(int c) {
    return c == KeyEvent.VK_CONTROL || c == KeyEvent.VK_SHIFT || c == KeyEvent.VK_ALT
        || c == KeyEvent.VK_META || c == KeyEvent.VK_WINDOWS || c == KeyEvent.VK_ALT_GRAPH;
  }

  /** Keys that produce a character on their own (letters, digits, punctuation, space). */
  private static boolean types(int c) {
    return (c >= KeyEvent.VK_A && c <= KeyEvent.VK_Z) || (c >= KeyEvent.VK_0 && c <= KeyEvent.VK_9)
        || c == KeyEvent.VK_SPACE || c == KeyEvent.VK_MINUS || c == KeyEvent.VK_EQUALS
        || c == KeyEvent.VK_OPEN_BRACKET || c == KeyEvent.VK_CLOSE_BRACKET || c == KeyEvent.VK_BACK_SLASH
        || c == KeyEvent.VK_SEMICOLON || c == KeyEvent.VK_QUOTE || c == KeyEvent.VK_BACK_QUOTE
        || c == KeyEvent.VK_COMMA || c == KeyEvent.VK_PERIOD || c == KeyEvent.VK_SLASH
        || (c >= KeyEvent.VK_NUMPAD0 && c <= KeyEvent.VK_DIVIDE) || c == KeyEvent.VK_UNDEFINED;
  }

  private void release(RecordedInput.Release r) {
    RecordedInput.Press p = pending;
    pending = null;
    if (p == null || p.button() != r.button()) {
      return;
    }
    if (Math.abs(p.at().x() - r.at().x()) > 5 || Math.abs(p.at().y() - r.at().y()) > 5) {
      lastClick = null;
      lines.add("# drag from " + p.at().x() + "," + p.at().y() + " to " + r.at().x() + "," + r.at().y()
          + " (" + p.button().name().toLowerCase(java.util.Locale.ROOT) + " button; step scripts cannot replay drags)");
      return;
    }
    PendingClick last = lastClick;
    if (last != null && last.button() == p.button() && p.button() == Action.MouseButton.LEFT && last.count() < 3
        && p.nanos() - last.nanos() < MULTI_CLICK_NANOS
        && Math.abs(last.at().x() - p.at().x()) <= 4 && Math.abs(last.at().y() - p.at().y()) <= 4
        && last.lineIndex() == lines.size() - 1) {
      PendingClick more = new PendingClick(last.button(), last.at(), p.nanos(), last.count() + 1, last.before(), last.lineIndex());
      lines.set(last.lineIndex(), clickLine(more));
      lastClick = more;
      return;
    }
    PendingClick click = new PendingClick(p.button(), p.at(), p.nanos(), 1, p.before(), lines.size());
    lines.add(clickLine(click));
    lastClick = click;
  }

  private String clickLine(PendingClick c) {
    return dev.deskpilot.agent.script.ScriptLine.clickVerb(c.button(), c.count())
        .map(verb -> verb + " " + target(c.at(), c.before()))
        .orElseGet(() -> "# " + c.button().name().toLowerCase(java.util.Locale.ROOT) + " button, " + c.count()
            + " click(s) at " + c.at().x() + "," + c.at().y() + " (step scripts cannot replay it)");
  }

  /** {@code "Text"} (with {@code nth k} when needed) for the word under a point, else {@code x,y}. */
  private String target(Point at, Screenshot before) {
    String coords = at.x() + "," + at.y();
    if (before == null) {
      return coords;
    }
    Observation obs = reader.apply(before);
    Point image = before.mapping().toImage(at);
    Word under = null;
    for (Word w : obs.words()) {
      Rect b = w.box();
      Rect grown = new Rect(b.x() - 2, b.y() - 2, b.width() + 4, b.height() + 4);
      if (grown.contains(image) && w.text().codePoints().anyMatch(Character::isLetterOrDigit)) {
        under = w;
        break;
      }
    }
    if (under == null) {
      return coords;
    }
    String word = under.text().strip();
    Grounding g = grounder.ground(obs, TextTarget.of(word));
    if (g instanceof Grounding.Found f && grow(f.box()).contains(image)) {
      return quote(word);
    }
    if (g instanceof Grounding.Ambiguous a) {
      for (int i = 0; i < a.candidates().size(); i++) {
        if (grow(a.candidates().get(i)).contains(image)) {
          return quote(word) + " nth " + (i + 1);
        }
      }
    }
    return coords;
  }

  private static Rect grow(Rect b) {
    return new Rect(b.x() - 2, b.y() - 2, b.width() + 4, b.height() + 4);
  }

  private void flushText() {
    if (!text.isEmpty()) {
      lines.add("type " + quote(text.toString()));
      text.setLength(0);
      lastClick = null;
    }
  }

  /** A script string literal: {@link dev.deskpilot.agent.script.StepScript#quote}. */
  static String quote(String s) {
    return dev.deskpilot.agent.script.StepScript.quote(s);
  }
}
