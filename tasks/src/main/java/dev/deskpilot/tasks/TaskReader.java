package dev.deskpilot.tasks;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.deskpilot.tasks.internal.TaskParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and checks OSWorld-format task files. Any problem is a {@link TaskFormatException} whose
 * one-line message names the file and the JSON pointer (or line:column for malformed JSON), e.g.
 * {@code tasks/x.json: /config/2/type: expected a string, found a number}.
 */
public final class TaskReader {
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private TaskReader() {}

  /**
   * Reads a task file; its domain is the name of the folder it is in.
   *
   * @throws TaskFormatException when the file is not a valid task
   * @throws IOException when it cannot be read
   */
  public static Task read(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Path name = parent == null ? null : parent.getFileName();
    return read(file, name == null ? "" : name.toString());
  }

  /** Reads a task file of the given domain. */
  public static Task read(Path file, String domain) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file, domain);
  }

  /**
   * Checks a task given as JSON text.
   *
   * @param source the file name to report and to resolve relative {@code cloud_file} paths against
   */
  public static Task parse(String json, Path source, String domain) {
    return new TaskParser(source).task(tree(json, source), domain);
  }

  /** Parses JSON text, reporting malformed input with its line and column. */
  static JsonNode tree(String json, Path source) {
    try {
      JsonNode root = JSON.readTree(json);
      if (root == null || root.isMissingNode()) {
        throw new TaskFormatException(source, "", "the file is empty; expected a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : at.getLineNr();
      int column = at == null ? 0 : at.getColumnNr();
      throw new TaskFormatException(source, line, column, e.getOriginalMessage(), e);
    }
  }
}
