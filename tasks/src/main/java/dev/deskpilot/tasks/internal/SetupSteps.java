package dev.deskpilot.tasks.internal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The setup step types run by a {@link StepHandler} (the others have their own record). */
public final class SetupSteps {
  private static final Map<String, StepHandler> HANDLERS = Map.of(
      "download", DownloadStep::run,
      "open", WindowSteps::open,
      "activate_window", WindowSteps::activate,
      "close_window", WindowSteps::close,
      "chrome_open_tabs", ChromeSteps::openTabs,
      "chrome_close_tabs", ChromeSteps::closeTabs,
      "update_browse_history", ChromeSteps::updateHistory);

  private SetupSteps() {}

  public static Optional<StepHandler> handler(String type) {
    return Optional.ofNullable(HANDLERS.get(type));
  }

  public static Set<String> types() {
    return HANDLERS.keySet();
  }
}
