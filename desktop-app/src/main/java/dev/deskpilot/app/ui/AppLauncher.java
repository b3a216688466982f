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
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
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
          System.out.println("usage: deskpilot app [--results DIR] [--config DIR] [--exit-when-ready]");
          return 0;
        }
        default -> {
          System.err.println("deskpilot app: unknown option '" + a + "' (valid: --results DIR, --config DIR, --exit-when-ready)");
          return 2;
        }
      }
    }
    AppContext context = AppContext.standard(config, results);
    CountDownLatch closed = new CountDownLatch(1);
    boolean ready = exitWhenReady;
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
