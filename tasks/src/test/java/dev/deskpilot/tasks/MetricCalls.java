package dev.deskpilot.tasks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/** Builds a metric call as a task file would: func, options, result and expected values. */
final class MetricCalls {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricCalls() {}

  static MetricInput call(Path dir, String func, String options, Value result, Optional<Value> expected) {
    Task t = Fixtures.task(dir, "m", "{\"func\":\"" + func + "\",\"result\":{\"type\":\"rule\",\"rules\":1},\"options\":" + options + "}");
    return new MetricInput(t, t.evaluator().calls().getFirst(), result, expected);
  }

  static MetricInput call(Path dir, String func, String options, Value result, Value expected) {
    return call(dir, func, options, result, Optional.of(expected));
  }

  static Value file(Path p) {
    return new Value.LocalFile(p);
  }

  static Value json(String s) {
    try {
      return new Value.Json(JSON.readTree(s));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
