package dev.deskpilot.actuators;

import java.util.Objects;

/**
 * What happened when an action was performed. A failure is a value the policy can see and react to.
 *
 * @param ok whether the action was carried out
 * @param error why not, empty when ok
 * @param millis how long performing it took
 */
public record ActionResult(boolean ok, String error, long millis) {
  public ActionResult {
    Objects.requireNonNull(error, "error");
  }

  public static ActionResult success(long millis) {
    return new ActionResult(true, "", millis);
  }

  public static ActionResult failure(String error, long millis) {
    return new ActionResult(false, error, millis);
  }
}
