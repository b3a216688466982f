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
    ProcessBuilder wm = new ProcessBuilder("openbox").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    wm.environment().put("DISPLAY", display);
    processes.add(wm.start());
  }

  @Override
  public void close() {
    for (Process p : processes.reversed()) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
