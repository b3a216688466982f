package dev.deskpilot.vm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * One QEMU virtual machine running a Deskpilot image, reachable through its in-guest server on a
 * 127.0.0.1 port.
 *
 * <p>Three ways to get one:
 *
 * <ul>
 *   <li>{@link #boot}: a cold boot of the image on a fresh qcow2 overlay (tens of seconds under TCG).
 *   <li>{@link #createGoldenState}: boot once, wait for the guest server, save RAM + disk as a
 *       {@link GoldenState}.
 *   <li>{@link #restore}: a fresh QEMU started from a golden state on a new overlay of its disk
 *       (seconds).
 * </ul>
 *
 * <p>Each machine has a private work directory (overlay, serial console log, QEMU log, QMP socket)
 * removed by {@link #close()}. QEMU runs in its own process group under a supervisor that stops it
 * when this JVM ends, even by SIGKILL. {@link #saveSnapshot}/{@link #loadSnapshot} reset the same
 * machine in under a second ({@code savevm}/{@code loadvm} in its overlay).
 *
 * <p>The guest server's session token is random per QEMU process and reaches the guest as the
 * fw_cfg file named in the image manifest. The guest re-reads it every 0.2 s and restarts its
 * server when it changes, so a machine restored from a state saved under another token serves only
 * the new one; {@link #awaitReady} waits until the server accepts it.
 */
public final class QemuMachine implements AutoCloseable {
  private static final Duration QMP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration SNAPSHOT_TIMEOUT = Duration.ofMinutes(5);
  private static final int PORT_ATTEMPTS = 3;
  private static final int TAIL_LINES = 25;

  private final VmImage image;
  private final Accelerator accelerator;
  private final Path workDir;
  private final SupervisedProcess qemu;
  private final QmpClient qmp;
  private final int hostPort;
  private final String token;
  private final Path serialLog;
  private final Instant started;
  // No pooled connections: after loadvm/restore the guest's TCP state is the saved one, and a
  // kept-alive socket from before would hang until its read timeout.
  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
          .connectTimeout(2, TimeUnit.SECONDS)
          .readTimeout(10, TimeUnit.SECONDS)
          .retryOnConnectionFailure(false)
          .build();
  private boolean closed;

  private QemuMachine(
      VmImage image,
      Accelerator accelerator,
      Path workDir,
      SupervisedProcess qemu,
      QmpClient qmp,
      int hostPort,
      String token,
      Path serialLog,
      Instant started) {
    this.image = image;
    this.accelerator = accelerator;
    this.workDir = workDir;
    this.qemu = qemu;
    this.qmp = qmp;
    this.hostPort = hostPort;
    this.token = token;
    this.serialLog = serialLog;
    this.started = started;
  }

  /**
   * Cold-boots {@code image} on a fresh overlay and waits until its guest server answers.
   *
   * @throws VmException QEMU_MISSING, PORT_IN_USE, QEMU_FAILED or GUEST_NOT_READY (with the tail
   *     of the serial console)
   */
  public static QemuMachine boot(VmImage image, QemuOptions options) {
    Accelerator accelerator = chooseAccelerator(image, options);
    QemuMachine machine = start(image, options, accelerator, Optional.empty(), Optional.empty());
    machine.awaitReadyOrClose(options.readyTimeout());
    return machine;
  }

  /**
   * Starts a fresh QEMU from a saved state on a new overlay of its golden disk, and waits until
   * the guest server answers with this machine's token. The accelerator, CPU count and memory
   * size are the state's.
   *
   * @throws VmException STATE_MISMATCH when the state does not belong to this image, disk or QEMU
   */
  public static QemuMachine restore(GoldenState state, VmImage image, QemuOptions options) {
    state.checkAgainst(image);
    state.checkFiles();
    if (options.accelerator().isPresent() && options.accelerator().get() != state.accelerator()) {
      throw new VmException(
          VmException.Kind.STATE_MISMATCH,
          "the saved state at " + state.dir() + " was made under " + state.accelerator() + ", but "
              + options.accelerator().get() + " was asked for: create a state under " + options.accelerator().get());
    }
    state.checkMachine(qemuVersion(options.qemuBinary()), state.accelerator(), state.cpus(), state.memoryMb());
    QemuOptions machineOptions =
        options.withAccelerator(state.accelerator()).withCpus(state.cpus()).withMemoryMb(state.memoryMb());
    QemuMachine machine =
        start(image, machineOptions, state.accelerator(), Optional.of(state.diskFile()), Optional.of(state.stateFile()));
    try {
      machine.runAfterIncoming(options.readyTimeout());
    } catch (RuntimeException e) {
      machine.close();
      throw e;
    }
    machine.awaitReadyOrClose(options.readyTimeout());
    return machine;
  }

  /**
   * Boots {@code image} once, waits for its guest server, and saves the running machine into
   * {@code stateDir} (which must not exist or be empty) as a {@link GoldenState}.
   */
  public static GoldenState createGoldenState(VmImage image, Path stateDir, QemuOptions options) {
    Path dir = stateDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("state directory " + dir + " is not empty; give a new or empty one");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Accelerator accelerator = chooseAccelerator(image, options);
    Path golden = dir.resolve(GoldenState.DISK);
    createOverlay(image.disk(), golden);
    String version = qemuVersion(options.qemuBinary());
    try (QemuMachine machine = start(image, options, accelerator, Optional.of(golden), Optional.empty(), true)) {
      machine.awaitReadyOrClose(options.readyTimeout());
      Path part = dir.resolve(GoldenState.STATE + ".part");
      machine.saveStateTo(part);
      machine.quit();
      Path stateFile = dir.resolve(GoldenState.STATE);
      Files.move(part, stateFile, StandardCopyOption.ATOMIC_MOVE);
      for (Path file : List.of(golden, stateFile)) {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
      }
      GoldenState state =
          new GoldenState(
              dir,
              image.name(),
              image.disk(),
              image.files().get(VmImage.DISK).sha256(),
              version,
              accelerator,
              options.cpus(),
              options.memoryMb(),
              GoldenState.FileStamp.of(golden),
              GoldenState.FileStamp.of(stateFile),
              Instant.now());
      state.write();
      return state;
    } catch (IOException e) {
      throw new VmException(VmException.Kind.QEMU_FAILED, "saving the VM state to " + dir + " failed: " + e.getMessage(), e);
    }
  }

  /** The URL of the guest server, e.g. {@code http://127.0.0.1:41234}. */
  public URI guestUrl() {
    return URI.create("http://127.0.0.1:" + hostPort);
  }

  /** The bearer token the guest server accepts (never log it). */
  public String token() {
    return token;
  }

  public Accelerator accelerator() {
    return accelerator;
  }

  public VmImage image() {
    return image;
  }

  /** The guest's serial console (kernel and service messages). */
  public Path serialLog() {
    return serialLog;
  }

  /** The QEMU process id. */
  public long pid() {
    return qemu.pid();
  }

  /**
   * Waits until the guest server answers {@code GET /v1/health} with this machine's token.
   *
   * @throws VmException GUEST_NOT_READY after {@code timeout}, QEMU_FAILED when QEMU exits, or
   *     BAD_IMAGE when the guest speaks another protocol than this host
   */
  public void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Request request =
        new Request.Builder().url(guestUrl().resolve("/v1/health").toString()).header("Authorization", "Bearer " + token).build();
    String last = "no answer yet";
    while (true) {
      if (!qemu.isAlive()) {
        throw failure(VmException.Kind.QEMU_FAILED, "QEMU exited (status " + qemu.exitCode().orElse(-1) + ") before the guest server answered");
      }
      try (Response response = http.newCall(request).execute()) {
        if (response.code() == 200) {
          JsonNode body = new ObjectMapper().readTree(response.body().string());
          if (body.path("ok").asBoolean(false)) {
            int protocol = body.path("protocol").asInt(1);
            if (protocol != dev.deskpilot.vm.GuestProtocol.VERSION) {
              throw failure(VmException.Kind.BAD_IMAGE, "guest protocol " + protocol + ", host expects "
                  + dev.deskpilot.vm.GuestProtocol.VERSION + ": rebuild the image with ./deskpilot vm build");
            }
            return;
          }
          last = "health said " + body;
        } else {
          last = "HTTP " + response.code() + (response.code() == 401 ? " (the server still runs with another token)" : "");
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (System.nanoTime() > deadline) {
        throw failure(
            VmException.Kind.GUEST_NOT_READY,
            "the guest server at " + guestUrl() + " did not become ready within " + timeout.toSeconds() + " s (last: " + last + ")");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VmException(VmException.Kind.GUEST_NOT_READY, "interrupted while waiting for the guest server", e);
      }
    }
  }

  /** Saves RAM, devices and disk as the internal snapshot {@code name} of this machine's overlay. */
  public void saveSnapshot(String name) {
    human("savevm " + snapshotName(name));
  }

  /**
   * Returns this machine to its internal snapshot {@code name} (made by {@link #saveSnapshot}).
   * HTTP connections kept alive from before are stale afterwards: clients should reconnect.
   */
  public void loadSnapshot(String name) {
    human("loadvm " + snapshotName(name));
  }

  /** Stops QEMU (QMP quit, else TERM, else KILL) and removes the work directory. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      try {
        qmp.execute("quit", Map.of(), Duration.ofSeconds(5));
      } catch (IOException e) {
        // QEMU already gone or not answering: the supervisor stops it below
      }
      qmp.close();
      if (!qemu.waitFor(Duration.ofSeconds(10))) {
        qemu.stop(Duration.ofSeconds(10));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      try {
        qemu.stop(Duration.ofSeconds(1));
      } catch (InterruptedException again) {
        Thread.currentThread().interrupt();
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
      try {
        VmFiles.deleteTree(workDir);
      } catch (IOException e) {
        // a leftover temp directory is not worth an exception during close
      }
    }
  }

  @Override
  public String toString() {
    return "QemuMachine[" + image.name() + ", " + accelerator + ", " + guestUrl() + ", pid " + qemu.pid() + "]";
  }

  // ---- internals --------------------------------------------------------------------------------

  private static Accelerator chooseAccelerator(VmImage image, QemuOptions options) {
    return options
        .accelerator()
        .orElseGet(
            () ->
                KvmProbe.ofThisMachine(options.qemuBinary())
                    .choose(System.getenv(KvmProbe.OVERRIDE_VARIABLE), image.kernel(), Duration.ofSeconds(15))
                    .accelerator());
  }

  private static QemuMachine start(
      VmImage image, QemuOptions options, Accelerator accelerator, Optional<Path> backing, Optional<Path> incoming) {
    return start(image, options, accelerator, backing, incoming, false);
  }

  /**
   * @param backing the disk the per-machine overlay is made on (default: the image's disk)
   * @param useBackingDirectly run on {@code backing} itself instead of an overlay of it
   */
  private static QemuMachine start(
      VmImage image,
      QemuOptions options,
      Accelerator accelerator,
      Optional<Path> backing,
      Optional<Path> incoming,
      boolean useBackingDirectly) {
    Path work;
    try {
      Files.createDirectories(options.workRoot());
      work = Files.createTempDirectory(options.workRoot(), "deskpilot-vm-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a work directory under " + options.workRoot(), e);
    }
    boolean started = false;
    try {
      Path disk;
      if (useBackingDirectly) {
        disk = backing.orElseThrow();
      } else {
        disk = work.resolve("disk.qcow2");
        createOverlay(backing.orElse(image.disk()), disk);
      }
      String token = newToken(image.tokenLength());
      Path tokenFile = work.resolve("token");
      Files.writeString(
          Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
          token,
          StandardCharsets.US_ASCII);
      for (int attempt = 1; ; attempt++) {
        int port = options.hostPort() != 0 ? options.hostPort() : freePort();
        Path serial = work.resolve("serial-" + attempt + ".log");
        Path qemuLog = work.resolve("qemu-" + attempt + ".log");
        Path qmpSocket = work.resolve("qmp-" + attempt + ".sock");
        QemuCommand command =
            new QemuCommand(
                options.qemuBinary(),
                "deskpilot-" + work.getFileName(),
                accelerator,
                options.cpus(),
                options.memoryMb(),
                image.kernel(),
                image.initrd(),
                image.kernelCmdline(),
                disk,
                port,
                image.guestPort(),
                image.tokenFwCfgName(),
                tokenFile,
                serial,
                qmpSocket,
                incoming);
        Files.createFile(qemuLog);
        SupervisedProcess qemu = SupervisedProcess.start(command.arguments(), qemuLog, work);
        Instant t0 = Instant.now();
        Optional<QmpClient> qmp = connectQmp(qmpSocket, qemu);
        if (qmp.isPresent()) {
          Files.deleteIfExists(tokenFile); // QEMU read it at start-up
          started = true;
          return new QemuMachine(image, accelerator, work, qemu, qmp.get(), port, token, serial, t0);
        }
        qemu.waitFor(Duration.ofSeconds(5));
        String log = VmFiles.tail(qemuLog, TAIL_LINES);
        if (!onPath(options.qemuBinary())) {
          throw new VmException(
              VmException.Kind.QEMU_MISSING,
              options.qemuBinary() + " is not installed (Debian: apt-get install qemu-system-x86 qemu-utils, or scripts/install-deps.sh vm)");
        }
        if (log.contains("host forwarding rule") || log.contains("Address already in use")) {
          if (options.hostPort() != 0) {
            throw new VmException(VmException.Kind.PORT_IN_USE, "127.0.0.1:" + port + " is in use; choose another port or 0 for any");
          }
          if (attempt < PORT_ATTEMPTS) {
            continue; // another process took the free port we picked: pick again
          }
          throw new VmException(VmException.Kind.PORT_IN_USE, "QEMU could not bind a free 127.0.0.1 port in " + PORT_ATTEMPTS + " tries: " + log);
        }
        throw new VmException(
            VmException.Kind.QEMU_FAILED,
            "QEMU exited at start (status " + qemu.exitCode().orElse(-1) + "): " + log + "\ncommand: " + String.join(" ", command.arguments()));
      }
    } catch (IOException e) {
      throw new VmException(VmException.Kind.QEMU_FAILED, "cannot start QEMU in " + work + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException(VmException.Kind.QEMU_FAILED, "interrupted while starting QEMU", e);
    } finally {
      if (!started) {
        try {
          VmFiles.deleteTree(work);
        } catch (IOException ignored) {
          // best effort: the failure being reported matters more
        }
      }
    }
  }

  /** Connects to QMP once QEMU has made its socket; empty when QEMU exits first. */
  private static Optional<QmpClient> connectQmp(Path socket, SupervisedProcess qemu) throws InterruptedException {
    long deadline = System.nanoTime() + QMP_TIMEOUT.toNanos();
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!qemu.isAlive()) {
        return Optional.empty();
      }
      if (Files.exists(socket)) {
        try {
          return Optional.of(QmpClient.connect(socket, QMP_TIMEOUT));
        } catch (IOException e) {
          last = e;
        }
      }
      Thread.sleep(50);
    }
    qemu.stop(Duration.ofSeconds(5));
    throw new VmException(
        VmException.Kind.QEMU_FAILED,
        "QEMU did not open its QMP socket " + socket + " within " + QMP_TIMEOUT.toSeconds() + " s"
            + (last == null ? "" : " (" + last.getMessage() + ")"));
  }

  private void awaitReadyOrClose(Duration timeout) {
    try {
      awaitReady(timeout);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Waits until the incoming state is loaded and lets the guest run: a state saved from a stopped
   * machine arrives paused (QEMU keeps the source's run state).
   */
  private void runAfterIncoming(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        String status = qmp.execute("query-status", Map.of(), QMP_TIMEOUT).path("status").asText();
        switch (status) {
          case "running" -> {
            return;
          }
          case "paused", "postmigrate", "prelaunch" -> {
            qmp.execute("cont", Map.of(), QMP_TIMEOUT);
            return;
          }
          case "inmigrate" -> {
            if (System.nanoTime() > deadline) {
              throw failure(VmException.Kind.QEMU_FAILED, "loading the saved state took longer than " + timeout.toSeconds() + " s");
            }
            Thread.sleep(20);
          }
          default -> throw failure(VmException.Kind.QEMU_FAILED, "QEMU is in state '" + status + "' after loading the saved state");
        }
      }
    } catch (IOException e) {
      throw failure(VmException.Kind.QEMU_FAILED, "loading the saved state failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException(VmException.Kind.QEMU_FAILED, "interrupted while loading the saved state", e);
    }
  }

  private void saveStateTo(Path file) throws IOException {
    try {
      qmp.execute("stop", Map.of(), QMP_TIMEOUT);
      qmp.execute("migrate-set-parameters", Map.of("max-bandwidth", Long.MAX_VALUE / 2), QMP_TIMEOUT);
      qmp.execute("migrate", Map.of("uri", "exec:cat > " + VmFiles.shellQuote(file.toString())), QMP_TIMEOUT);
      long deadline = System.nanoTime() + SNAPSHOT_TIMEOUT.toNanos();
      while (true) {
        JsonNode status = qmp.execute("query-migrate", Map.of(), QMP_TIMEOUT);
        String s = status.path("status").asText();
        if (s.equals("completed")) {
          return;
        }
        if (s.equals("failed") || s.equals("cancelled")) {
          throw new IOException("QEMU could not save the state: " + status.path("error-desc").asText(s));
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("saving the state took longer than " + SNAPSHOT_TIMEOUT.toMinutes() + " min");
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while saving the state", e);
    }
  }

  private void quit() throws IOException {
    try {
      try {
        qmp.execute("quit", Map.of(), QMP_TIMEOUT);
      } catch (IOException e) {
        // QEMU may exit and close the QMP socket before its answer to "quit" is read ("Broken
        // pipe"): that is success when the process then ends, judged just below.
      }
      if (!qemu.waitFor(Duration.ofSeconds(30))) {
        throw new IOException("QEMU did not exit within 30 s of quit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping QEMU", e);
    }
  }

  private void human(String commandLine) {
    try {
      String output = qmp.human(commandLine, SNAPSHOT_TIMEOUT);
      if (!output.isBlank()) {
        throw new VmException(VmException.Kind.QEMU_FAILED, "QEMU: " + commandLine + ": " + output.strip());
      }
    } catch (IOException e) {
      throw failure(VmException.Kind.QEMU_FAILED, commandLine + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException(VmException.Kind.QEMU_FAILED, "interrupted during " + commandLine, e);
    }
  }

  private VmException failure(VmException.Kind kind, String message) {
    String serial = VmFiles.tail(serialLog, TAIL_LINES);
    String log = VmFiles.tail(qemu.log(), 5);
    return new VmException(
        kind,
        message + " [" + accelerator + ", up " + Duration.between(started, Instant.now()).toSeconds() + " s]"
            + (log.isBlank() ? "" : "\nQEMU said:\n" + log)
            + "\nlast lines of the serial console " + serialLog + ":\n" + (serial.isBlank() ? "(empty)" : serial));
  }

  static String snapshotName(String name) {
    if (!name.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("snapshot name must be 1-64 of [A-Za-z0-9_.-], was '" + name + "'");
    }
    return name;
  }

  static String newToken(int length) {
    if (length < 32 || length % 2 != 0) {
      throw new IllegalArgumentException("token length must be an even number >= 32, was " + length);
    }
    byte[] bytes = new byte[length / 2];
    new SecureRandom().nextBytes(bytes);
    String token = HexFormat.of().formatHex(bytes);
    return token.chars().allMatch(c -> c == '0') ? newToken(length) : token; // all zeros means "no token"
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void createOverlay(Path backing, Path overlay) {
    run(
        List.of("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", backing.toString(), overlay.toString()),
        () -> "creating the overlay " + overlay + " on " + backing);
  }

  static String qemuVersion(String binary) {
    String out = run(List.of(binary, "--version"), () -> "asking " + binary + " for its version");
    var m = java.util.regex.Pattern.compile("version (\\S+)").matcher(out);
    if (!m.find()) {
      throw new VmException(VmException.Kind.QEMU_FAILED, binary + " --version printed no version: " + out.strip());
    }
    return m.group(1);
  }

  private static String run(List<String> command, Supplier<String> what) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new VmException(VmException.Kind.QEMU_FAILED, what.get() + ": " + command.getFirst() + " did not finish in 60 s");
      }
      if (p.exitValue() != 0) {
        throw new VmException(VmException.Kind.QEMU_FAILED, what.get() + " failed: " + out.strip());
      }
      return out;
    } catch (IOException e) {
      if (!onPath(command.getFirst())) {
        throw new VmException(
            VmException.Kind.QEMU_MISSING,
            command.getFirst() + " is not installed (Debian: apt-get install qemu-system-x86 qemu-utils, or scripts/install-deps.sh vm)");
      }
      throw new VmException(VmException.Kind.QEMU_FAILED, what.get() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new VmException(VmException.Kind.QEMU_FAILED, "interrupted while " + what.get(), e);
    }
  }

  private static boolean onPath(String binary) {
    if (binary.contains("/")) {
      return Files.isExecutable(Path.of(binary));
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
        return true;
      }
    }
    return false;
  }
}
