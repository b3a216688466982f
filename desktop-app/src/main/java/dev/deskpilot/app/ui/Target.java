package dev.deskpilot.app.ui;

/** Where a run acts. */
enum Target {
  /** This machine's own screen, through java.awt.Robot; the app shrinks to a compact bar. */
  THIS_DESKTOP("This desktop", "local"),
  /** A throwaway Xvfb desktop, shown live in the app. */
  SANDBOX("Sandbox", "sandbox"),
  /** A QEMU virtual machine (not wired to the app yet). */
  VM("Virtual machine", "vm");

  private final String label;
  private final String domain;

  Target(String label, String domain) {
    this.label = label;
    this.domain = domain;
  }

  String label() {
    return label;
  }

  /** The domain segment of the results path of runs on this target. */
  String domain() {
    return domain;
  }
}
