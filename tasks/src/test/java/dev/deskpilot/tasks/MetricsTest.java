package dev.deskpilot.tasks;

import static dev.deskpilot.tasks.Fixtures.js;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.tasks.internal.GeneralMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each metric against OSWorld's Python (desktop_env/evaluators/metrics/general.py, docs.py). */
class MetricsTest {
  @TempDir Path tmp;
  private final ObjectMapper json = new ObjectMapper();

  private MetricInput in(String func, String options, Value result, Optional<Value> expected) {
    Task t = Fixtures.task(tmp, "m", "{\"func\":\"" + func + "\",\"result\":{\"type\":\"rule\",\"rules\":1},\"options\":" + options + "}");
    return new MetricInput(t, t.evaluator().calls().getFirst(), result, expected);
  }

  private Optional<Value> rules(String rulesJson) throws IOException {
    return Optional.of(new Value.Json(json.readTree(rulesJson)));
  }

  // exact_match(result, rules): `1. if result == rules["expected"] else 0.` (Python ==)
  @Test
  void exactMatchIsPythonEquality() throws IOException {
    assertThat(GeneralMetrics.exactMatch(in("exact_match", "{}", new Value.Text("1\n"), rules("{\"expected\":\"1\\n\"}")))).isEqualTo(1.0);
    assertThat(GeneralMetrics.exactMatch(in("exact_match", "{}", new Value.Text("1"), rules("{\"expected\":\"1\\n\"}")))).isEqualTo(0.0);
    // a str never equals an int in Python
    assertThat(GeneralMetrics.exactMatch(in("exact_match", "{}", new Value.Text("1"), rules("{\"expected\":1}")))).isEqualTo(0.0);
    // None == None, None != "x"
    assertThat(GeneralMetrics.exactMatch(in("exact_match", "{}", Value.NOTHING, rules("{\"expected\":null}")))).isEqualTo(1.0);
    assertThat(GeneralMetrics.exactMatch(in("exact_match", "{}", Value.NOTHING, rules("{\"expected\":\"x\"}")))).isEqualTo(0.0);
    // 1 == 1.0 and True == 1 in Python; lists and dicts compare by content
    assertThat(GeneralMetrics.exactMatch(in("exact_match", "{}", new Value.Json(json.readTree("[1, true, {\"a\": 2.0}]")),
        rules("{\"expected\":[1.0, 1, {\"a\": 2}]}")))).isEqualTo(1.0);
    assertThat(GeneralMetrics.exactMatch(in("exact_match", "{}", new Value.Json(json.readTree("[1, 2]")),
        rules("{\"expected\":[2, 1]}")))).isEqualTo(0.0);
  }

  @Test
  void exactMatchWithoutExpectedKeyIsAnError() {
    assertThatThrownBy(() -> GeneralMetrics.exactMatch(in("exact_match", "{}", new Value.Text("1"), rules("{\"expect\":1}"))))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("/evaluator/func: exact_match needs rules with an \"expected\" value");
  }

  // check_include_exclude: None -> 0; all(r in result for include) and all(r not in result for exclude)
  @Test
  void checkIncludeExcludeTestsSubstrings() throws IOException {
    Value out = new Value.Text("43 132\n");
    assertThat(GeneralMetrics.checkIncludeExclude(in("check_include_exclude", "{}", out, rules("{\"include\":[\"43 132\"],\"exclude\":[]}")))).isEqualTo(1.0);
    assertThat(GeneralMetrics.checkIncludeExclude(in("check_include_exclude", "{}", out, rules("{\"include\":[\"43 132\"],\"exclude\":[\"132\"]}")))).isEqualTo(0.0);
    assertThat(GeneralMetrics.checkIncludeExclude(in("check_include_exclude", "{}", out, rules("{\"include\":[\"24 80\"]}")))).isEqualTo(0.0);
    // missing lists default to []
    assertThat(GeneralMetrics.checkIncludeExclude(in("check_include_exclude", "{}", out, rules("{}")))).isEqualTo(1.0);
    assertThat(GeneralMetrics.checkIncludeExclude(in("check_include_exclude", "{}", Value.NOTHING, rules("{\"include\":[]}")))).isEqualTo(0.0);
    // for a list result, `in` is membership
    assertThat(GeneralMetrics.checkIncludeExclude(in("check_include_exclude", "{}", new Value.Json(json.readTree("[\"a\",\"bc\"]")),
        rules("{\"include\":[\"a\"],\"exclude\":[\"b\"]}")))).isEqualTo(1.0);
  }

  @Test
  void checkIncludeExcludeRejectsNonStringRulesForText() {
    assertThatThrownBy(() -> GeneralMetrics.checkIncludeExclude(in("check_include_exclude", "{}", new Value.Text("1"), rules("{\"include\":[1]}"))))
        .isInstanceOf(EvaluationException.class).hasMessageContaining("TypeError");
  }

  private Value file(String name, String content) throws IOException {
    return new Value.LocalFile(Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8));
  }

  // compare_text_file(actual, expected, **options): not actual -> 0; read both; optional ignore_blanks / ignore_case
  @Test
  void compareTextFileComparesContent() throws IOException {
    Value gold = file("gold.txt", "Hello World\nline 2\n");
    assertThat(GeneralMetrics.compareTextFile(in("compare_text_file", "{}", file("a.txt", "Hello World\nline 2\n"), Optional.of(gold)))).isEqualTo(1.0);
    assertThat(GeneralMetrics.compareTextFile(in("compare_text_file", "{}", file("b.txt", "Hello World\nline 2"), Optional.of(gold)))).isEqualTo(0.0);
    // Python reads text with universal newlines: CRLF equals LF
    assertThat(GeneralMetrics.compareTextFile(in("compare_text_file", "{}", file("c.txt", "Hello World\r\nline 2\r\n"), Optional.of(gold)))).isEqualTo(1.0);
    assertThat(GeneralMetrics.compareTextFile(in("compare_text_file", "{}", Value.NOTHING, Optional.of(gold)))).isEqualTo(0.0);
  }

  @Test
  void compareTextFileOptions() throws IOException {
    Value gold = file("gold.txt", "Hello World\nline 2\n");
    Value spaced = file("s.txt", "  Hello\tWorld  line\n\n 2 ");
    assertThat(GeneralMetrics.compareTextFile(in("compare_text_file", "{}", spaced, Optional.of(gold)))).isEqualTo(0.0);
    assertThat(GeneralMetrics.compareTextFile(in("compare_text_file", "{\"ignore_blanks\":true}", spaced, Optional.of(gold)))).isEqualTo(1.0);
    Value upper = file("u.txt", "HELLO WORLD\nLINE 2\n");
    assertThat(GeneralMetrics.compareTextFile(in("compare_text_file", "{\"ignore_blanks\":true}", upper, Optional.of(gold)))).isEqualTo(0.0);
    assertThat(GeneralMetrics.compareTextFile(in("compare_text_file", "{\"ignore_case\":true}", upper, Optional.of(gold)))).isEqualTo(1.0);
  }

  @Test
  void compareTextFileReportsBadInput() throws IOException {
    Value gold = file("gold.txt", "x");
    assertThatThrownBy(() -> GeneralMetrics.compareTextFile(in("compare_text_file", "{\"ignore_case\":\"yes\"}", file("a.txt", "x"), Optional.of(gold))))
        .isInstanceOf(TaskFormatException.class)
        .hasMessageEndingWith(": /evaluator/options/ignore_case: expected true or false, found a string");
    Path latin1 = Files.write(tmp.resolve("l.txt"), new byte[] {(byte) 0xe9, 'x'});
    assertThatThrownBy(() -> GeneralMetrics.compareTextFile(in("compare_text_file", "{}", new Value.LocalFile(latin1), Optional.of(gold))))
        .isInstanceOf(EvaluationException.class).hasMessageContaining("UTF-8");
    // `not []` is true in Python: an empty list scores 0; a non-empty one is not a file
    assertThat(GeneralMetrics.compareTextFile(in("compare_text_file", "{}", new Value.LocalFiles(List.of()), Optional.of(gold)))).isEqualTo(0.0);
    assertThatThrownBy(() -> GeneralMetrics.compareTextFile(in("compare_text_file", "{}", new Value.LocalFiles(List.of(Optional.empty())), Optional.of(gold))))
        .isInstanceOf(EvaluationException.class).hasMessageContaining("needs a file");
  }
}
