package dev.deskpilot.vm;

import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.vm.internal.OfficeProfile;
import dev.deskpilot.vm.internal.SandboxDirs;
import dev.deskpilot.vm.internal.SandboxProcesses;
import dev.deskpilot.vm.internal.SandboxProcesses.ProcessId;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A throwaway desktop on this machine: Xvfb on a display of its own, a D-Bus session, a window
 * manager (openbox) and the in-guest server, with a fresh HOME, all in one process group led by a
 * supervisor script.
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
 *   Desktop desktop = sandbox.desktop();
 *   desktop.launch(Command.of("xterm"));
 *   Screenshot shot = desktop.capture();
 * }
 * }</pre>
 *
 * <p>Lifetime: {@link #close()} stops every process of the sandbox (TERM, then KILL after 1 s) and
 * deletes its directory. If the JVM dies without closing it, the supervisor notices within about
 * 0.3 s (it watches this JVM's pid and start time) and does the same; {@link Reaper} is the backstop
 * for supervisors killed along with their owner.
 *
 * <p>The home starts with a LibreOffice profile when LibreOffice is installed (no first-run dialogs,
 * no format questions on save), as the VM images have.
 *
 * <p>Needs on the PATH: {@code setsid}, {@code bash}, {@code Xvfb}, {@code dbus-daemon}, {@code
 * xprop}, and the window manager (Debian: xvfb, dbus, x11-utils, openbox).
 */
public final class Sandbox implements Environment {
  private static final String SUPERVISOR_RESOURCE = "internal/sandbox-supervisor.sh";
  private static final List<String> PASSED_VARIABLES =
      List.of("PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ", "USER", "LOGNAME", "SHELL", "TMPDIR");

  private final String id;
  private final Path dir;
  private final SandboxOptions options;
  private final Process supervisor;
  private final ProcessId leader;
  private final HttpDesktop desktop;
  private final GuestHealth health;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Sandbox(
      String id,
      Path dir,
      SandboxOptions options,
      Process supervisor,
      ProcessId leader,
      HttpDesktop desktop,
      GuestHealth health) {
    this.id = id;
    this.dir = dir;
    this.options = options;
    this.supervisor = supervisor;
    this.leader = leader;
    this.desktop = desktop;
    this.health = health;
  }

  /**
   * Starts a sandbox and waits until its guest server answers.
   *
   * @throws DesktopException of kind {@link DesktopException.Kind#UNREACHABLE} when it does not
   *     become ready within {@link SandboxOptions#readyTimeout()} (the message holds the last lines
   *     of the sandbox log), or {@link DesktopException.Kind#FAILED} when it cannot be set up at
   *     all; nothing is left running either way
   */
  public static Sandbox start(SandboxOptions options) {
    Reaper.reapOrphans();
    String id = "sb-" + HexFormat.of().formatHex(randomBytes(5));
    Path dir;
    try {
      Path root = SandboxDirs.createRoot(SandboxDirs.root(System.getenv()));
      dir = prepare(root, id);
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      throw new DesktopException(DesktopException.Kind.FAILED, "cannot set up a sandbox directory: " + e.getMessage(), e);
    }
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    Process supervisor;
    try {
      supervisor = launchSupervisor(dir, id, options, token);
    } catch (IOException e) {
      deleteQuietly(dir);
      throw new DesktopException(
          DesktopException.Kind.FAILED, "cannot start the sandbox supervisor (are setsid and bash installed?): " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + options.readyTimeout().toNanos();
    HttpDesktop desktop = null;
    Optional<ProcessId> leader = Optional.empty();
    DesktopException lastProblem = null;
    try {
      while (true) {
        if (leader.isEmpty()) {
          leader = readLeader(dir);
        }
        if (!supervisor.isAlive() && leader.map(l -> !l.isAlive()).orElse(true)) {
          throw new SandboxStartFailure("the sandbox supervisor exited before the sandbox was ready");
        }
        if (desktop == null && Files.exists(dir.resolve(SandboxDirs.WM_READY))) {
          Optional<Integer> port = readPort(dir.resolve(SandboxDirs.PORT));
          if (port.isPresent()) {
            desktop = new HttpDesktop(URI.create("http://127.0.0.1:" + port.get()), token);
          }
        }
        if (desktop != null) {
          try {
            GuestHealth health = desktop.health();
            if (leader.isEmpty()) {
              throw new SandboxStartFailure("the supervisor wrote no pgid file");
            }
            return new Sandbox(id, dir, options, supervisor, leader.get(), desktop, health);
          } catch (DesktopException e) {
            if (e.kind() != DesktopException.Kind.UNREACHABLE) {
              throw new SandboxStartFailure("the guest server answered badly: " + e.getMessage());
            }
            lastProblem = e;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new SandboxStartFailure(
              "sandbox did not become ready in " + seconds(options.readyTimeout())
                  + (lastProblem == null ? "" : " (last: " + lastProblem.getMessage() + ")"));
        }
        Thread.sleep(10);
      }
    } catch (SandboxStartFailure e) {
      String log = abandon(dir, id, desktop, supervisor);
      throw new DesktopException(DesktopException.Kind.UNREACHABLE, e.getMessage() + ": " + log);
    } catch (InterruptedException e) {
      abandon(dir, id, desktop, supervisor);
      Thread.currentThread().interrupt();
      throw new DesktopException(DesktopException.Kind.UNREACHABLE, "interrupted while starting sandbox " + id, e);
    } catch (RuntimeException e) {
      abandon(dir, id, desktop, supervisor);
      throw e;
    }
  }

  /** Ends a sandbox that did not start; returns the end of its log. */
  private static String abandon(Path dir, String id, HttpDesktop desktop, Process supervisor) {
    if (desktop != null) {
      desktop.close();
    }
    // The leader is read again: it may have written its pgid file after the last look.
    return stopAndTail(dir, id, readLeader(dir), supervisor);
  }

  private static Optional<ProcessId> readLeader(Path dir) {
    try {
      return Reaper.readId(dir.resolve(SandboxDirs.PGID));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Starts a sandbox with {@link SandboxOptions#defaults()}. */
  public static Sandbox start() {
    return start(SandboxOptions.defaults());
  }

  /** Why a start failed, before the log tail is added; never leaves {@link #start}. */
  private static final class SandboxStartFailure extends Exception {
    SandboxStartFailure(String message) {
      super(message, null, false, false);
    }
  }

  @Override
  public HttpDesktop desktop() {
    return desktop;
  }

  @Override
  public String description() {
    return "sandbox " + id + " on " + health.display() + " (" + health.width() + "x" + health.height() + ", "
        + options.windowManager() + ", guest " + desktop.url() + ")";
  }

  /** The sandbox's id, also the name of its directory and the value of DESKPILOT_SANDBOX. */
  public String id() {
    return id;
  }

  /** The X display, e.g. {@code ":3"}. */
  public String display() {
    return health.display();
  }

  /** The sandbox directory (deleted by {@link #close()}). */
  public Path directory() {
    return dir;
  }

  /** The throwaway HOME of everything running in the sandbox. */
  public Path home() {
    return dir.resolve(SandboxDirs.HOME);
  }

  /**
   * The log of the supervisor, Xvfb, the window manager, the guest server and launched programs.
   * It is inside {@link #directory()}: copy it before {@link #close()} to keep it.
   */
  public Path logFile() {
    return dir.resolve(SandboxDirs.LOG);
  }

  /** The id of the process group that holds the sandbox's processes (the supervisor's pid). */
  public long processGroup() {
    return leader.pid();
  }

  /** Stops every process of the sandbox and deletes its directory; safe to call twice. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    desktop.close();
    stopAndTail(dir, id, Optional.of(leader), supervisor);
  }

  @Override
  public String toString() {
    return "Sandbox[" + id + "]";
  }

  // ---- starting ----

  private static Path prepare(Path root, String id) throws IOException {
    Path staging = root.resolve(id + SandboxDirs.NEW_SUFFIX);
    Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.writeString(staging.resolve(SandboxDirs.OWNER), SandboxProcesses.self().format(), StandardCharsets.US_ASCII);
    try (InputStream script = Sandbox.class.getResourceAsStream(SUPERVISOR_RESOURCE)) {
      if (script == null) {
        throw new IllegalStateException("the supervisor script " + SUPERVISOR_RESOURCE + " is missing from the classpath");
      }
      Files.copy(script, staging.resolve(SandboxDirs.SCRIPT));
    }
    Files.createFile(staging.resolve(SandboxDirs.LOG));
    Path home = Files.createDirectory(staging.resolve(SandboxDirs.HOME));
    Optional<String> office = OfficeProfile.installedVersion();
    if (office.isPresent()) {
      OfficeProfile.seed(home, office.get());
    }
    Path dir = root.resolve(id);
    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    return dir;
  }

  private static Process launchSupervisor(Path dir, String id, SandboxOptions options, String token) throws IOException {
    ProcessBuilder pb = new ProcessBuilder("setsid", "bash", dir.resolve(SandboxDirs.SCRIPT).toString());
    Map<String, String> env = pb.environment();
    Map<String, String> host = Map.copyOf(env);
    // A clean environment: the host's DISPLAY, D-Bus session and API keys stay out of the sandbox.
    env.clear();
    for (String name : PASSED_VARIABLES) {
      String value = host.get(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    ProcessId owner = SandboxProcesses.self();
    env.put("SBX_DIR", dir.toString());
    env.put("SBX_ID", id);
    env.put("SBX_WIDTH", Integer.toString(options.width()));
    env.put("SBX_HEIGHT", Integer.toString(options.height()));
    env.put("SBX_WM", options.windowManager());
    env.put("SBX_A11Y", options.accessibility() ? "1" : "0");
    env.put("SBX_OSWORLD", options.osworldCompat() ? "1" : "0");
    env.put("SBX_OWNER_PID", Long.toString(owner.pid()));
    env.put("SBX_OWNER_START", Long.toString(owner.startTime()));
    env.put("SBX_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put("SBX_CLASSPATH", absoluteClassPath());
    env.put("DESKPILOT_GUEST_TOKEN", token);
    File log = dir.resolve(SandboxDirs.LOG).toFile();
    return pb.directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
        .redirectError(ProcessBuilder.Redirect.appendTo(log))
        .start();
  }

  /** This JVM's class path with relative entries made absolute (the guest runs elsewhere). */
  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(Path.of(e).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  private static Optional<Integer> readPort(Path file) {
    try {
      return Optional.of(Integer.parseInt(Files.readString(file).strip()));
    } catch (NoSuchFileException | NumberFormatException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- stopping ----

  /** Stops the sandbox's processes, reads the end of its log, deletes its directory. */
  private static String stopAndTail(Path dir, String id, Optional<ProcessId> leader, Process supervisor) {
    boolean interrupted = Thread.interrupted();
    try {
      try {
        SandboxProcesses.stop(id, leader, Duration.ofSeconds(1));
        supervisor.destroyForcibly();
        supervisor.waitFor(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
        // Still end them, without waiting.
        SandboxProcesses.find(id, leader).forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        supervisor.destroyForcibly();
      }
      String tail = tail(dir.resolve(SandboxDirs.LOG), 15);
      deleteQuietly(dir);
      return tail;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
      return last.isEmpty() ? "(the sandbox log is empty)" : "\n  " + String.join("\n  ", last);
    } catch (IOException | UncheckedIOException e) {
      return "(no sandbox log: " + e.getMessage() + ")";
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      SandboxDirs.deleteTree(dir);
    } catch (IOException e) {
      System.getLogger(Sandbox.class.getName())
          .log(System.Logger.Level.WARNING, "cannot delete sandbox directory " + dir + ": " + e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
