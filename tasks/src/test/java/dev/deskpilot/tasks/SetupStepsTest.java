package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.deskpilot.actuators.DesktopException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * download, open, activate_window, close_window without a display: files are real, the window
 * tools are small scripts on the PATH that record their arguments (WindowStepsIT runs the real ones).
 */
class SetupStepsTest {
  @TempDir Path tmp;
  private FakeDesktop desktop;
  private final List<Duration> slept = new ArrayList<>();
  private final List<String> log = new ArrayList<>();

  @AfterEach
  void close() {
    if (desktop != null) {
      desktop.close();
    }
  }

  private TaskContext context(String configJson, FileCache cache) {
    Task t = TaskReader.parse("{\"id\":\"steps-1\",\"instruction\":\"x\",\"config\":" + configJson
        + ",\"evaluator\":{\"func\":\"infeasible\"}}", tmp.resolve("steps-1.json"), "os");
    desktop = new FakeDesktop(tmp);
    return TaskContext.of(t, desktop, tmp.resolve("work")).withFiles(cache).withSleeper(slept::add).withLog(log::add);
  }

  private static String js(String s) {
    return Fixtures.js(s);
  }

  @Test
  void downloadWritesTheCachedFileToTheDesktop() throws Exception {
    Path cache = tmp.resolve("cache");
    Files.createDirectories(cache.resolve("steps-1"));
    Files.writeString(cache.resolve("steps-1/report.xlsx"), "cached bytes");
    Path target = tmp.resolve("home/Desktop/report.xlsx");
    TaskContext ctx = context("[{\"type\":\"download\",\"parameters\":{\"files\":[{\"url\":\"https://example.invalid/f/report.xlsx\",\"path\":"
        + js(target.toString()) + "}]}}]", FileCache.of(cache));
    List<StepOutcome> out = new SetupRunner().runConfig(ctx);
    assertThat(Files.readString(target)).isEqualTo("cached bytes");
    assertThat(out.getFirst().ok()).isTrue();
    assertThat(desktop.written).containsExactly(target.toString());
  }

  @Test
  void downloadReadsFileUrls() throws Exception {
    Path src = Files.writeString(tmp.resolve("local.txt"), "local");
    Path target = tmp.resolve("out/local.txt");
    TaskContext ctx = context("[{\"type\":\"download\",\"parameters\":{\"files\":[{\"url\":" + js(src.toUri().toString())
        + ",\"path\":" + js(target.toString()) + "}]}}]", FileCache.none());
    new SetupRunner().runConfig(ctx);
    assertThat(Files.readString(target)).isEqualTo("local");
  }

  @Test
  void downloadReadsPathsRelativeToTheTaskFile() throws Exception {
    Files.createDirectories(tmp.resolve("inputs"));
    Files.writeString(tmp.resolve("inputs/budget.csv"), "a,b\n");
    Path target = tmp.resolve("home/budget.csv");
    TaskContext ctx = context("[{\"type\":\"download\",\"parameters\":{\"files\":[{\"url\":\"inputs/budget.csv\",\"path\":"
        + js(target.toString()) + "}]}}]", FileCache.none());
    new SetupRunner().runConfig(ctx);
    assertThat(Files.readString(target)).isEqualTo("a,b\n");

    TaskContext missing = context("[{\"type\":\"download\",\"parameters\":{\"files\":[{\"url\":\"inputs/gone.csv\",\"path\":"
        + js(target.toString()) + "}]}}]", FileCache.none());
    assertThatThrownBy(() -> new SetupRunner().runConfig(missing))
        .isInstanceOfSatisfying(EvaluationException.class, e -> assertThat(e.kind()).isEqualTo(EvaluationException.Kind.NOT_CACHED))
        .hasMessageContaining("missing file: " + tmp.resolve("inputs/gone.csv"))
        .hasMessageContaining("relative to the task file's folder");
  }

  @Test
  void downloadFetchesOverHttpWhenTheHostAnswers() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/files/a.csv", ex -> {
      byte[] body = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/a.csv";
      Path target = tmp.resolve("out/a.csv");
      TaskContext ctx = context("[{\"type\":\"download\",\"parameters\":{\"files\":[{\"url\":" + js(url)
          + ",\"path\":" + js(target.toString()) + "}]}}]", FileCache.none());
      new SetupRunner().runConfig(ctx);
      assertThat(Files.readString(target)).isEqualTo("a,b\n1,2\n");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void downloadOfAFileThatCannotBeHadStopsTheSetupAsNotCached() {
    Path target = tmp.resolve("out/x.docx");
    // port 1 on loopback refuses at once: "reachable" fails fast without the network
    TaskContext ctx = context("[{\"type\":\"download\",\"parameters\":{\"files\":[{\"url\":\"http://127.0.0.1:1/x.docx\",\"path\":"
        + js(target.toString()) + "}]}},{\"type\":\"execute\",\"parameters\":{\"command\":\"true\"}}]", FileCache.of(tmp.resolve("empty")));
    assertThatThrownBy(() -> new SetupRunner().runConfig(ctx))
        .isInstanceOf(EvaluationException.class)
        .hasMessageContaining("task steps-1: config[0] download: not cached: http://127.0.0.1:1/x.docx")
        .satisfies(e -> assertThat(((EvaluationException) e).kind()).isEqualTo(EvaluationException.Kind.NOT_CACHED));
    assertThat(target).doesNotExist();
    assertThat(desktop.ran).isEmpty();
  }

  @Test
  void downloadWithoutPathIsAFormatErrorNamingThePointer() {
    TaskContext ctx = context("[{\"type\":\"download\",\"parameters\":{\"files\":[{\"url\":\"http://x/y\"}]}}]", FileCache.none());
    assertThatThrownBy(() -> new SetupRunner().runConfig(ctx))
        .isInstanceOf(TaskFormatException.class)
        .hasMessageContaining("/config/0/parameters/files/0/path: expected a non-empty desktop path");
  }

  /** A fake tool directory: each script appends its name and arguments to calls.txt. */
  private Path tools(String wmctrlListing) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path calls = tmp.resolve("calls.txt");
    Files.writeString(calls, "");
    String wmctrl = "#!/bin/sh\necho \"wmctrl $*\" >> " + calls + "\n"
        + "if [ \"$1\" = -l ]; then cat " + tmp.resolve("windows.txt") + "; exit 0; fi\n"
        + "if [ \"$2\" = missing ]; then exit 1; fi\nexit 0\n";
    String office = "#!/bin/sh\necho \"libreoffice $*\" >> " + calls + "\n"
        + "echo '0x0280000a  0 host report.xlsx - LibreOffice Calc' > " + tmp.resolve("windows.txt") + "\n";
    Files.writeString(tmp.resolve("windows.txt"), wmctrlListing);
    String xdg = "#!/bin/sh\necho \"xdg-open $*\" >> " + calls + "\n";
    for (var e : java.util.Map.of("wmctrl", wmctrl, "libreoffice", office, "xdg-open", xdg).entrySet()) {
      Path p = Files.writeString(bin.resolve(e.getKey()), e.getValue());
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    desktop.env.put("PATH", bin + ":" + System.getenv("PATH"));
    return calls;
  }

  @Test
  void openStartsLibreOfficeForAnOfficeFileAndActivatesItsWindow() throws Exception {
    Path doc = Files.writeString(tmp.resolve("report.xlsx"), "x");
    TaskContext ctx = context("[{\"type\":\"open\",\"parameters\":{\"path\":" + js(doc.toString()) + "}}]", FileCache.none());
    Path calls = tools("0x01000001  0 host Desktop\n");
    List<StepOutcome> out = new SetupRunner().runConfig(ctx);
    assertThat(out.getFirst().ok()).isTrue();
    assertThat(out.getFirst().detail()).contains("window 0x0280000a \"report.xlsx - LibreOffice Calc\" activated");
    // the launch is asynchronous: the window shows on some poll, then it is activated by id
    assertThat(Files.readAllLines(calls)).contains("libreoffice --norestore " + doc, "wmctrl -i -a 0x0280000a");
  }

  @Test
  void openUsesXdgOpenForOtherFilesAndFailsWhenNoWindowShowsInTime() throws Exception {
    Path doc = Files.writeString(tmp.resolve("notes.txt"), "x");
    TaskContext ctx = context("[{\"type\":\"open\",\"parameters\":{\"path\":" + js(doc.toString()) + "}}]", FileCache.none());
    Path calls = tools("0x01000001  0 host Something else\n");
    assertThatThrownBy(() -> new SetupRunner().runConfig(ctx))
        .isInstanceOf(DesktopException.class)
        .hasMessageContaining("config[0] open: no window whose title contains \"notes.txt\" or \"notes\" within 180 s");
    assertThat(Files.readAllLines(calls)).contains("xdg-open " + doc);
    assertThat(slept).hasSize(180).allMatch(d -> d.equals(Duration.ofSeconds(1)));
  }

  @Test
  void openOfAPathThatIsNeitherFileNorProgramFails() {
    TaskContext ctx = context("[{\"type\":\"open\",\"parameters\":{\"path\":\"/nonexistent/file.docx\"}}]", FileCache.none());
    assertThatThrownBy(() -> new SetupRunner().runConfig(ctx))
        .isInstanceOf(DesktopException.class)
        .hasMessageContaining("application/file not found on the desktop: /nonexistent/file.docx");
  }

  @Test
  void activateAndCloseWindowUseWmctrlOptionsAsOsworld() throws Exception {
    TaskContext ctx = context("[{\"type\":\"activate_window\",\"parameters\":{\"window_name\":\"report.xlsx - LibreOffice Calc\",\"strict\":true}},"
        + "{\"type\":\"activate_window\",\"parameters\":{\"window_name\":\"gimp\",\"by_class\":true}},"
        + "{\"type\":\"close_window\",\"parameters\":{\"window_name\":\"missing\"}}]", FileCache.none());
    Path calls = tools("");
    List<StepOutcome> out = new SetupRunner().runConfig(ctx);
    assertThat(Files.readAllLines(calls)).containsExactly(
        "wmctrl -Fa report.xlsx - LibreOffice Calc", "wmctrl -xa gimp", "wmctrl -c missing");
    assertThat(out).extracting(StepOutcome::ok).containsExactly(true, true, false);
    assertThat(out.get(2).detail()).contains("no such window");
  }

  @Test
  void supportedTypesIncludeTheOsworldSteps() {
    assertThat(SetupRunner.supportedTypes()).contains("download", "open", "activate_window", "close_window",
        "chrome_open_tabs", "chrome_close_tabs", "update_browse_history", "execute", "launch")
        .doesNotContain("googledrive", "login");
  }
}
