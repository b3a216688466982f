package dev.deskpilot.tasks.internal;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.tasks.StepOutcome;
import dev.deskpilot.tasks.TaskContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * OSWorld's window setup steps, run on the desktop with {@code wmctrl} as OSWorld's in-VM server
 * does ({@code desktop_env/server/main.py}: {@code /setup/open_file}, {@code /setup/activate_window},
 * {@code /setup/close_window}):
 *
 * <ul>
 *   <li>{@code open} ({@code path}): a path that exists (after {@code ~} expansion) is opened, an
 *       office document with LibreOffice and anything else with {@code xdg-open}; a path that does
 *       not exist but names a program on the PATH is started. Then {@code wmctrl -l} is polled
 *       every second until a window title contains the file name or the name without its
 *       extension, and that window is activated. OSWorld treats a failure as fatal: no window in
 *       time (OSWorld waits 1800 s, Deskpilot {@link #OPEN_TIMEOUT}), a path that is neither, or no
 *       {@code wmctrl} throw {@link DesktopException} FAILED.
 *   <li>{@code activate_window}/{@code close_window} ({@code window_name}, {@code strict},
 *       {@code by_class}): {@code wmctrl -a}/{@code -c} with {@code -x} for by_class and
 *       {@code -F} for strict, as OSWorld; a window that is not there is logged, not fatal.
 * </ul>
 */
public final class WindowSteps {
  /** How long {@code open} waits for the document's window. */
  public static final Duration OPEN_TIMEOUT = Duration.ofSeconds(180);

  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

  /** Extensions OSWorld's desktop opens in LibreOffice (its default handler for them on Ubuntu). */
  static final Set<String> OFFICE =
      Set.of("csv", "ods", "xls", "xlsx", "xlsm", "doc", "docx", "odt", "rtf", "ppt", "pptx", "odp");

  /** Prints "file\n<absolute path>", "app\n<name>" or "none" for its argument. */
  private static final String RESOLVE =
      "p=$1; case $p in \"~\"|\"~/\"*) p=$HOME${p#\"~\"};; esac; "
          + "if [ -e \"$p\" ]; then printf 'file\\n%s' \"$p\"; "
          + "elif command -v -- \"$1\" >/dev/null 2>&1; then printf 'app\\n%s' \"$1\"; "
          + "else printf none; fi";

  private WindowSteps() {}

  /** {@code open}: opens a file or starts a program and waits for its window. */
  public static StepOutcome open(TaskContext ctx, StepParams step) throws InterruptedException {
    String path = step.string("path");
    CommandResult r = run(ctx, new Command(List.of("sh", "-c", RESOLVE, "sh", path), false, COMMAND_TIMEOUT));
    String[] answer = r.stdout().split("\n", 2);
    String fileName;
    String stem;
    Command start;
    if (answer[0].equals("file") && answer.length == 2) {
      String abs = answer[1];
      fileName = abs.substring(abs.lastIndexOf('/') + 1);
      int dot = fileName.lastIndexOf('.');
      stem = dot > 0 ? fileName.substring(0, dot) : fileName;
      String ext = dot > 0 ? fileName.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
      start = OFFICE.contains(ext)
          ? new Command(List.of("libreoffice", "--norestore", abs), false, COMMAND_TIMEOUT)
          : new Command(List.of("xdg-open", abs), false, COMMAND_TIMEOUT);
    } else if (answer[0].equals("app") && answer.length == 2) {
      fileName = path;
      stem = path;
      start = new Command(List.of(path), false, COMMAND_TIMEOUT);
    } else {
      throw new DesktopException(DesktopException.Kind.FAILED,
          step.label() + " open: application/file not found on the desktop: " + path);
    }
    try {
      ctx.desktop().launch(start);
    } catch (DesktopException e) {
      SetupFailures.rethrowIfUnreachable(e);
      throw new DesktopException(DesktopException.Kind.FAILED,
          step.label() + " open: cannot start " + start.argv().getFirst() + " for " + path + ": " + e.getMessage(), e);
    }
    long attempts = OPEN_TIMEOUT.toSeconds() / POLL.toSeconds();
    for (long i = 0; i < attempts; i++) {
      Optional<Window> w = listWindows(ctx).stream()
          .filter(x -> x.title().contains(fileName) || x.title().contains(stem))
          .findFirst();
      if (w.isPresent()) {
        CommandResult a = run(ctx, new Command(List.of("wmctrl", "-i", "-a", w.get().id()), false, COMMAND_TIMEOUT));
        return new StepOutcome(step.label(), "open", true,
            path + " -> window " + w.get().id() + " \"" + w.get().title() + "\"" + (a.exitCode() == 0 ? " activated" : " (activation failed)"));
      }
      ctx.sleeper().sleep(POLL);
    }
    throw new DesktopException(DesktopException.Kind.FAILED,
        step.label() + " open: no window whose title contains \"" + fileName + "\" or \"" + stem + "\" within "
            + OPEN_TIMEOUT.toSeconds() + " s after starting " + start.argv().getFirst() + " " + path);
  }

  /** {@code activate_window}: {@code wmctrl -[x][F]a window_name}. */
  public static StepOutcome activate(TaskContext ctx, StepParams step) {
    return wmctrl(ctx, step, 'a', "activated");
  }

  /** {@code close_window}: {@code wmctrl -[x][F]c window_name} (a graceful close request). */
  public static StepOutcome close(TaskContext ctx, StepParams step) {
    return wmctrl(ctx, step, 'c', "closed");
  }

  private static StepOutcome wmctrl(TaskContext ctx, StepParams step, char action, String done) {
    String name = step.string("window_name");
    boolean strict = step.flag("strict", false);
    boolean byClass = step.flag("by_class", false);
    String option = "-" + (byClass ? "x" : "") + (strict ? "F" : "") + action;
    CommandResult r = run(ctx, new Command(List.of("wmctrl", option, name), false, COMMAND_TIMEOUT));
    String what = "wmctrl " + option + " \"" + name + "\"";
    if (r.exitCode() == 0) {
      return new StepOutcome(step.label(), step.type(), true, what + ": " + done);
    }
    return new StepOutcome(step.label(), step.type(), false,
        what + " -> exit " + r.exitCode() + (r.exitCode() == 1 ? ": no such window" : ": " + SetupFailures.firstLine(r.stderr())));
  }

  /** A top-level window as {@code wmctrl -l} lists it. */
  record Window(String id, String title) {}

  /** {@code wmctrl -l}: id, desktop, host, title. An empty list while the window manager starts. */
  static List<Window> listWindows(TaskContext ctx) {
    CommandResult r = run(ctx, new Command(List.of("wmctrl", "-l"), false, COMMAND_TIMEOUT));
    List<Window> out = new ArrayList<>();
    if (r.exitCode() != 0) {
      return out;
    }
    for (String line : r.stdout().split("\n")) {
      String[] parts = line.strip().split("\\s+", 4);
      if (parts.length >= 3 && parts[0].startsWith("0x")) {
        out.add(new Window(parts[0], parts.length == 4 ? parts[3] : ""));
      }
    }
    return out;
  }

  /** Runs a helper program; one that is not installed on the desktop is a clear failure. */
  static CommandResult run(TaskContext ctx, Command c) {
    CommandResult r;
    try {
      r = ctx.desktop().run(c);
    } catch (DesktopException e) {
      SetupFailures.rethrowIfUnreachable(e);
      throw new DesktopException(DesktopException.Kind.FAILED,
          c.argv().getFirst() + " cannot run on the desktop: " + e.getMessage(), e);
    }
    if (r.exitCode() == 127) {
      throw new DesktopException(DesktopException.Kind.FAILED,
          c.argv().getFirst() + " is not installed on the desktop (exit 127); OSWorld's setup steps need it");
    }
    return r;
  }
}
