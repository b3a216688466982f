package dev.deskpilot.tasks.report;

import static dev.deskpilot.tasks.report.ResultTree.json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;

/** Result trees the report tests share. */
final class ReportFixtures {
  /** Text a hostile model might write: must show as text and never run. */
  static final String HOSTILE_THOUGHT =
      "I will click it.</div><script>document.documentElement.setAttribute('data-pwned','1')</script>"
          + "<img src=x onerror=\"document.documentElement.setAttribute('data-pwned','2')\">";

  static final String HOSTILE_TYPED = "\"><svg onload=\"document.documentElement.setAttribute('data-pwned','3')\">";

  static final String KEY_LIKE = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";

  private ReportFixtures() {}

  /** The three demo tasks a real `./deskpilot demo` run wrote (copied from the project's results). */
  static Path demoResults() {
    try {
      return Path.of(ReportFixtures.class.getResource("/report/demo-results").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A run with every kind of task: passed (click, drag, scroll, type, keys), failed (gave up, judged
   * wrong, partial credit), errors (environment, unsupported), unfinished, and a hostile one.
   */
  static ResultTree rich(Path root, String model, Instant start) {
    ResultTree t = new ResultTree(root, model);
    t.task("gimp", "crop-image").startedAt(start).environment()
        .step(1, json("The image is open. I will drag a selection."),
            "{\"type\":\"drag\",\"from\":{\"x\":500,\"y\":300},\"to\":{\"x\":1200,\"y\":800}}")
        .step(2, json("Now crop with the menu."), "{\"type\":\"click\",\"at\":{\"x\":130,\"y\":20},\"button\":\"LEFT\",\"count\":1}",
            "{\"type\":\"key\",\"keys\":[\"ctrl\",\"shift\",\"x\"]}")
        .step(3, json("Done."), "{\"type\":\"done\"}")
        .log("outcome DONE after 3 steps").finish(1.0, "compare_image scored 1.0");
    t.task("os", "scroll-and-open").startedAt(start.plusSeconds(30)).environment()
        .step(1, json("Scroll the list down to find the file."),
            "{\"type\":\"scroll\",\"at\":{\"x\":960,\"y\":540},\"dx\":0,\"dy\":5}")
        .step(2, json("Open it with a double click."),
            "{\"type\":\"click\",\"at\":{\"x\":700,\"y\":610},\"button\":\"LEFT\",\"count\":2}")
        .step(3, json("Type the name and save."), "{\"type\":\"type\",\"text\":\"report final.txt\\n\"}",
            "{\"type\":\"key\",\"keys\":[\"ctrl\",\"s\"]}", "{\"type\":\"done\"}")
        .log("outcome DONE after 3 steps").finish(1.0, "exact_match scored 1.0");
    t.task("os", "find-menu").startedAt(start.plusSeconds(60)).environment()
        .step(1, json("Looking for the File menu."), "{\"type\":\"wait\",\"duration\":1.0}")
        .step(2, json("It is not there."), "{\"type\":\"fail\",\"reason\":\"script line 3: \\\"File\\\" not on screen after 10 s\"}")
        .log("outcome FAILED after 2 steps: script line 3: \"File\" not on screen after 10 s").finish(0.0, "exact_match scored 0.0");
    t.task("libreoffice_calc", "sum-column").startedAt(start.plusSeconds(90)).environment()
        .step(1, json("Right click the cell."), "{\"type\":\"click\",\"at\":{\"x\":300,\"y\":400},\"button\":\"RIGHT\",\"count\":1}")
        .step(2, json("Done, I think."), "{\"type\":\"done\"}")
        .log("outcome DONE after 2 steps").finish(0.5, "compare_table scored 0.5");
    t.task("libreoffice_calc", "chart-wizard").startedAt(start.plusSeconds(120))
        .log("error: environment failed: guest stopped answering (after a retry)")
        .error("environment failed: guest stopped answering (after a retry)");
    t.task("chrome", "bookmark-page").startedAt(start.plusSeconds(150))
        .error("unsupported: getter 'enable_do_not_track' is not implemented");
    t.task("chrome", "half-done").startedAt(start.plusSeconds(180)).environment()
        .step(1, json("Opening settings."), "{\"type\":\"key\",\"keys\":[\"alt\",\"f\"]}");
    t.task("vlc", "<b>hostile&task").startedAt(start.plusSeconds(210)).environment()
        .step(1, json(HOSTILE_THOUGHT + " key " + KEY_LIKE), "{\"type\":\"type\",\"text\":" + json(HOSTILE_TYPED) + "}")
        .step(2, json("</textarea>giving up"), "{\"type\":\"fail\",\"reason\":" + json("<script>alert(1)</script>") + "}")
        .log("outcome FAILED after 2 steps: <script>alert(1)</script>").finish(0.0, "exact_match scored 0.0");
    return t;
  }

  /** Copies a folder tree (e.g. a classpath fixture into a temp folder). */
  static void copy(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
