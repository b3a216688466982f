package dev.deskpilot.tasks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A test's own Xvfb (the display number it picked) with openbox, ended by pid when closed. */
final class TestDisplay implements AutoCloseable {
  private final List<Process> processes = new ArrayList<>();
  final String display;

  TestDisplay() throws IOException {
    Process xvfb = new ProcessBuilder("Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    processes.add(xvfb);
    BufferedReader r = new BufferedReader(new InputStreamReader(xvfb.getInputStream(), StandardCharsets.US_ASCII));
    String line = r.readLine();
    if (line == null || !line.strip().matches("\\d+")) {
      close();
      throw new IOException("Xvfb did not print its display number (got " + line + ")");
    }
    display = ":" + line.strip();
    // Tests use wmctrl and window activation: wait (bounded) until openbox manages the display,
    // starting it a second time if it died, and say what it printed if it never comes up.
    java.nio.file.Path log = java.nio.file.Files.createTempFile("openbox", ".log");
    for (int attempt = 1; ; attempt++) {
      ProcessBuilder wm = new ProcessBuilder("openbox", "--sm-disable").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      wm.environment().put("DISPLAY", display);
      wm.environment().remove("SESSION_MANAGER");
      Process openbox = wm.start();
      processes.add(openbox);
      if (awaitWindowManager(openbox, java.time.Duration.ofSeconds(15))) {
        return;
      }
      if (attempt == 2) {
        String out = java.nio.file.Files.readString(log);
        close();
        throw new IOException("openbox did not manage " + display + " after 2 tries; it printed: " + out.strip());
      }
    }
  }

  private boolean awaitWindowManager(Process openbox, java.time.Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && openbox.isAlive()) {
      ProcessBuilder pb = new ProcessBuilder("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").redirectErrorStream(true);
      pb.environment().put("DISPLAY", display);
      Process p = pb.start();
      try {
        if (p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)
            && new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).contains("window id")) {
          return true;
        }
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        throw new IOException("interrupted while waiting for openbox", e);
      } finally {
        p.destroyForcibly();
      }
    }
    return false;
  }

  @Override
  public void close() {
    for (Process p : processes.reversed()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
