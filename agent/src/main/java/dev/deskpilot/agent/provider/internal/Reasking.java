package dev.deskpilot.agent.provider.internal;

import dev.deskpilot.agent.PolicyException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Sends a request and decodes the reply; an unusable reply is asked for again (with the problem
 * stated) up to {@code maxReasks} times, then the run fails naming the last problem.
 */
public final class Reasking {
  private Reasking() {}

  /**
   * @param send posts a request body and returns the reply body (transport errors propagate)
   * @param onReply sees every reply body (usage accounting), usable or not
   * @param decode turns a reply body into a turn, or throws {@link PolicyException}
   * @param amend the request to send instead, given the original and the problem
   */
  public static <R, T> T ask(
      String provider,
      int maxReasks,
      R request,
      Function<R, String> send,
      Consumer<String> onReply,
      Function<String, T> decode,
      BiFunction<R, String, R> amend) {
    R current = request;
    String problem = "";
    for (int attempt = 0; attempt <= maxReasks; attempt++) {
      String body = send.apply(current);
      onReply.accept(body);
      try {
        return decode.apply(body);
      } catch (PolicyException e) {
        problem = e.getMessage();
        current = amend.apply(request, problem);
      }
    }
    throw new PolicyException(
        provider + " gave no usable reply in " + (maxReasks + 1) + " attempts; last problem: " + problem);
  }
}
