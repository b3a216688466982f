package dev.deskpilot.actuators;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deskpilot.perception.Point;
import java.util.Objects;

/**
 * What happened when an action was performed. A failure is a value the policy can see and react to.
 *
 * @param ok whether the action was carried out
 * @param error why not, empty when ok
 * @param millis how long performing it took
 * @param pointer where the pointer was after the action, in screen pixels, when the executor read it
 *     (always for {@link Action.CursorPosition}); null when not read
 */
public record ActionResult(
    boolean ok, String error, long millis, @JsonInclude(JsonInclude.Include.NON_NULL) Point pointer) {
  public ActionResult {
    Objects.requireNonNull(error, "error");
  }

  public ActionResult(boolean ok, String error, long millis) {
    this(ok, error, millis, null);
  }

  public static ActionResult success(long millis) {
    return new ActionResult(true, "", millis, null);
  }

  public static ActionResult failure(String error, long millis) {
    return new ActionResult(false, error, millis, null);
  }

  /** This result with the pointer position read after the action. */
  public ActionResult withPointer(Point p) {
    return new ActionResult(ok, error, millis, p);
  }
}
