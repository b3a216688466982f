package dev.deskpilot.vm.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The request and reply bodies of the in-guest server, as they travel. */
public final class GuestWire {
  private GuestWire() {}

  /** {@code POST /v1/run} and {@code POST /v1/launch}. */
  public record RunRequest(
      @JsonProperty("argv") List<String> argv,
      @JsonProperty("shell") boolean shell,
      @JsonProperty("timeout_ms") Long timeoutMs) {}

  /** The reply to {@code POST /v1/run}; {@code exit_code} is -1 after a timeout. */
  public record RunReply(
      @JsonProperty("exit_code") int exitCode,
      @JsonProperty("stdout") String stdout,
      @JsonProperty("stderr") String stderr,
      @JsonProperty("timed_out") boolean timedOut) {}

  /** The reply to {@code POST /v1/launch}. */
  public record LaunchReply(@JsonProperty("pid") long pid) {}

  /** The reply to {@code PUT /v1/file}. */
  public record WriteReply(@JsonProperty("bytes") long bytes) {}

  /** The reply to {@code GET /v1/health}; {@code protocol} is null from guests of protocol 1. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HealthReply(
      @JsonProperty("ok") boolean ok,
      @JsonProperty("display") String display,
      @JsonProperty("width") int width,
      @JsonProperty("height") int height,
      @JsonProperty("protocol") Integer protocol) {}

  /** Every non-2xx reply. */
  public record ErrorReply(@JsonProperty("error") String error) {}
}
