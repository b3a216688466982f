package dev.deskpilot.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Screenshot;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real sandbox: Xvfb, openbox, D-Bus and the guest server, driven through {@link HttpDesktop}. */
class SandboxIT {
  private static Sandbox sandbox;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxOptions.defaults());
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void theScreenIsTheConfiguredSize() {
    Screenshot shot = sandbox.desktop().capture();
    assertThat(shot.width()).isEqualTo(1920);
    assertThat(shot.height()).isEqualTo(1080);
    assertThat(sandbox.desktop().health()).isEqualTo(new GuestHealth(sandbox.display(), 1920, 1080));
    assertThat(sandbox.description()).contains(sandbox.id()).contains(sandbox.display()).contains("1920x1080");
  }

  @Test
  void commandsRunInTheSandboxSessionWithAThrowawayHome() {
    CommandResult r =
        sandbox.desktop().run(Command.shell("echo \"$DISPLAY|$HOME|$GSETTINGS_BACKEND|$DESKPILOT_GUEST_TOKEN|$PWD\""));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout())
        .isEqualTo(sandbox.display() + "|" + sandbox.home() + "|memory||" + sandbox.home() + "\n");
    CommandResult bus = sandbox.desktop().run(Command.of("dbus-send", "--session", "--print-reply",
        "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.GetId"));
    assertThat(bus.exitCode()).as(bus.stderr()).isZero();
  }

  @Test
  void theHomeHoldsASeededOfficeProfileWhenLibreOfficeIsInstalled() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        dev.deskpilot.vm.internal.OfficeProfile.installedVersion().isPresent(), "LibreOffice is not installed");
    CommandResult r = sandbox.desktop().run(Command.shell("cat ~/.config/libreoffice/4/user/registrymodifications.xcu"));
    assertThat(r.stdout()).contains("ShowTipOfTheDay").contains(
        "<value>" + dev.deskpilot.vm.internal.OfficeProfile.installedVersion().get() + "</value>");
  }

  @Test
  void filesWrittenThroughTheGuestAreThereAndReadBack() {
    String path = sandbox.home() + "/docs/note.txt";
    sandbox.desktop().writeFile(path, "hello sandbox\n".getBytes(StandardCharsets.UTF_8));
    assertThat(sandbox.desktop().run(Command.of("cat", path)).stdout()).isEqualTo("hello sandbox\n");
    assertThat(new String(sandbox.desktop().readFile(path), StandardCharsets.UTF_8)).isEqualTo("hello sandbox\n");
    assertThatThrownBy(() -> sandbox.desktop().readFile(sandbox.home() + "/nope"))
        .isInstanceOfSatisfying(
            DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.NO_SUCH_FILE));
  }

  @Test
  void aWrongTokenIsUnauthorized() {
    try (HttpDesktop intruder =
        new HttpDesktop(java.net.URI.create(sandbox.desktop().url()), "not-the-token-0123456789abcdefghijkl")) {
      assertThatThrownBy(intruder::capture)
          .isInstanceOfSatisfying(
              DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.UNAUTHORIZED))
          .hasMessage("guest at " + sandbox.desktop().url() + " refused the session token");
    }
  }

  @Test
  void aClickOutsideTheScreenFailsWithoutTouchingIt() {
    ActionResult r = sandbox.desktop().perform(Action.Click.left(new Point(5000, 20)));
    assertThat(r.ok()).isFalse();
    assertThat(r.error()).isEqualTo("click at (5000,20) is outside the 1920x1080 screen");
  }

  @Test
  void symbolsTypedIntoXtermArriveExactly() {
    HttpDesktop desktop = sandbox.desktop();
    desktop.launch(Command.of("xterm", "-geometry", "100x20+40+40", "-e", "bash", "--norc", "--noprofile"));
    String window = awaitWindow(desktop, "xterm");
    CommandResult activate = desktop.run(Command.of("xdotool", "windowactivate", "--sync", window));
    assertThat(activate.exitCode()).as(activate.stderr()).isZero();

    assertThat(distinctColours(desktop.capture().image())).isGreaterThan(1);

    String symbols = "A@#$%^&*()_+{}|:\"<>?~";
    ActionResult typed = desktop.perform(new Action.TypeText("echo '" + symbols + "' > ~/out.txt\n"));
    assertThat(typed.ok()).as(typed.error()).isTrue();
    String out = sandbox.home() + "/out.txt";
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsMatching(e -> e instanceof DesktopException d && d.kind() == DesktopException.Kind.NO_SUCH_FILE)
        .until(() -> new String(desktop.readFile(out), StandardCharsets.UTF_8), s -> s.endsWith("\n"));
    assertThat(new String(desktop.readFile(out), StandardCharsets.UTF_8)).isEqualTo(symbols + "\n");

    ActionResult keys = desktop.perform(new Action.TypeText("exit\n"));
    assertThat(keys.ok()).isTrue();
  }

  @Test
  void twoSandboxesRunSideBySideAndClosingLeavesNothingBehind() throws Exception {
    Sandbox second = Sandbox.start(SandboxOptions.defaults().withSize(800, 600));
    long group = second.processGroup();
    String id = second.id();
    try {
      assertThat(second.display()).isNotEqualTo(sandbox.display());
      Screenshot shot = second.desktop().capture();
      assertThat(shot.width()).isEqualTo(800);
      assertThat(shot.height()).isEqualTo(600);
      second.desktop().launch(Command.of("xterm"));
      awaitWindow(second.desktop(), "xterm");
      assertThat(groupMembers(group)).isGreaterThanOrEqualTo(5);
      assertThat(Files.isDirectory(second.directory())).isTrue();
      assertThat(Files.size(second.logFile())).isPositive();
    } finally {
      second.close();
    }
    // Killed processes may linger a moment as zombies until reaped: wait (bounded) for live ones to be gone.
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> liveGroupMembers(group) == 0);
    assertThat(dev.deskpilot.vm.internal.SandboxProcesses.find(id, Optional.empty())).isEmpty();
    assertThat(second.directory()).doesNotExist();
    // The first sandbox is untouched.
    assertThat(sandbox.desktop().health().width()).isEqualTo(1920);
  }

  static String awaitWindow(HttpDesktop desktop, String windowClass) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> desktop.run(Command.of("xdotool", "search", "--onlyvisible", "--class", windowClass)).stdout().strip(),
            s -> !s.isEmpty())
        .lines()
        .findFirst()
        .orElseThrow();
  }

  /** Members of a process group that are not zombies (a zombie has exited; only its entry remains). */
  static long liveGroupMembers(long pgid) {
    return ProcessHandle.allProcesses()
        .filter(p -> dev.deskpilot.vm.internal.SandboxProcesses.stat(p.pid()).map(s -> s.pgid() == pgid).orElse(false))
        .filter(p -> !isZombie(p.pid()))
        .count();
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.io.IOException e) {
      return true; // gone
    }
  }

  static long groupMembers(long pgid) {
    return ProcessHandle.allProcesses()
        .filter(p -> dev.deskpilot.vm.internal.SandboxProcesses.stat(p.pid()).map(s -> s.pgid() == pgid).orElse(false))
        .count();
  }

  private static long distinctColours(BufferedImage image) {
    return java.util.stream.IntStream.range(0, image.getHeight())
        .flatMap(y -> java.util.stream.IntStream.range(0, image.getWidth()).map(x -> image.getRGB(x, y)))
        .distinct()
        .limit(10)
        .count();
  }
}
