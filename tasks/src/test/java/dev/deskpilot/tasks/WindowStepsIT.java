package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.actuators.Command;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** open, activate_window and close_window against real windows: Xvfb, openbox, wmctrl, xterm, LibreOffice. */
class WindowStepsIT {
  @TempDir Path tmp;
  private TestDisplay x;
  private FakeDesktop desktop;

  @BeforeEach
  void start() throws Exception {
    x = new TestDisplay();
    desktop = new FakeDesktop(tmp);
    desktop.env.put("DISPLAY", x.display);
    desktop.env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
  }

  @AfterEach
  void stop() {
    desktop.close();
    x.close();
  }

  private TaskContext context(String configJson) {
    Task t = TaskReader.parse("{\"id\":\"win-1\",\"instruction\":\"x\",\"config\":" + configJson
        + ",\"evaluator\":{\"func\":\"infeasible\"}}", tmp.resolve("win-1.json"), "os");
    return TaskContext.of(t, desktop, tmp.resolve("work"));
  }

  private String run(String... argv) {
    return desktop.run(new Command(List.of(argv), false, Duration.ofSeconds(10))).stdout();
  }

  /** Window titles as wmctrl lists them. */
  private List<String> titles() {
    return run("wmctrl", "-l").lines().map(l -> l.strip().split("\\s+", 4)).filter(p -> p.length == 4).map(p -> p[3]).toList();
  }

  private void awaitWindow(String title) {
    await().atMost(Duration.ofSeconds(60)).until(() -> titles().contains(title));
  }

  @Test
  void activateStrictPicksTheExactTitleAndCloseRequestsAClose() throws Exception {
    desktop.launch(new Command(List.of("xterm", "-T", "alpha one"), false, Duration.ofSeconds(5)));
    desktop.launch(new Command(List.of("xterm", "-T", "alpha one two"), false, Duration.ofSeconds(5)));
    awaitWindow("alpha one two");
    awaitWindow("alpha one");
    List<StepOutcome> out = new SetupRunner().runConfig(context(
        "[{\"type\":\"activate_window\",\"parameters\":{\"window_name\":\"alpha one\",\"strict\":true}}]"));
    assertThat(out.getFirst().ok()).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> run("xdotool", "getactivewindow", "getwindowname").strip().equals("alpha one"));

    out = new SetupRunner().runConfig(context(
        "[{\"type\":\"close_window\",\"parameters\":{\"window_name\":\"ONE TWO\"}},"
            + "{\"type\":\"activate_window\",\"parameters\":{\"window_name\":\"no such window\"}}]"));
    assertThat(out).extracting(StepOutcome::ok).containsExactly(true, false);
    // not strict: case-insensitive substring, as wmctrl -c
    await().atMost(Duration.ofSeconds(10)).until(() -> !titles().contains("alpha one two"));
    assertThat(titles()).contains("alpha one");
  }

  @Test
  void openStartsLibreOfficeAndWaitsForTheDocumentWindow() throws Exception {
    Path xlsx = tmp.resolve("home/Desktop/Budget.xlsx");
    Files.createDirectories(xlsx.getParent());
    try (XSSFWorkbook wb = new XSSFWorkbook(); FileOutputStream os = new FileOutputStream(xlsx.toFile())) {
      wb.createSheet("Sheet1").createRow(0).createCell(0).setCellValue("hello");
      wb.write(os);
    }
    List<StepOutcome> out = new SetupRunner().runConfig(context("[{\"type\":\"open\",\"parameters\":{\"path\":\"~/Desktop/Budget.xlsx\"}}]"));
    assertThat(out.getFirst().ok()).isTrue();
    assertThat(out.getFirst().detail()).contains("Budget.xlsx - LibreOffice Calc");
    assertThat(run("xdotool", "getactivewindow", "getwindowname")).contains("Budget.xlsx");
  }
}
