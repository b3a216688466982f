package dev.deskpilot.app.ui;

import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.actuators.HumanControl;
import dev.deskpilot.perception.FrameReader;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.Perceiver;
import dev.deskpilot.vm.Environment;
import dev.deskpilot.vm.EnvironmentFactory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What the app keeps between runs: the sandbox (started on first use, kept so that the live view
 * goes on and the next run continues where the last ended), the OCR engine, and a live feed of the
 * sandbox's screen while no run is going. Closing it ends the sandbox and the engine.
 */
final class Workspace implements AutoCloseable {
  private static final long FEED_MILLIS = 900;

  private final EnvironmentFactory sandboxes;
  private final Supplier<List<Rect>> ownWindows;
  private final Supplier<? extends FrameReader> readerFactory;
  private Environment sandbox;
  private FrameReader reader;
  private volatile boolean runActive;
  private volatile Consumer<Screenshot> feed = s -> {};
  private ScheduledExecutorService feeder;

  Workspace(EnvironmentFactory sandboxes, Supplier<List<Rect>> ownWindows) {
    this(sandboxes, ownWindows, Perceiver::open);
  }

  Workspace(EnvironmentFactory sandboxes, Supplier<List<Rect>> ownWindows, Supplier<? extends FrameReader> readerFactory) {
    this.sandboxes = sandboxes;
    this.ownWindows = ownWindows;
    this.readerFactory = readerFactory;
  }

  /** Where frames of the idle sandbox go (called off the JavaFX thread). */
  void onLiveFrame(Consumer<Screenshot> consumer) {
    feed = consumer;
  }

  /**
   * The desktop of a target, starting the sandbox if there is none yet.
   *
   * @param human the person's brake on this run (this desktop's executor obeys it and announces
   *     its input to it)
   * @throws DesktopException when the target cannot be reached
   */
  synchronized Desktop desktop(Target target, HumanControl human) {
    return switch (target) {
      case THIS_DESKTOP -> new LocalDesktop(human, ownWindows);
      case SANDBOX -> {
        if (sandbox == null) {
          sandbox = sandboxes.start();
          startFeed();
        }
        yield sandbox.desktop();
      }
      case VM -> throw new DesktopException(DesktopException.Kind.UNREACHABLE, "virtual machines are not available in the app yet");
    };
  }

  synchronized Optional<String> sandboxDescription() {
    return Optional.ofNullable(sandbox).map(Environment::description);
  }

  /**
   * The frame reader runs read through (a {@link Perceiver}), opened on first use and kept across
   * runs (one run at a time; each run starts a new sequence), so text read once is not read again.
   */
  synchronized FrameReader reader() {
    if (reader == null) {
      reader = readerFactory.get();
    }
    return reader;
  }

  void runActive(boolean active) {
    runActive = active;
  }

  private void startFeed() {
    feeder = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "deskpilot-live-view");
      t.setDaemon(true);
      return t;
    });
    Environment env = sandbox;
    feeder.scheduleWithFixedDelay(() -> {
      if (runActive) {
        return;
      }
      try {
        feed.accept(env.desktop().capture());
      } catch (RuntimeException e) {
        // the sandbox is closing or gone; the next run reports it
      }
    }, 0, FEED_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Closes the sandbox (a fresh one starts on the next sandbox run). */
  synchronized void closeSandbox() {
    if (feeder != null) {
      feeder.shutdownNow();
      feeder = null;
    }
    if (sandbox != null) {
      sandbox.close();
      sandbox = null;
    }
  }

  @Override
  public synchronized void close() {
    closeSandbox();
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }
}
