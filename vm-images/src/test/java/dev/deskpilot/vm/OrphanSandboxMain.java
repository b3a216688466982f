package dev.deskpilot.vm;

/**
 * Started in a child JVM by {@link SandboxOrphanIT}: starts a sandbox, prints where it lives and
 * waits to be killed without closing it.
 */
public final class OrphanSandboxMain {
  private OrphanSandboxMain() {}

  public static void main(String[] args) throws InterruptedException {
    Sandbox sandbox = Sandbox.start(SandboxOptions.defaults().withSize(640, 480));
    System.out.println("sandbox " + sandbox.id() + " " + sandbox.processGroup() + " " + sandbox.directory());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
