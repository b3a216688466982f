package dev.deskpilot.vm.osworld;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach and reset an existing OSWorld VM.
 *
 * @param url its in-VM server, e.g. {@code http://192.168.122.10:5000}
 * @param token a bearer token to send (a Deskpilot guest that keeps its token on OSWorld's
 *     endpoints); OSWorld's own server takes none
 * @param revertCommand a command line run on this machine (through {@code sh -c}) before every
 *     task to put the VM back in its starting state, e.g. {@code "virsh snapshot-revert osworld
 *     init"} or {@code "vmrun revertToSnapshot ... init_state"}; empty means no reset: each task
 *     starts where the previous one left the VM
 * @param revertTimeout how long the revert command may run
 * @param readyTimeout how long to wait for the server to answer (after a revert: while the VM
 *     comes back)
 */
public record OsworldOptions(
    URI url, Optional<String> token, Optional<String> revertCommand, Duration revertTimeout, Duration readyTimeout) {
  public OsworldOptions {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw new IllegalArgumentException("OSWorld server URL must be http://HOST:PORT, was '" + url + "'");
    }
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(revertCommand, "revertCommand");
    if (revertCommand.isPresent() && revertCommand.get().isBlank()) {
      throw new IllegalArgumentException("the OSWorld revert command is blank");
    }
    requirePositive(revertTimeout, "revert timeout");
    requirePositive(readyTimeout, "ready timeout");
  }

  /** No token, no reset, 5 minutes for a revert, 60 s to answer. */
  public static OsworldOptions of(URI url) {
    return new OsworldOptions(url, Optional.empty(), Optional.empty(), Duration.ofMinutes(5), Duration.ofSeconds(60));
  }

  /** With a command that reverts the VM before every task. */
  public OsworldOptions withRevertCommand(String command) {
    return new OsworldOptions(url, token, Optional.of(command), revertTimeout, readyTimeout);
  }

  public OsworldOptions withToken(String bearerToken) {
    return new OsworldOptions(url, Optional.of(bearerToken), revertCommand, revertTimeout, readyTimeout);
  }

  public OsworldOptions withReadyTimeout(Duration timeout) {
    return new OsworldOptions(url, token, revertCommand, revertTimeout, timeout);
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("OSWorld " + what + " must be positive, was " + d);
    }
  }
}
