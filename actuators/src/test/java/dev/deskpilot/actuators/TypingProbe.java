package dev.deskpilot.actuators;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM by {@link TypingIT}: types each string (base64 arguments) into the focused
 * mousepad, saves with ctrl+s, waits for the file to hold it and prints "ok" or what it got.
 */
public final class TypingProbe {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    try (RobotExecutor exec = new RobotExecutor()) {
      for (int i = 1; i < args.length; i++) {
        String want = new String(Base64.getDecoder().decode(args[i]), StandardCharsets.UTF_8);
        exec.perform(Action.KeyChord.parse("ctrl+a"));
        ActionResult typed = exec.perform(new Action.TypeText(want));
        exec.perform(Action.KeyChord.parse("ctrl+s"));
        String got = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
          got = Files.readString(file, StandardCharsets.UTF_8);
          if (got.equals(want)) {
            break;
          }
          Thread.sleep(50);
        }
        System.out.println(got.equals(want) && typed.ok() ? "ok" : "MISMATCH " + typed + " got:" + Base64.getEncoder().encodeToString(got.getBytes(StandardCharsets.UTF_8)));
      }
    }
    Runtime.getRuntime().halt(0);
  }
}
