package dev.deskpilot.app;

import dev.deskpilot.app.ui.AppLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code deskpilot app}: the JavaFX controller. */
@Command(name = "app", description = "Open the Deskpilot app (hand over a chore, watch, steer, approve, stop).")
final class AppCommand implements Callable<Integer> {
  @Unmatched List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return AppLauncher.launch(args.toArray(String[]::new));
  }
}
