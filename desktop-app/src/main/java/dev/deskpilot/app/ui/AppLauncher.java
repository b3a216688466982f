package dev.deskpilot.app.ui;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Starts the Deskpilot desktop app (the JavaFX controller) in this JVM and blocks until its window
 * is closed. Deliberately not an {@code Application} subclass, so that the app runs from a plain
 * class path.
 *
 * <pre>
 * --results DIR      results root for this session (default: the settings' folder, "results")
 * --config DIR       settings and key file folder (default: ~/.config/deskpilot)
 * --exit-when-ready  print "deskpilot-app ready &lt;ms since JVM start&gt;" once the window has
 *                    painted, then exit (startup benchmark)
 * --script FILE      put this step script in the editor (and pick the step-script policy)
 * --target T         this (this desktop) or sandbox
 * --open-first CMD   a command started on the target before the run
 * --start            press Start once the window shows
 * --exit-after-run   close the app when the first run has ended
 * --events           print each run's events on stdout, one line each ({@link RunEventLog})
 * </pre>
 */
public final class AppLauncher {
  /** The line printed (with the milliseconds since JVM start) when the window has painted. */
  public static final String READY = "deskpilot-app ready";

  private AppLauncher() {}

  public static void main(String[] args) {
    System.exit(launch(args));
  }

  /**
   * Runs the app until its window closes.
   *
   * @return 0 when the window was closed, 1 when JavaFX could not start (no display), 2 for bad
   *     arguments
   */
  public static int launch(String[] args) {
    Optional<Path> results = Optional.empty();
    Optional<Path> config = Optional.empty();
    boolean exitWhenReady = false;
    Optional<String> script = Optional.empty();
    Optional<Target> target = Optional.empty();
    String openFirst = "";
    boolean start = false;
    boolean exitAfterRun = false;
    boolean events = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--script" -> {
          if (i + 1 >= args.length) {
            System.err.println("deskpilot app: --script needs a step-script file");
            return 2;
          }
          Path file = Path.of(args[++i]);
          try {
            script = Optional.of(java.nio.file.Files.readString(file));
          } catch (java.io.IOException e) {
            System.err.println("deskpilot app: --script " + file + ": cannot read it (" + e.getMessage() + ")");
            return 2;
          }
        }
        case "--target" -> {
          String t = i + 1 < args.length ? args[++i] : "";
          switch (t) {
            case "this" -> target = Optional.of(Target.THIS_DESKTOP);
            case "sandbox" -> target = Optional.of(Target.SANDBOX);
            default -> {
              System.err.println("deskpilot app: --target '" + t + "' is unknown (valid: this, sandbox)");
              return 2;
            }
          }
        }
        case "--open-first" -> {
          if (i + 1 >= args.length) {
            System.err.println("deskpilot app: --open-first needs a command");
            return 2;
          }
          openFirst = args[++i];
        }
        case "--start" -> start = true;
        case "--exit-after-run" -> exitAfterRun = true;
        case "--events" -> events = true;
        case "--results", "--config" -> {
          if (i + 1 >= args.length || args[i + 1].isBlank()) {
            System.err.println("deskpilot app: " + a + " needs a folder");
            return 2;
          }
          Path p = Path.of(args[++i]);
          if (a.equals("--results")) {
            results = Optional.of(p);
          } else {
            config = Optional.of(p);
          }
        }
        case "--exit-when-ready" -> exitWhenReady = true;
        case "-h", "--help" -> {
          System.out.println("usage: deskpilot app [--results DIR] [--config DIR] [--exit-when-ready] [--script FILE]"
              + " [--target this|sandbox] [--open-first CMD] [--start] [--exit-after-run] [--events]");
          return 0;
        }
        default -> {
          System.err.println("deskpilot app: unknown option '" + a + "' (valid: --results DIR, --config DIR, --exit-when-ready,"
              + " --script FILE, --target this|sandbox, --open-first CMD, --start, --exit-after-run, --events)");
          return 2;
        }
      }
    }
    if (start && script.isEmpty()) {
      System.err.println("deskpilot app: --start needs --script FILE (the run's step script)");
      return 2;
    }
    AppContext context = AppContext.standard(config, results);
    CountDownLatch closed = new CountDownLatch(1);
    boolean ready = exitWhenReady;
    Optional<String> scriptText = script;
    Optional<Target> where = target;
    String first = openFirst;
    boolean startRun = start;
    boolean exitAfter = exitAfterRun;
    boolean logEvents = events;
    Throwable[] failure = new Throwable[1];
    try {
      Platform.setImplicitExit(false);
      trace("platform starting");
      Platform.startup(() -> {
        try {
          trace("platform started");
          Stage stage = new Stage();
          DeskpilotWindow window = DeskpilotWindow.open(stage, context);
          trace("window shown");
          stage.setOnCloseRequest(e -> {
            window.shutdown();
            Platform.exit();
            closed.countDown();
          });
          if (logEvents) {
            window.logEventsTo(System.out);
          }
          if (exitAfter) {
            window.afterEachRun(() -> Platform.runLater(() -> {
              window.shutdown();
              Platform.exit();
              closed.countDown();
            }));
          }
          window.runView.prefill(scriptText, where, first);
          if (startRun) {
            String problem = window.runView.start();
            if (!problem.isEmpty()) {
              throw new IllegalArgumentException("cannot start the run: " + problem);
            }
          }
          if (ready) {
            reportWhenPainted(() -> {
              window.shutdown();
              Platform.exit();
              closed.countDown();
            });
          }
        } catch (RuntimeException e) {
          failure[0] = e;
          Platform.exit();
          closed.countDown();
        }
      });
    } catch (RuntimeException e) {
      System.err.println("deskpilot app: JavaFX cannot start: " + e.getMessage()
          + " (is DISPLAY set? headless machines can use -Dglass.platform=Headless -Dprism.order=sw)");
      return 1;
    }
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Platform.exit();
      return 1;
    }
    if (failure[0] != null) {
      System.err.println("deskpilot app: " + failure[0].getMessage());
      return 1;
    }
    return 0;
  }

  /** With {@code -Ddeskpilot.trace=true}, prints startup phases to stderr. */
  static void trace(String what) {
    if (Boolean.getBoolean("deskpilot.trace")) {
      System.err.println("deskpilot-app " + ManagementFactory.getRuntimeMXBean().getUptime() + " ms: " + what);
    }
  }

  /** Prints {@link #READY} after the second pulse following show (the window has painted). */
  private static void reportWhenPainted(Runnable then) {
    new AnimationTimer() {
      private int frames;

      @Override
      public void handle(long now) {
        if (++frames == 2) {
          stop();
          System.out.println(READY + " " + ManagementFactory.getRuntimeMXBean().getUptime());
          System.out.flush();
          then.run();
        }
      }
    }.start();
  }
}
