package dev.deskpilot.agent;

import dev.deskpilot.agent.control.ActionApproval;
import dev.deskpilot.perception.Observation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the loop gives a policy for one decision.
 *
 * @param instruction the task in words
 * @param history the steps so far, oldest first
 * @param observation the screen now
 * @param personMessages messages from the person since the last decision (steering, answers to the
 *     policy's question), oldest first; model policies put them into the next call marked as from
 *     the person, step scripts ignore them
 * @param screenChanged false when the frame looks the same as the previous decision's frame (a
 *     model policy may then send a short note instead of another screenshot)
 * @param approval how a policy asks the person about an action its provider flagged (OpenAI's
 *     pending safety checks); empty outside the loop, where providers use their configured handler
 */
public record PolicyInput(
    String instruction,
    List<Step> history,
    Observation observation,
    List<String> personMessages,
    boolean screenChanged,
    Optional<ActionApproval> approval) {
  public PolicyInput {
    Objects.requireNonNull(instruction, "instruction");
    history = List.copyOf(history);
    Objects.requireNonNull(observation, "observation");
    personMessages = List.copyOf(personMessages);
    Objects.requireNonNull(approval, "approval (use Optional.empty())");
  }

  /** The plain input: no messages, a changed screen, no loop approval. */
  public static PolicyInput of(String instruction, List<Step> history, Observation observation) {
    return new PolicyInput(instruction, history, observation, List.of(), true, Optional.empty());
  }
}
