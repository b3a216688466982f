package dev.deskpilot.actuators.internal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.NativeLongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few Xlib and XTEST calls the keyboard needs, through JNA. Loaded on first use; {@link
 * #available()} says whether the libraries are there without throwing.
 */
final class Xlib {
  private Xlib() {}

  /** libX11. */
  interface X11 extends Library {
    Pointer XOpenDisplay(String name);

    int XCloseDisplay(Pointer display);

    int XDisplayKeycodes(Pointer display, IntByReference minKeycode, IntByReference maxKeycode);

    Pointer XGetKeyboardMapping(Pointer display, byte firstKeycode, int count, IntByReference keysymsPerKeycode);

    int XChangeKeyboardMapping(Pointer display, int firstKeycode, int keysymsPerKeycode, NativeLong[] keysyms, int count);

    int XFree(Pointer data);

    int XSync(Pointer display, boolean discard);

    int XFlush(Pointer display);

    boolean XQueryPointer(
        Pointer display,
        NativeLong window,
        NativeLongByReference root,
        NativeLongByReference child,
        IntByReference rootX,
        IntByReference rootY,
        IntByReference winX,
        IntByReference winY,
        IntByReference mask);

    NativeLong XDefaultRootWindow(Pointer display);

    NativeLong XInternAtom(Pointer display, String name, boolean onlyIfExists);

    int XGetInputFocus(Pointer display, NativeLongByReference focus, IntByReference revertTo);

    int XQueryTree(
        Pointer display,
        NativeLong window,
        NativeLongByReference root,
        NativeLongByReference parent,
        PointerByReference children,
        IntByReference count);

    int XGetWMProtocols(Pointer display, NativeLong window, PointerByReference protocols, IntByReference count);

    int XSendEvent(Pointer display, NativeLong window, boolean propagate, NativeLong eventMask, Pointer event);

    int XSelectInput(Pointer display, NativeLong window, NativeLong eventMask);

    int XPending(Pointer display);

    int XNextEvent(Pointer display, Pointer event);
  }

  /** libXtst. */
  interface Xtst extends Library {
    int XTestFakeKeyEvent(Pointer display, int keycode, boolean press, NativeLong delay);
  }

  private static final class Holder {
    static final X11 X11 = Native.load("X11", X11.class);
    static final Xtst XTST = Native.load("Xtst", Xtst.class);
  }

  static X11 x11() {
    return Holder.X11;
  }

  static Xtst xtst() {
    return Holder.XTST;
  }

  /** Whether libX11 and libXtst load; the reason when they do not. */
  static java.util.Optional<String> unavailable() {
    try {
      x11();
      xtst();
      return java.util.Optional.empty();
    } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
      return java.util.Optional.of("libX11/libXtst cannot be loaded: " + e.getMessage());
    }
  }
}
