package dev.deskpilot.app.ui;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code deskpilot_app.json} in a run folder the app recorded: what was asked and how it ended.
 * OSWorld's files say what happened step by step; this says what the person asked for, so history
 * can show it and replay it. (An app run has no judge, so it never writes {@code result.txt}.)
 *
 * @param instruction the chore in words
 * @param model the model picker's id
 * @param target the target's label
 * @param script the step script played, empty for model runs
 * @param startedAt ISO-8601 instant
 * @param status RUNNING, or the outcome status (DONE, FAILED, LIMIT, STOPPED, ERROR)
 * @param reason the outcome's reason
 * @param steps steps taken
 * @param inputTokens model input tokens
 * @param outputTokens model output tokens
 */
record AppRunFile(
    String instruction,
    String model,
    String target,
    String script,
    String startedAt,
    String status,
    String reason,
    int steps,
    long inputTokens,
    long outputTokens) {
  static final String NAME = "deskpilot_app.json";

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  AppRunFile {
    instruction = instruction == null ? "" : instruction;
    model = model == null ? "" : model;
    target = target == null ? "" : target;
    script = script == null ? "" : script;
    startedAt = startedAt == null ? "" : startedAt;
    status = status == null ? "" : status;
    reason = reason == null ? "" : reason;
  }

  AppRunFile ended(String status, String reason, int steps, long in, long out) {
    return new AppRunFile(instruction, model, target, script, startedAt, status, reason, steps, in, out);
  }

  void write(Path runDir) throws IOException {
    Path tmp = runDir.resolve(NAME + ".tmp");
    Files.writeString(tmp, JSON.writeValueAsString(this) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, runDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The file of a run folder; empty when there is none or it cannot be read. */
  static Optional<AppRunFile> read(Path runDir) {
    Path f = runDir.resolve(NAME);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(f.toFile(), AppRunFile.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
