package dev.deskpilot.actuators;

import java.awt.Rectangle;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A person's hand on the brake: a global kill-switch hotkey, takeover detection and a failsafe
 * corner, over a global keyboard and mouse hook (jnativehook) in the JVM that sees the display.
 *
 * <ul>
 *   <li><b>Kill switch</b>: when every key of {@link Config#killHotkey()} is held (default {@code
 *       ctrl+shift+escape}), the run is {@linkplain State#STOPPED stopped}, from any application.
 *       Executors check between the small pieces of an action (a batch of typed characters, a drag
 *       step, a slice of a wait), so an action in flight ends within a few tens of milliseconds.
 *   <li><b>Takeover</b>: a key press, button press, wheel turn or pointer move that the agent did
 *       not send (see {@link SyntheticInput}: executors announce each event before sending it; the
 *       hook sees both) pauses the run. Releases never do (they follow a resume hotkey). {@link
 *       Config#resumeHotkey()} (default {@code ctrl+shift+enter}) or {@link #resume()} (an app
 *       button) resumes.
 *   <li><b>Failsafe</b>: a person's pointer pushed into a corner of a monitor (within {@link
 *       Config#failsafeCorner()} pixels) stops the run, as pyautogui's failsafe does.
 * </ul>
 *
 * <p>Listeners hear {@code stopRequested}, {@code paused} and {@code resumed}. Close the supervisor
 * to remove its hook listeners.
 */
public final class Supervisor implements HumanControl, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Supervisor.class.getName());

  /**
   * What the supervisor watches for.
   *
   * @param killHotkey the keys that stop the run when held together
   * @param resumeHotkey the keys that resume a paused run when held together
   * @param matchWindow how long an event the agent sent is expected from the hook
   * @param failsafeCorner size in pixels of the corner squares that stop the run; 0 turns it off
   * @param monitors the monitors' bounds (for the failsafe corners), in screen pixels
   */
  public record Config(
      List<String> killHotkey, List<String> resumeHotkey, Duration matchWindow, int failsafeCorner, List<Rectangle> monitors) {
    public Config {
      killHotkey = requireChord(killHotkey, "kill hotkey");
      resumeHotkey = requireChord(resumeHotkey, "resume hotkey");
      if (matchWindow == null || matchWindow.isNegative() || matchWindow.isZero() || matchWindow.toSeconds() > 10) {
        throw new IllegalArgumentException("match window must be between 0 and 10 s, was " + matchWindow);
      }
      if (failsafeCorner < 0 || failsafeCorner > 100) {
        throw new IllegalArgumentException("failsafe corner must be 0..100 pixels, was " + failsafeCorner);
      }
      monitors = List.copyOf(monitors);
    }

    /** ctrl+shift+escape stops, ctrl+shift+enter resumes, 1 s match window, 2-pixel corners. */
    public static Config defaults(List<Rectangle> monitors) {
      return new Config(
          List.of("ctrl", "shift", "escape"), List.of("ctrl", "shift", "enter"), Duration.ofSeconds(1), 2, monitors);
    }

    public Config withKillHotkey(String chord) {
      return new Config(Action.KeyChord.parse(chord).keys(), resumeHotkey, matchWindow, failsafeCorner, monitors);
    }

    public Config withResumeHotkey(String chord) {
      return new Config(killHotkey, Action.KeyChord.parse(chord).keys(), matchWindow, failsafeCorner, monitors);
    }

    private static List<String> requireChord(List<String> keys, String what) {
      if (keys == null || keys.isEmpty()) {
        throw new IllegalArgumentException(what + " needs at least one key");
      }
      keys.forEach(Keys::require);
      return List.copyOf(keys);
    }
  }

  private final Config config;
  private final Set<Integer> killCodes;
  private final Set<Integer> resumeCodes;
  private final InputMatcher matcher;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Set<Integer> keysDown = new HashSet<>();
  private State state = State.RUNNING;
  private String reason = "";
  private AutoCloseable hook = () -> {};
  private volatile boolean watching;

  private Supervisor(Config config) {
    this.config = config;
    this.killCodes = codes(config.killHotkey());
    this.resumeCodes = codes(config.resumeHotkey());
    this.matcher = new InputMatcher(config.matchWindow().toNanos());
  }

  /** A supervisor without a hook: stop/pause/resume come from code only. */
  public static Supervisor unattended() {
    return new Supervisor(Config.defaults(List.of()));
  }

  /**
   * Starts watching this JVM's display with a global hook.
   *
   * @throws DesktopException of kind {@link DesktopException.Kind#UNREACHABLE} when the hook cannot
   *     be registered (no display, no XRecord extension, no accessibility permission)
   */
  public static Supervisor attach(Config config) {
    Supervisor s = new Supervisor(Objects.requireNonNull(config, "config"));
    s.hook = NativeHookSource.register(s::observe);
    s.watching = true;
    return s;
  }

  /** A supervisor fed by {@link #observe} only (tests, replays of recorded input). */
  static Supervisor detached(Config config) {
    Supervisor s = new Supervisor(config);
    s.watching = true;
    return s;
  }

  public Config config() {
    return config;
  }

  // ---- HumanControl ----

  @Override
  public State state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String reason() {
    lock.lock();
    try {
      return reason;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean awaitGo() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (state == State.PAUSED) {
        changed.await();
      }
      return state == State.RUNNING;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public State sleep(Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    lock.lockInterruptibly();
    try {
      while (state == State.RUNNING) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return State.RUNNING;
        }
        changed.awaitNanos(left);
      }
      return state;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void pause(String why) {
    if (transition(State.RUNNING, State.PAUSED, why)) {
      for (Listener l : listeners) {
        call(() -> l.paused(why));
      }
    }
  }

  @Override
  public void resume() {
    if (transition(State.PAUSED, State.RUNNING, "")) {
      for (Listener l : listeners) {
        call(l::resumed);
      }
    }
  }

  @Override
  public void stop(String why) {
    boolean now;
    lock.lock();
    try {
      now = state != State.STOPPED;
      if (now) {
        state = State.STOPPED;
        reason = why == null ? "" : why;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    if (now) {
      for (Listener l : listeners) {
        call(() -> l.stopRequested(why));
      }
    }
  }

  @Override
  public void rearm() {
    State before;
    lock.lock();
    try {
      before = state;
      state = State.RUNNING;
      reason = "";
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (before != State.RUNNING) {
      for (Listener l : listeners) {
        call(l::resumed);
      }
    }
  }

  @Override
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  @Override
  public SyntheticInput synthetic() {
    return matcher;
  }

  @Override
  public boolean attended() {
    return watching;
  }

  /** True for a chord holding every key of the kill hotkey while a hook watches for it. */
  @Override
  public boolean reserves(Set<Integer> chord) {
    return watching && chord.containsAll(killCodes);
  }

  /** Stops listening to the hook (the state stays as it is). */
  @Override
  public void close() {
    watching = false;
    try {
      hook.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.WARNING, "cannot remove the input hook: " + e);
    }
  }

  // ---- what the hook saw ----

  /** Handles one event seen by the hook (called on the hook's thread). */
  void observe(ObservedInput o) {
    boolean keyEvent = o.kind() == SyntheticInput.Kind.KEY_PRESS || o.kind() == SyntheticInput.Kind.KEY_RELEASE;
    boolean kill = false;
    boolean resumeChord = false;
    if (keyEvent) {
      synchronized (keysDown) {
        if (o.kind() == SyntheticInput.Kind.KEY_PRESS) {
          keysDown.add(o.keyCode());
          kill = keysDown.containsAll(killCodes) && killCodes.contains(o.keyCode());
          resumeChord = keysDown.containsAll(resumeCodes) && resumeCodes.contains(o.keyCode());
        } else {
          keysDown.remove(o.keyCode());
        }
      }
    }
    boolean synthetic = matcher.isSynthetic(o);
    if (kill) {
      stop("kill switch " + String.join("+", config.killHotkey()) + " pressed");
      return;
    }
    if (synthetic) {
      return;
    }
    if (resumeChord) {
      resume();
      return;
    }
    State now = state();
    if (now != State.RUNNING) {
      return;
    }
    switch (o.kind()) {
      case KEY_RELEASE, BUTTON_RELEASE -> {}
      case MOVE -> {
        if (inCorner(o.x(), o.y())) {
          stop("failsafe: the pointer was pushed into the corner at (" + o.x() + "," + o.y() + ")");
        } else {
          pause("a person took over: " + o.describe());
        }
      }
      default -> pause("a person took over: " + o.describe());
    }
  }

  boolean inCorner(int x, int y) {
    int c = config.failsafeCorner();
    if (c == 0) {
      return false;
    }
    for (Rectangle m : config.monitors()) {
      boolean left = x >= m.x && x < m.x + c;
      boolean right = x < m.x + m.width && x >= m.x + m.width - c;
      boolean top = y >= m.y && y < m.y + c;
      boolean bottom = y < m.y + m.height && y >= m.y + m.height - c;
      if ((left || right) && (top || bottom)) {
        return true;
      }
    }
    return false;
  }

  private boolean transition(State from, State to, String why) {
    lock.lock();
    try {
      if (state != from) {
        return false;
      }
      state = to;
      reason = why == null ? "" : why;
      changed.signalAll();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static void call(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "a human-control listener failed", e);
    }
  }

  private static Set<Integer> codes(List<String> keys) {
    Set<Integer> s = new HashSet<>();
    for (String k : keys) {
      s.add(Keys.code(k));
    }
    return Set.copyOf(s);
  }
}
