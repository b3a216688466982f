package dev.deskpilot.agent.provider.internal;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Decision;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Wording the providers share for the loop's conversation features: the person's messages, a
 * screen that did not change, questions in a model's text reply, and one-line summaries of older
 * steps whose screenshots are no longer sent.
 */
public final class Conversation {
  /** Sent instead of a screenshot when the screen looks as it did at the last one. */
  public static final String UNCHANGED = "The screen has not changed since the last screenshot.";

  /** Endings of a final reply that are politeness, not a question the task depends on. */
  private static final Pattern PLEASANTRY = Pattern.compile(
      "(anything else|further (help|assistance)|help (you )?with (anything|something) else|other tasks?|"
          + "let me know)[^.!?]*\\?\\s*$", Pattern.CASE_INSENSITIVE);

  private Conversation() {}

  /** The person's messages as one text for the model, marked as from the person. */
  public static String fromPerson(List<String> messages) {
    StringBuilder b = new StringBuilder();
    for (String m : messages) {
      if (!b.isEmpty()) {
        b.append('\n');
      }
      b.append("Message from the person you are working for: ").append(m.strip());
    }
    return b.toString();
  }

  /**
   * Whether a model's final text (no tool call) asks the person something: its last sentence ends
   * with a question mark and is not a pleasantry such as "Is there anything else?".
   */
  public static boolean asksQuestion(String text) {
    String t = text == null ? "" : text.strip();
    return t.endsWith("?") && !PLEASANTRY.matcher(t).find();
  }

  /**
   * A model's turn as the loop needs it: a text reply that asks something becomes a question for
   * the person instead of DONE.
   */
  public static Decision withQuestion(Decision d) {
    if (d.actions().size() == 1 && d.actions().getFirst() instanceof Action.Done && asksQuestion(d.thought())) {
      return Decision.ask(d.thought(), lastSentence(d.thought()));
    }
    return d;
  }

  static String lastSentence(String text) {
    String t = text.strip();
    int cut = -1;
    for (int i = t.length() - 2; i >= 0; i--) {
      char c = t.charAt(i);
      if ((c == '.' || c == '!' || c == '?' || c == '\n') && i + 1 < t.length() && Character.isWhitespace(t.charAt(i + 1))) {
        cut = i;
        break;
      }
    }
    return t.substring(cut + 1).strip();
  }

  /**
   * A decision with the API key taken out of everything a trajectory shows (thought, question,
   * fail reasons). A model that tries to type the key gets a Fail instead: the key never leaves
   * through the keyboard either.
   */
  public static Decision redacted(Decision d, java.util.Optional<dev.deskpilot.agent.provider.ApiKey> key) {
    if (key.isEmpty()) {
      return d;
    }
    dev.deskpilot.agent.provider.ApiKey k = key.get();
    java.util.List<Action> actions = new java.util.ArrayList<>();
    for (Action a : d.actions()) {
      if (a instanceof Action.TypeText t && !k.redact(t.text()).equals(t.text())) {
        actions.clear();
        actions.add(new Action.Fail("the model tried to type the API key; refused"));
        break;
      }
      actions.add(a instanceof Action.Fail f ? new Action.Fail(k.redact(f.reason())) : a);
    }
    return new Decision(k.redact(d.thought()), actions, k.redact(d.question()));
  }

  /** A one-line summary of a step: its reasoning (abbreviated), actions and any failure. */
  public static String summary(int step, Decision d, String problem) {
    StringBuilder b = new StringBuilder("Step ").append(step).append(": ");
    if (!d.thought().isBlank()) {
      b.append(Wire.abbreviate(d.thought().strip(), 160)).append(" -> ");
    }
    if (d.actions().isEmpty()) {
      b.append(d.asksPerson() ? "asked the person" : "looked again");
    }
    for (int i = 0; i < d.actions().size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(render(d.actions().get(i)));
    }
    if (problem != null && !problem.isBlank()) {
      b.append(" (failed: ").append(Wire.abbreviate(problem, 100)).append(')');
    }
    return b.toString();
  }

  private static String render(Action a) {
    return switch (a) {
      case Action.Click c -> (c.count() == 2 ? "double " : c.count() == 3 ? "triple " : "")
          + c.button().name().toLowerCase(Locale.ROOT) + " click at " + c.at();
      case Action.MoveTo m -> "move to " + m.to();
      case Action.Drag d -> "drag " + d.from() + " to " + d.to();
      case Action.Scroll s -> "scroll " + s.dx() + "," + s.dy() + " at " + s.at();
      case Action.TypeText t -> "type \"" + Wire.abbreviate(t.text(), 60) + "\"";
      case Action.KeyChord k -> "press " + String.join("+", k.keys());
      case Action.Wait w -> "wait " + w.duration().toMillis() + " ms";
      case Action.Done d -> "done";
      case Action.Fail f -> "fail";
      case Action.MouseDown m -> m.button().name().toLowerCase(Locale.ROOT) + " button down" + (m.at() == null ? "" : " at " + m.at());
      case Action.MouseUp m -> m.button().name().toLowerCase(Locale.ROOT) + " button up" + (m.at() == null ? "" : " at " + m.at());
      case Action.KeyDown k -> "key down " + k.key();
      case Action.KeyUp k -> "key up " + k.key();
      case Action.HoldKey h -> "hold " + String.join("+", h.keys()) + " for " + h.duration().toMillis() + " ms";
      case Action.CursorPosition c -> "read the cursor position";
      case Action.Zoom z -> "zoom into " + z.region();
      case Action.CallUser c -> "ask the person: " + Wire.abbreviate(c.message(), 60);
    };
  }
}
