package dev.deskpilot.agent;

import dev.deskpilot.actuators.Action;
import java.util.List;

/**
 * What a policy decided for one step.
 *
 * @param thought its reasoning, shown to people and kept in the trajectory (may be empty)
 * @param actions actions to perform in order; empty means "look again" (or: wait for the answer to
 *     {@code question})
 * @param question a question for the person supervising the run (UI-TARS {@code call_user()}, a
 *     model's text reply that asks something), empty when there is none; the loop hands it to its
 *     {@link dev.deskpilot.agent.control.PersonChannel} and passes the answer to the next decision
 */
public record Decision(String thought, List<Action> actions, String question) {
  public Decision {
    thought = thought == null ? "" : thought;
    actions = List.copyOf(actions);
    question = question == null ? "" : question.strip();
  }

  /** A decision without a question. */
  public Decision(String thought, List<Action> actions) {
    this(thought, actions, "");
  }

  public static Decision of(String thought, Action... actions) {
    return new Decision(thought, List.of(actions));
  }

  /**
   * A decision that asks the person something and does nothing else.
   *
   * @throws IllegalArgumentException when the question is blank
   */
  public static Decision ask(String thought, String question) {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("a question for the person needs text");
    }
    return new Decision(thought, List.of(), question);
  }

  /** Whether this decision asks the person something. */
  public boolean asksPerson() {
    return !question.isEmpty();
  }
}
