package dev.deskpilot.agent;

import dev.deskpilot.actuators.Action;
import java.util.List;

/**
 * What a policy decided for one step.
 *
 * @param thought its reasoning, shown to people and kept in the trajectory (may be empty)
 * @param actions actions to perform in order; empty means "look again"
 */
public record Decision(String thought, List<Action> actions) {
  public Decision {
    thought = thought == null ? "" : thought;
    actions = List.copyOf(actions);
  }

  public static Decision of(String thought, Action... actions) {
    return new Decision(thought, List.of(actions));
  }
}
