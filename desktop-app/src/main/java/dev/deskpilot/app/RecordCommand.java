package dev.deskpilot.app;

import dev.deskpilot.app.record.Recorder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code deskpilot record --out FILE}: a person's demonstration as a grounded step script. */
@Command(name = "record", description = "Record your clicks and typing on this display as a step script.")
final class RecordCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where the script goes.")
  Path out;

  @Option(names = "--max", paramLabel = "SECONDS", defaultValue = "600", description = "Stop after this long (default: ${DEFAULT-VALUE}).")
  long maxSeconds;

  @Option(names = "--stop", paramLabel = "CHORD", defaultValue = "ctrl+shift+escape", description = "Chord that ends the recording (default: ${DEFAULT-VALUE}).")
  String stopChord;

  @Override
  public Integer call() throws Exception {
    if (maxSeconds < 1) {
      throw new UserInputException("--max must be at least 1 second, was " + maxSeconds);
    }
    int lines = Recorder.record(out, Duration.ofSeconds(maxSeconds), stopChord, System.err);
    System.err.println("wrote " + lines + " script line(s) to " + out);
    return 0;
  }
}
