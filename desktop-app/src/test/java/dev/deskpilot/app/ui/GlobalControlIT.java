package dev.deskpilot.app.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real app (its own JVM, {@code deskpilot app --script ... --target ... --start --events}) on
 * an Xvfb display of the test's own, with the person's hand played by xdotool (XTEST; the app's
 * jnativehook hook sees it through XRecord, as it sees a real keyboard):
 *
 * <ul>
 *   <li>the global kill switch stops a run on this desktop (the app's own display, an xterm the
 *       agent types into) and in a sandbox (another X server), and nothing is done after it;
 *   <li>on this desktop the app shrinks to its compact bar and masks it out of what the agent sees;
 *   <li>the person's input pauses a run on this desktop with the takeover banner, the agent's own
 *       input does not; the bar's Resume resumes it.
 * </ul>
 */
class GlobalControlIT {
  private static final Duration LONG = Duration.ofSeconds(90);
  private static final Path SCREENS = AppFixture.SCREENS;

  @TempDir Path base;

  private static AppSettings settings() {
    return AppSettings.defaults().withPreviewDelayMs(50);
  }

  /** An xterm whose typed lines go into {@code typed.txt}; it shows READY when it listens. */
  private Path startTypist(AppOnDisplay x) throws IOException {
    Path typed = base.resolve("typed.txt");
    x.background(List.of("xterm", "-fa", "DejaVu Sans Mono", "-fs", "16", "-geometry", "70x12+80+300", "-e", "sh", "-c",
        "stty -echo; echo READY; exec cat > '" + typed + "'"));
    return typed;
  }

  private Path script(String... lines) throws IOException {
    return Files.writeString(base.resolve("task.script"), String.join("\n", lines) + "\n");
  }

  @Test
  void theKillSwitchStopsARunOnThisDesktopAndTheAppKeepsOutOfTheAgentsView() throws Exception {
    try (AppOnDisplay x = new AppOnDisplay(base)) {
      Path typed = startTypist(x);
      x.startApp(settings(), "--target", "this", "--start", "--exit-after-run", "--script", script(
          "expect \"READY\" within 40",
          "click \"READY\"",
          "type \"first line\\n\"",
          "wait 60",
          "type \"after the stop\\n\"",
          "done").toString());

      AppOnDisplay.Event bar = x.await("compact-bar", LONG);
      assertThat(bar.detail()).endsWith("main-window-showing=false");
      x.await("action", e -> e.detail().startsWith("ok Type"), LONG);
      await().atMost(LONG).until(() -> Files.exists(typed) && Files.readString(typed).contains("first line"));
      // The agent's own clicks and keys were not taken for a person's.
      assertThat(x.events()).extracting(AppOnDisplay.Event::name).doesNotContain("paused");

      // What the person sees, and what the agent saw: the bar is on the screen, masked in the frame.
      Files.createDirectories(SCREENS);
      Path screen = SCREENS.resolve("this-desktop-screen.png").toAbsolutePath();
      x.run("import", "-window", "root", screen.toString());
      Path runDir = runDir(x, base.resolve("results"));
      Path seen = SCREENS.resolve("this-desktop-agent-view.png");
      Files.copy(runDir.resolve("initial.png"), seen, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      String[] r = bar.detail().split(" ");
      int cx = Integer.parseInt(r[0]) + Integer.parseInt(r[2]) / 2;
      int cy = Integer.parseInt(r[1]) + Integer.parseInt(r[3]) / 2;
      BufferedImage onScreen = ImageIO.read(screen.toFile());
      BufferedImage agentView = ImageIO.read(seen.toFile());
      int fill = ScreenMask.FILL.getRGB() & 0xffffff;
      assertThat(agentView.getRGB(cx, cy) & 0xffffff).as("the bar is masked in the agent's frame").isEqualTo(fill);
      assertThat(agentView.getRGB(cx - Integer.parseInt(r[2]) / 2 + 40, cy) & 0xffffff).isEqualTo(fill);
      assertThat(distinctColours(onScreen, Integer.parseInt(r[0]), Integer.parseInt(r[1]), Integer.parseInt(r[2]),
          Integer.parseInt(r[3]))).as("the bar shows on the real screen").isGreaterThan(3);

      long pressed = System.nanoTime();
      x.xdotool("key", "ctrl+shift+Escape");
      AppOnDisplay.Event stop = x.await("stop-requested", LONG);
      assertThat(stop.detail()).isEqualTo("kill switch ctrl+shift+escape pressed");
      assertThat(stop.nanos()).isGreaterThan(pressed);
      AppOnDisplay.Event end = x.await("outcome", LONG);
      assertThat(end.detail()).startsWith("STOPPED").contains("kill switch");
      assertThat(x.events()).filteredOn(e -> e.name().equals("action") && e.nanos() > stop.nanos()).isEmpty();
      assertThat(x.events()).filteredOn(e -> e.name().equals("action")).extracting(AppOnDisplay.Event::detail)
          .noneMatch(d -> d.contains("after the stop"));
      assertThat(x.awaitExit(LONG)).as("--exit-after-run").isTrue();
      assertThat(Files.readString(typed)).isEqualTo("first line\n");
    }
  }

  @Test
  void theKillSwitchStopsASandboxRunFromTheAppsDisplay() throws Exception {
    try (AppOnDisplay x = new AppOnDisplay(base)) {
      x.startApp(settings(), "--target", "sandbox", "--start", "--exit-after-run", "--script", script(
          "wait 60",
          "type \"never typed\"",
          "done").toString());
      x.await("decided", LONG);
      // The person works in another application, not in Deskpilot's window.
      x.background(List.of("xterm", "-title", "elsewhere", "-geometry", "60x10+900+500"));
      x.xdotool("search", "--sync", "--name", "elsewhere", "windowactivate", "--sync");
      x.xdotool("key", "ctrl+shift+Escape");
      AppOnDisplay.Event stop = x.await("stop-requested", LONG);
      assertThat(stop.detail()).isEqualTo("kill switch ctrl+shift+escape pressed");
      AppOnDisplay.Event end = x.await("outcome", LONG);
      assertThat(end.detail()).startsWith("STOPPED");
      assertThat(x.events()).extracting(AppOnDisplay.Event::name).doesNotContain("action", "paused");
      assertThat(x.awaitExit(LONG)).isTrue();
    }
  }

  @Test
  void aPersonsInputPausesARunOnThisDesktopWithTheTakeoverBannerAndResumeGoesOn() throws Exception {
    try (AppOnDisplay x = new AppOnDisplay(base)) {
      Path typed = startTypist(x);
      x.startApp(settings(), "--target", "this", "--start", "--exit-after-run", "--script", script(
          "expect \"READY\" within 40",
          "click \"READY\"",
          "type \"before\\n\"",
          "wait 3",
          "click \"READY\"", // the person's click on Resume gave the focus to Deskpilot's bar
          "type \"after resume\\n\"",
          "done").toString());
      x.await("action", e -> e.detail().startsWith("ok Type"), LONG);
      assertThat(x.events()).extracting(AppOnDisplay.Event::name).doesNotContain("paused");

      x.xdotool("mousemove", "900", "700");
      AppOnDisplay.Event paused = x.await("paused", LONG);
      assertThat(paused.detail()).startsWith("takeover").contains("pointer moved to (900,700)");
      AppOnDisplay.Event banner = x.await("banner", e -> e.nanos() > paused.nanos(), LONG);
      assertThat(banner.detail()).contains("visible=true", "title=" + RunSession.TOOK_OVER,
          "bar=" + RunSession.TOOK_OVER + " [Resume]");
      // The agent holds before its next step and types nothing more.
      x.await("status", e -> e.detail().equals(RunSession.WAITING_FOR_YOU), LONG);
      assertThat(Files.readString(typed)).isEqualTo("before\n");
      Files.createDirectories(SCREENS);
      x.run("import", "-window", "root", SCREENS.resolve("this-desktop-takeover.png").toAbsolutePath().toString());

      // Resume on the bar: the person's hand gets time to let go before the agent goes on.
      String at = banner.detail().replaceFirst(".*button-at=", "");
      x.xdotool("mousemove", at.split(",")[0], at.split(",")[1], "click", "1");
      AppOnDisplay.Event resumed = x.await("resumed", LONG);
      x.await("banner", e -> e.nanos() > resumed.nanos() && e.detail().contains("visible=false"), LONG);
      AppOnDisplay.Event end = x.await("outcome", LONG);
      assertThat(end.detail()).startsWith("DONE");
      assertThat(Files.readString(typed)).isEqualTo("before\nafter resume\n");
      assertThat(x.events()).filteredOn(e -> e.name().equals("paused")).hasSize(1);
    }
  }

  private static Path runDir(AppOnDisplay x, Path results) throws IOException {
    await().atMost(LONG).until(() -> findInitial(results) != null);
    return findInitial(results).getParent();
  }

  private static Path findInitial(Path results) throws IOException {
    if (!Files.exists(results)) {
      return null;
    }
    try (Stream<Path> s = Files.walk(results)) {
      return s.filter(p -> p.getFileName().toString().equals("initial.png")).findFirst().orElse(null);
    }
  }

  private static int distinctColours(BufferedImage img, int x, int y, int w, int h) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int i = x; i < Math.min(img.getWidth(), x + w); i += 2) {
      for (int j = y; j < Math.min(img.getHeight(), y + h); j += 2) {
        colours.add(img.getRGB(i, j) & 0xffffff);
      }
    }
    return colours.size();
  }
}
