package dev.deskpilot.actuators.internal;

import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import dev.deskpilot.perception.Point;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Types any text on an X display through XTEST, key by key, with a stable keysym mapping.
 *
 * <p>How a character is typed:
 *
 * <ol>
 *   <li>If the current keyboard map has its keysym on a key at level 1 or 2 (plain or shifted),
 *       that key is pressed, with Shift when needed. So ASCII follows the active layout (a French
 *       layout types 'a' with the key that says 'a').
 *   <li>Otherwise (accents absent from the layout, CJK, emoji...) the character gets a spare
 *       keycode of its own (one with no symbols), mapped once to its Unicode keysym and kept. A
 *       spare keycode is only remapped when it has not been pressed for {@link #REUSE_AFTER_MILLIS}
 *       ms and the least recently used one is taken, so a key event still queued at a busy
 *       application is never translated with a map changed under it. This is the race that made
 *       {@code xdotool type} (one scratch keycode, remapped per character) drop characters under
 *       load.
 * </ol>
 *
 * <p>Press and release of a character are sent in one batch, so a stalled process cannot trigger
 * key auto-repeat between them. Newline is Return, tab is Tab.
 *
 * <p>Every key event is reported to the {@code echo} listener before it is sent (for takeover
 * detection to tell the agent's input from a person's). Thread-safe (one call at a time).
 */
public final class X11Keyboard implements AutoCloseable {
  /** A spare keycode is remapped only after it was unused this long. */
  public static final long REUSE_AFTER_MILLIS = 1500;

  private static final long NO_SYMBOL = 0;
  private static final long SHIFT_L = 0xffe1;
  private static final long RETURN = 0xff0d;
  private static final long TAB = 0xff09;

  /** Receives each synthetic key event just before it is sent. */
  public interface Echo {
    void key(boolean press);
  }

  private final Pointer display;
  private final String displayName;
  private final int minKeycode;
  private final int maxKeycode;
  private final Echo echo;
  /** Code point -> spare keycode it is mapped to, least recently used first. */
  private final LinkedHashMap<Integer, Integer> assigned = new LinkedHashMap<>(64, 0.75f, true);
  private final Map<Integer, Long> lastUsedNanos = new HashMap<>();
  private final List<Integer> spares = new ArrayList<>();
  private boolean closed;

  private X11Keyboard(Pointer display, String displayName, int min, int max, Echo echo) {
    this.display = display;
    this.displayName = displayName;
    this.minKeycode = min;
    this.maxKeycode = max;
    this.echo = echo;
  }

  /**
   * Opens a connection to the display named by {@code DISPLAY}.
   *
   * @throws IllegalStateException naming why not (no libX11/libXtst, no DISPLAY, display refused)
   */
  public static X11Keyboard open(Echo echo) {
    Optional<String> missing = Xlib.unavailable();
    if (missing.isPresent()) {
      throw new IllegalStateException(missing.get());
    }
    String name = System.getenv("DISPLAY");
    if (name == null || name.isBlank()) {
      throw new IllegalStateException("DISPLAY is not set: no X display to type on");
    }
    Pointer d = Xlib.x11().XOpenDisplay(name);
    if (d == null) {
      throw new IllegalStateException("cannot open X display " + name);
    }
    IntByReference min = new IntByReference();
    IntByReference max = new IntByReference();
    Xlib.x11().XDisplayKeycodes(d, min, max);
    X11Keyboard k = new X11Keyboard(d, name, min.getValue(), max.getValue(), echo == null ? p -> {} : echo);
    synchronized (k) {
      Layout layout = k.readLayout();
      k.spares.addAll(layout.spare());
    }
    if (k.spares.isEmpty()) {
      k.close();
      throw new IllegalStateException("display " + name + " has no spare keycode to map characters to");
    }
    return k;
  }

  /** The number of spare keycodes available for characters the layout lacks. */
  public synchronized int spareKeycodes() {
    return spares.size();
  }

  /**
   * Types text.
   *
   * @param batch characters sent per batch (then the display is synced)
   * @param nanosPerChar the pace: a batch of n characters takes at least n times this
   * @param stop checked before every batch; when it says true, typing ends early
   * @return how many chars (UTF-16 units) of {@code text} were typed
   */
  public synchronized int type(String text, int batch, long nanosPerChar, BooleanSupplier stop)
      throws InterruptedException {
    requireOpen();
    Layout layout = readLayout();
    int[] cps = text.codePoints().toArray();
    int typedChars = 0;
    int i = 0;
    while (i < cps.length) {
      if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("typing interrupted after " + typedChars + " chars");
        }
        return typedChars;
      }
      long start = System.nanoTime();
      int end = Math.min(cps.length, i + batch);
      // Map the characters the layout lacks. A keycode pressed in this batch is never remapped in it.
      List<Stroke> strokes = new ArrayList<>(end - i);
      java.util.Set<Integer> inBatch = new java.util.HashSet<>();
      int newlyMapped = 0;
      int j = i;
      for (; j < end; j++) {
        Optional<Stroke> s = layout.stroke(keysym(cps[j]));
        if (s.isEmpty()) {
          Integer kc = assigned.get(cps[j]);
          if (kc == null) {
            Optional<Integer> free = freeSpare(inBatch);
            if (free.isEmpty()) {
              break;
            }
            kc = mapSpare(cps[j], free.get());
            newlyMapped++;
          }
          inBatch.add(kc);
          s = Optional.of(new Stroke(kc, false));
        }
        strokes.add(s.get());
      }
      if (newlyMapped > 0) {
        Xlib.x11().XSync(display, false);
      }
      long now = System.nanoTime();
      for (Stroke s : strokes) {
        if (s.shift()) {
          send(layout.shiftKeycode(), true);
        }
        send(s.keycode(), true);
        send(s.keycode(), false);
        if (s.shift()) {
          send(layout.shiftKeycode(), false);
        }
        lastUsedNanos.put(s.keycode(), now);
      }
      Xlib.x11().XSync(display, false);
      for (int k = i; k < j; k++) {
        typedChars += Character.charCount(cps[k]);
      }
      i = j;
      long due = start + nanosPerChar * strokes.size();
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
    }
    return typedChars;
  }

  /** Where the pointer is, in root window (screen) coordinates. */
  public synchronized Point pointer() {
    requireOpen();
    NativeLongByReference root = new NativeLongByReference();
    NativeLongByReference child = new NativeLongByReference();
    IntByReference rx = new IntByReference();
    IntByReference ry = new IntByReference();
    IntByReference wx = new IntByReference();
    IntByReference wy = new IntByReference();
    IntByReference mask = new IntByReference();
    Xlib.x11().XQueryPointer(display, Xlib.x11().XDefaultRootWindow(display), root, child, rx, ry, wx, wy, mask);
    return new Point(rx.getValue(), ry.getValue());
  }

  /** Unmaps the spare keycodes this keyboard used and closes the connection. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      int per = keysymsPerKeycode();
      for (int kc : assigned.values()) {
        NativeLong[] none = new NativeLong[per];
        for (int i = 0; i < per; i++) {
          none[i] = new NativeLong(NO_SYMBOL);
        }
        Xlib.x11().XChangeKeyboardMapping(display, kc, per, none, 1);
      }
      Xlib.x11().XSync(display, false);
    } finally {
      Xlib.x11().XCloseDisplay(display);
    }
  }

  @Override
  public String toString() {
    return "X11Keyboard[" + displayName + ", " + spares.size() + " spare keycodes]";
  }

  // ---- mapping ----

  /** The X keysym of a code point: Latin-1 keysyms are the code point, others are 0x1000000+cp. */
  static long keysym(int cp) {
    if (cp == '\n') {
      return RETURN;
    }
    if (cp == '\t') {
      return TAB;
    }
    if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) {
      return cp;
    }
    return 0x1000000L | cp;
  }

  /**
   * A spare keycode that may be remapped now: an unused one, else the least recently used one not
   * pressed in the current batch, once the focused application has caught up with every key sent
   * so far (see {@link #barrier}) or, when it cannot say, once the key has been idle for {@link
   * #REUSE_AFTER_MILLIS}. Empty when every spare is pressed in the current batch.
   */
  private Optional<Integer> freeSpare(java.util.Set<Integer> inBatch) throws InterruptedException {
    for (int s : spares) {
      if (!assigned.containsValue(s)) {
        return Optional.of(s);
      }
    }
    Map.Entry<Integer, Integer> victim = null;
    for (Map.Entry<Integer, Integer> e : assigned.entrySet()) {
      if (!inBatch.contains(e.getValue())) {
        victim = e;
        break;
      }
    }
    if (victim == null) {
      return Optional.empty();
    }
    int kc = victim.getValue();
    long reusableAt = lastUsedNanos.getOrDefault(kc, 0L) + TimeUnit.MILLISECONDS.toNanos(REUSE_AFTER_MILLIS);
    if (reusableAt > System.nanoTime()) {
      if (barrier()) {
        // The application has read every key sent so far: every spare is free to remap.
        lastUsedNanos.clear();
      } else {
        long wait = reusableAt - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    }
    assigned.remove(victim.getKey());
    return Optional.of(kc);
  }

  private int mapSpare(int cp, int kc) {
    int per = keysymsPerKeycode();
    NativeLong[] syms = new NativeLong[per];
    long ks = keysym(cp);
    for (int i = 0; i < per; i++) {
      syms[i] = new NativeLong(i < 2 ? ks : NO_SYMBOL);
    }
    Xlib.x11().XChangeKeyboardMapping(display, kc, per, syms, 1);
    assigned.put(cp, kc);
    return kc;
  }

  // ---- the application barrier (_NET_WM_PING) ----

  private static final int CLIENT_MESSAGE = 33;
  private static final long SUBSTRUCTURE_NOTIFY_MASK = 1L << 19;
  private static final long BARRIER_TIMEOUT_MILLIS = 2000;
  private long pingSerial = 1;

  /**
   * Waits until the application with the keyboard focus has read every key event sent so far: it
   * is sent a {@code _NET_WM_PING} behind them and answers only once it has read its queue up to
   * that message (toolkits translate key codes to characters as they read events, so after the
   * answer a keycode can be remapped safely).
   *
   * @return false when the focused window does not take part in the ping protocol or did not
   *     answer within {@value #BARRIER_TIMEOUT_MILLIS} ms
   */
  boolean barrier() throws InterruptedException {
    Xlib.X11 x = Xlib.x11();
    NativeLong root = x.XDefaultRootWindow(display);
    NativeLong client = pingableFocus(root);
    if (client == null) {
      return false;
    }
    NativeLong wmProtocols = x.XInternAtom(display, "WM_PROTOCOLS", false);
    NativeLong netWmPing = x.XInternAtom(display, "_NET_WM_PING", false);
    long stamp = 0x7000_0000L + (pingSerial++ & 0x0fff_ffffL);
    x.XSelectInput(display, root, new NativeLong(SUBSTRUCTURE_NOTIFY_MASK));
    try (com.sun.jna.Memory ev = new com.sun.jna.Memory(192)) {
      ev.clear();
      ev.setInt(0, CLIENT_MESSAGE);
      ev.setInt(16, 1);
      ev.setPointer(24, display);
      ev.setNativeLong(32, client);
      ev.setNativeLong(40, wmProtocols);
      ev.setInt(48, 32);
      ev.setNativeLong(56, netWmPing);
      ev.setNativeLong(64, new NativeLong(stamp));
      ev.setNativeLong(72, client);
      x.XSendEvent(display, client, false, new NativeLong(0), ev);
      x.XFlush(display);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BARRIER_TIMEOUT_MILLIS);
      while (System.nanoTime() < deadline) {
        while (x.XPending(display) > 0) {
          x.XNextEvent(display, ev);
          if (ev.getInt(0) == CLIENT_MESSAGE
              && ev.getNativeLong(40).equals(wmProtocols)
              && ev.getNativeLong(56).equals(netWmPing)
              && ev.getNativeLong(64).longValue() == stamp) {
            return true;
          }
        }
        Thread.sleep(1);
      }
      return false;
    } finally {
      x.XSelectInput(display, root, new NativeLong(0));
      x.XSync(display, false);
      try (com.sun.jna.Memory drain = new com.sun.jna.Memory(192)) {
        while (x.XPending(display) > 0) {
          x.XNextEvent(display, drain);
        }
      }
    }
  }

  /** The focused window or its nearest ancestor that lists _NET_WM_PING in WM_PROTOCOLS. */
  private NativeLong pingableFocus(NativeLong root) {
    Xlib.X11 x = Xlib.x11();
    NativeLongByReference focus = new NativeLongByReference();
    x.XGetInputFocus(display, focus, new IntByReference());
    long w = focus.getValue().longValue();
    long netWmPing = x.XInternAtom(display, "_NET_WM_PING", false).longValue();
    for (int depth = 0; w > 1 && w != root.longValue() && depth < 32; depth++) {
      NativeLong window = new NativeLong(w);
      com.sun.jna.ptr.PointerByReference protocols = new com.sun.jna.ptr.PointerByReference();
      IntByReference count = new IntByReference();
      if (x.XGetWMProtocols(display, window, protocols, count) != 0 && protocols.getValue() != null) {
        try {
          for (int k = 0; k < count.getValue(); k++) {
            if (protocols.getValue().getNativeLong((long) k * NativeLong.SIZE).longValue() == netWmPing) {
              return window;
            }
          }
        } finally {
          x.XFree(protocols.getValue());
        }
      }
      NativeLongByReference r = new NativeLongByReference();
      NativeLongByReference parent = new NativeLongByReference();
      com.sun.jna.ptr.PointerByReference children = new com.sun.jna.ptr.PointerByReference();
      if (x.XQueryTree(display, window, r, parent, children, new IntByReference()) == 0) {
        return null;
      }
      if (children.getValue() != null) {
        x.XFree(children.getValue());
      }
      w = parent.getValue().longValue();
    }
    return null;
  }

  private void send(int keycode, boolean press) {
    echo.key(press);
    Xlib.xtst().XTestFakeKeyEvent(display, keycode, press, new NativeLong(0));
  }

  private int keysymsPerKeycode() {
    IntByReference per = new IntByReference();
    Pointer map = Xlib.x11().XGetKeyboardMapping(display, (byte) minKeycode, 1, per);
    if (map != null) {
      Xlib.x11().XFree(map);
    }
    return per.getValue();
  }

  private record Stroke(int keycode, boolean shift) {}

  /** The keyboard map as read now: where each keysym is at level 1 or 2, and the spare keycodes. */
  private record Layout(Map<Long, Stroke> strokes, int shiftKeycode, List<Integer> spare) {
    Optional<Stroke> stroke(long keysym) {
      Stroke s = strokes.get(keysym);
      if (s != null && s.shift() && shiftKeycode == 0) {
        return Optional.empty();
      }
      return Optional.ofNullable(s);
    }
  }

  private Layout readLayout() {
    int count = maxKeycode - minKeycode + 1;
    IntByReference perRef = new IntByReference();
    Pointer map = Xlib.x11().XGetKeyboardMapping(display, (byte) minKeycode, count, perRef);
    if (map == null) {
      throw new IllegalStateException("cannot read the keyboard map of " + displayName);
    }
    try {
      int per = perRef.getValue();
      Map<Long, Stroke> strokes = new HashMap<>();
      List<Integer> spare = new ArrayList<>();
      int shift = 0;
      java.util.Set<Integer> ours = new java.util.HashSet<>(assigned.values());
      for (int k = 0; k < count; k++) {
        int keycode = minKeycode + k;
        boolean empty = true;
        for (int l = 0; l < per; l++) {
          long sym = map.getNativeLong((long) (k * per + l) * NativeLong.SIZE).longValue();
          if (sym != NO_SYMBOL) {
            empty = false;
          }
          if (ours.contains(keycode) || sym == NO_SYMBOL || l > 1) {
            continue;
          }
          if (sym == SHIFT_L && l == 0 && shift == 0) {
            shift = keycode;
          }
          // The first key found for a keysym wins; a plain key beats a shifted one.
          Stroke existing = strokes.get(sym);
          if (existing == null || (existing.shift() && l == 0)) {
            strokes.put(sym, new Stroke(keycode, l == 1));
          }
        }
        if ((empty || ours.contains(keycode)) && keycode > 8) {
          spare.add(keycode);
        }
      }
      return new Layout(Map.copyOf(strokes), shift, List.copyOf(spare));
    } finally {
      Xlib.x11().XFree(map);
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the X11 keyboard for " + displayName + " is closed");
    }
  }
}
