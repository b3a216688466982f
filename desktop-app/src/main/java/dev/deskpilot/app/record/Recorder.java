package dev.deskpilot.app.record;

import com.github.kwhat.jnativehook.GlobalScreen;
import com.github.kwhat.jnativehook.NativeHookException;
import com.github.kwhat.jnativehook.NativeInputEvent;
import com.github.kwhat.jnativehook.keyboard.NativeKeyEvent;
import com.github.kwhat.jnativehook.keyboard.NativeKeyListener;
import com.github.kwhat.jnativehook.keyboard.SwingKeyAdapter;
import com.github.kwhat.jnativehook.mouse.NativeMouseEvent;
import com.github.kwhat.jnativehook.mouse.NativeMouseListener;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.actuators.Keys;
import dev.deskpilot.actuators.RobotScreen;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Perceiver;
import dev.deskpilot.perception.Screenshot;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Records a person's clicks, drags, keys and typing on this JVM's display (global jnativehook hook)
 * with a screenshot from just before each click, and writes them as a step script whose click
 * targets are grounded on the text under the pointer ({@link ScriptWriter}).
 *
 * <pre>{@code
 * Recorder.record(Path.of("demo.steps"), Duration.ofMinutes(5), "ctrl+shift+escape", System.err);
 * }</pre>
 *
 * <p>The screen is captured every {@value #CAPTURE_MILLIS} ms and after each input, so the
 * screenshot used for a click shows the screen before the press. OCR runs after recording stops.
 */
public final class Recorder implements AutoCloseable {
  static final long CAPTURE_MILLIS = 250;

  private final RobotScreen screen;
  private final Set<Integer> stopCodes;
  private final List<RecordedInput> inputs = new ArrayList<>();
  private final AtomicReference<Screenshot> latest = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Set<Integer> down = new HashSet<>();
  private final Thread capturer;
  private final NativeKeyListener keys;
  private final NativeMouseListener mouse;

  private static final class Codes extends SwingKeyAdapter {
    int awt(NativeKeyEvent e) {
      return getJavaKeyEvent(e).getKeyCode();
    }
  }

  private Recorder(String stopChord) {
    this.screen = new RobotScreen();
    this.stopCodes = new HashSet<>();
    for (String k : Action.KeyChord.parse(stopChord).keys()) {
      stopCodes.add(Keys.code(k));
    }
    Codes c = new Codes();
    this.keys =
        new NativeKeyListener() {
          @Override
          public void nativeKeyPressed(NativeKeyEvent e) {
            int code = c.awt(e);
            synchronized (Recorder.this) {
              down.add(code);
              if (down.containsAll(stopCodes)) {
                stopped.countDown();
                return;
              }
              int m = e.getModifiers();
              inputs.add(new RecordedInput.Key(
                  code,
                  (m & NativeInputEvent.CTRL_MASK) != 0,
                  (m & NativeInputEvent.ALT_MASK) != 0,
                  (m & NativeInputEvent.SHIFT_MASK) != 0,
                  (m & NativeInputEvent.META_MASK) != 0));
            }
          }

          @Override
          public void nativeKeyReleased(NativeKeyEvent e) {
            synchronized (Recorder.this) {
              down.remove(c.awt(e));
            }
          }

          @Override
          public void nativeKeyTyped(NativeKeyEvent e) {
            int m = e.getModifiers();
            if ((m & (NativeInputEvent.CTRL_MASK | NativeInputEvent.ALT_MASK | NativeInputEvent.META_MASK)) != 0) {
              return;
            }
            char ch = e.getKeyChar();
            if (ch != NativeKeyEvent.CHAR_UNDEFINED) {
              synchronized (Recorder.this) {
                if (stopped.getCount() > 0) {
                  inputs.add(new RecordedInput.Typed(ch));
                }
              }
            }
          }
        };
    this.mouse =
        new NativeMouseListener() {
          @Override
          public void nativeMousePressed(NativeMouseEvent e) {
            Screenshot before = latest.get();
            synchronized (Recorder.this) {
              inputs.add(new RecordedInput.Press(button(e.getButton()), new Point(e.getX(), e.getY()), System.nanoTime(), before));
            }
          }

          @Override
          public void nativeMouseReleased(NativeMouseEvent e) {
            synchronized (Recorder.this) {
              inputs.add(new RecordedInput.Release(button(e.getButton()), new Point(e.getX(), e.getY()), System.nanoTime()));
            }
            capturer.interrupt(); // capture again soon after the click
          }
        };
    this.capturer = Thread.ofPlatform().daemon().name("recorder-capture").unstarted(this::captureLoop);
  }

  private static Action.MouseButton button(int jnativehookButton) {
    return switch (jnativehookButton) {
      case NativeMouseEvent.BUTTON2 -> Action.MouseButton.RIGHT;
      case NativeMouseEvent.BUTTON3 -> Action.MouseButton.MIDDLE;
      case NativeMouseEvent.BUTTON4 -> Action.MouseButton.BACK;
      case NativeMouseEvent.BUTTON5 -> Action.MouseButton.FORWARD;
      default -> Action.MouseButton.LEFT;
    };
  }

  /**
   * Starts recording.
   *
   * @param stopChord the keys that end the recording when held together (they are not recorded)
   * @throws DesktopException of kind UNREACHABLE when there is no display or the hook cannot start
   */
  public static Recorder start(String stopChord) {
    Recorder r = new Recorder(stopChord);
    Logger log = Logger.getLogger(GlobalScreen.class.getPackage().getName());
    log.setLevel(Level.WARNING);
    log.setUseParentHandlers(false);
    try {
      if (!GlobalScreen.isNativeHookRegistered()) {
        GlobalScreen.registerNativeHook();
      }
    } catch (NativeHookException | UnsatisfiedLinkError e) {
      throw new DesktopException(DesktopException.Kind.UNREACHABLE, "cannot register the global input hook: " + e.getMessage(), e);
    }
    r.latest.set(r.screen.capture());
    r.capturer.start();
    GlobalScreen.addNativeKeyListener(r.keys);
    GlobalScreen.addNativeMouseListener(r.mouse);
    return r;
  }

  private void captureLoop() {
    while (stopped.getCount() > 0) {
      try {
        latest.set(screen.capture());
      } catch (RuntimeException e) {
        // a failed capture leaves the previous one in place
      }
      try {
        Thread.sleep(CAPTURE_MILLIS);
      } catch (InterruptedException e) {
        // woken early after a click: capture now
      }
    }
  }

  /** Waits until the stop chord is pressed or {@code max} has passed. */
  public boolean awaitStop(Duration max) throws InterruptedException {
    return stopped.await(max.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops recording; returns what was recorded. */
  public synchronized List<RecordedInput> stop() {
    stopped.countDown();
    GlobalScreen.removeNativeKeyListener(keys);
    GlobalScreen.removeNativeMouseListener(mouse);
    return List.copyOf(inputs);
  }

  @Override
  public void close() {
    stop();
  }

  /** Turns recorded input into step-script lines, grounding clicks with {@code reader}. */
  public static List<String> script(List<RecordedInput> inputs, Function<Screenshot, Observation> reader) {
    ScriptWriter w = new ScriptWriter(reader);
    inputs.forEach(w::add);
    return w.lines();
  }

  /**
   * The {@code deskpilot record} entry point: records until {@code stopChord} or {@code max}, then
   * writes the step script to {@code out} (OCR with tesseract).
   *
   * @return the number of script lines written
   */
  public static int record(Path out, Duration max, String stopChord, PrintStream progress)
      throws IOException, InterruptedException {
    progress.println("recording: act now; press " + stopChord + " to stop (at most " + max.toSeconds() + " s)");
    List<RecordedInput> inputs;
    try (Recorder r = start(stopChord)) {
      r.awaitStop(max);
      inputs = r.stop();
    }
    progress.println("recorded " + inputs.size() + " inputs; reading the screens...");
    List<String> lines;
    // read as the step-script loop reads when the script is played (a Perceiver), so the labels match
    try (Perceiver reader = Perceiver.open()) {
      lines = script(inputs, reader::read);
    }
    List<String> file = new ArrayList<>();
    file.add("# recorded by deskpilot record on " + java.time.Instant.now());
    file.addAll(lines);
    Files.write(out, file, StandardCharsets.UTF_8);
    progress.println("wrote " + lines.size() + " steps to " + out);
    return lines.size();
  }
}
