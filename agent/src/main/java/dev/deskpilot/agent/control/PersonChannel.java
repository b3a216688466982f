package dev.deskpilot.agent.control;

import dev.deskpilot.perception.Screenshot;
import java.util.Optional;

/**
 * Where a policy's questions for the person go (UI-TARS {@code call_user()}, a model reply that
 * asks something). Called on the agent's thread; may block until the person answers.
 */
@FunctionalInterface
public interface PersonChannel {
  /**
   * @param question what the policy asks
   * @param screen the frame the question was asked on
   * @return the person's answer, or empty when nobody answers (the run then fails, naming the
   *     question)
   */
  Optional<String> ask(String question, Screenshot screen);

  /** Headless: nobody is there to answer. */
  PersonChannel NONE = (question, screen) -> Optional.empty();
}
