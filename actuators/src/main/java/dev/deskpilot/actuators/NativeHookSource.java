package dev.deskpilot.actuators;

import com.github.kwhat.jnativehook.GlobalScreen;
import com.github.kwhat.jnativehook.NativeHookException;
import com.github.kwhat.jnativehook.keyboard.NativeKeyEvent;
import com.github.kwhat.jnativehook.keyboard.NativeKeyListener;
import com.github.kwhat.jnativehook.keyboard.SwingKeyAdapter;
import com.github.kwhat.jnativehook.mouse.NativeMouseEvent;
import com.github.kwhat.jnativehook.mouse.NativeMouseInputListener;
import com.github.kwhat.jnativehook.mouse.NativeMouseWheelEvent;
import com.github.kwhat.jnativehook.mouse.NativeMouseWheelListener;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Feeds the global jnativehook hook's events to a consumer, as {@link ObservedInput}s with AWT key
 * codes. Events are handled on jnativehook's own thread as they arrive (no extra dispatch queue).
 */
final class NativeHookSource {
  private NativeHookSource() {}

  /** Exposes jnativehook's native-to-AWT key code mapping. */
  private static final class KeyCodes extends SwingKeyAdapter {
    int awtCode(NativeKeyEvent e) {
      return getJavaKeyEvent(e).getKeyCode();
    }
  }

  static AutoCloseable register(Consumer<ObservedInput> sink) {
    // jnativehook logs every event at INFO through java.util.logging.
    Logger.getLogger(GlobalScreen.class.getPackage().getName()).setLevel(Level.WARNING);
    Logger.getLogger(GlobalScreen.class.getPackage().getName()).setUseParentHandlers(false);
    GlobalScreen.setEventDispatcher(new SameThread());
    try {
      if (!GlobalScreen.isNativeHookRegistered()) {
        GlobalScreen.registerNativeHook();
      }
    } catch (NativeHookException | UnsatisfiedLinkError e) {
      throw new DesktopException(
          DesktopException.Kind.UNREACHABLE,
          "cannot register the global input hook on DISPLAY=" + System.getenv("DISPLAY") + ": " + e.getMessage(),
          e);
    }
    KeyCodes codes = new KeyCodes();
    NativeKeyListener keys =
        new NativeKeyListener() {
          @Override
          public void nativeKeyPressed(NativeKeyEvent e) {
            sink.accept(ObservedInput.key(true, codes.awtCode(e), System.nanoTime()));
          }

          @Override
          public void nativeKeyReleased(NativeKeyEvent e) {
            sink.accept(ObservedInput.key(false, codes.awtCode(e), System.nanoTime()));
          }
        };
    NativeMouseInputListener mouse =
        new NativeMouseInputListener() {
          @Override
          public void nativeMousePressed(NativeMouseEvent e) {
            sink.accept(ObservedInput.pointer(SyntheticInput.Kind.BUTTON_PRESS, e.getX(), e.getY(), System.nanoTime()));
          }

          @Override
          public void nativeMouseReleased(NativeMouseEvent e) {
            sink.accept(ObservedInput.pointer(SyntheticInput.Kind.BUTTON_RELEASE, e.getX(), e.getY(), System.nanoTime()));
          }

          @Override
          public void nativeMouseMoved(NativeMouseEvent e) {
            sink.accept(ObservedInput.pointer(SyntheticInput.Kind.MOVE, e.getX(), e.getY(), System.nanoTime()));
          }

          @Override
          public void nativeMouseDragged(NativeMouseEvent e) {
            sink.accept(ObservedInput.pointer(SyntheticInput.Kind.MOVE, e.getX(), e.getY(), System.nanoTime()));
          }
        };
    NativeMouseWheelListener wheel =
        new NativeMouseWheelListener() {
          @Override
          public void nativeMouseWheelMoved(NativeMouseWheelEvent e) {
            sink.accept(ObservedInput.pointer(SyntheticInput.Kind.WHEEL, e.getX(), e.getY(), System.nanoTime()));
          }
        };
    GlobalScreen.addNativeKeyListener(keys);
    GlobalScreen.addNativeMouseListener(mouse);
    GlobalScreen.addNativeMouseMotionListener(mouse);
    GlobalScreen.addNativeMouseWheelListener(wheel);
    return () -> {
      GlobalScreen.removeNativeKeyListener(keys);
      GlobalScreen.removeNativeMouseListener(mouse);
      GlobalScreen.removeNativeMouseMotionListener(mouse);
      GlobalScreen.removeNativeMouseWheelListener(wheel);
    };
  }

  /** Runs hook events on the hook thread itself: the kill switch must not queue behind anything. */
  private static final class SameThread extends java.util.concurrent.AbstractExecutorService {
    private volatile boolean shutdown;

    @Override
    public void execute(Runnable command) {
      command.run();
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public java.util.List<Runnable> shutdownNow() {
      shutdown = true;
      return java.util.List.of();
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, java.util.concurrent.TimeUnit unit) {
      return true;
    }
  }
}
