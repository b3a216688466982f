package dev.deskpilot.vm.guest;

import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.actuators.RobotExecutor;
import dev.deskpilot.actuators.RobotScreen;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the {@link GuestServer} on this JVM's display.
 *
 * <pre>
 * DESKPILOT_GUEST_TOKEN=... java -cp ... dev.deskpilot.vm.guest.GuestServerMain \
 *     [--bind 127.0.0.1] [--port 0] [--port-file PATH] [--osworld-compat]
 * </pre>
 *
 * <p>{@code --osworld-compat} serves OSWorld's endpoints without a token, as OSWorld's harness
 * calls them; it is refused unless {@code --bind} is a loopback address. The {@code /v1} API keeps
 * needing the token.
 *
 * <p>The token comes from the environment (never the command line, which other users can read).
 * Once listening, the chosen port is written to {@code --port-file} atomically (a temporary file
 * renamed into place), so a reader never sees a partial number. Exit codes: 2 for bad flags or a
 * missing token, 1 when the display or the port cannot be opened.
 */
public final class GuestServerMain {
  private GuestServerMain() {}

  /** The parsed command line. */
  record Flags(String bind, int port, Optional<Path> portFile, boolean osworldCompat) {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream err = System.err;
    Flags flags;
    try {
      flags = parse(args);
    } catch (IllegalArgumentException e) {
      err.println("guest server: " + e.getMessage());
      System.exit(2);
      return;
    }
    String token = System.getenv(GuestServer.TOKEN_VARIABLE);
    if (token == null || token.length() < GuestServer.MIN_TOKEN_LENGTH) {
      err.println(
          "guest server: set "
              + GuestServer.TOKEN_VARIABLE
              + " to a random session token of at least "
              + GuestServer.MIN_TOKEN_LENGTH
              + " characters ("
              + (token == null ? "it is not set" : "it has " + token.length())
              + ")");
      System.exit(2);
      return;
    }
    GuestServer server;
    try {
      RobotScreen screen = new RobotScreen();
      RobotExecutor executor = new RobotExecutor();
      String display = Optional.ofNullable(System.getenv("DISPLAY")).orElse("");
      InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(flags.bind()), flags.port());
      GuestServer.OsworldAccess access =
          flags.osworldCompat() ? GuestServer.OsworldAccess.OPEN_ON_LOOPBACK : GuestServer.OsworldAccess.TOKEN;
      server = GuestServer.start(address, token, display, screen::capture, executor, access);
      if (flags.portFile().isPresent()) {
        writeAtomically(flags.portFile().get(), server.port() + "\n");
      }
    } catch (DesktopException | IOException e) {
      err.println("guest server: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    err.println(
        "guest server: listening on " + flags.bind() + ":" + server.port() + " for DISPLAY=" + System.getenv("DISPLAY")
            + (flags.osworldCompat() ? " (OSWorld endpoints without a token)" : ""));
    CountDownLatch stopped = new CountDownLatch(1);
    GuestServer running = server;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  stopped.countDown();
                },
                "guest-server-stop"));
    stopped.await();
  }

  static Flags parse(String[] args) {
    String bind = "127.0.0.1";
    int port = 0;
    Path portFile = null;
    boolean osworldCompat = false;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--osworld-compat")) {
        osworldCompat = true;
        continue;
      }
      if (!flag.equals("--bind") && !flag.equals("--port") && !flag.equals("--port-file")) {
        throw new IllegalArgumentException(
            "unknown argument '" + flag + "' (expected --bind ADDRESS, --port N, --port-file PATH, --osworld-compat)");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--bind" -> bind = requireAddress(value);
        case "--port" -> port = requirePort(value);
        default -> portFile = Path.of(value);
      }
    }
    if (osworldCompat && !isLoopback(bind)) {
      throw new IllegalArgumentException(
          "--osworld-compat serves OSWorld's endpoints without a token, so it needs --bind 127.0.0.1 (or ::1), not "
              + bind);
    }
    return new Flags(bind, port, Optional.ofNullable(portFile), osworldCompat);
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static String requireAddress(String value) {
    try {
      InetAddress.getByName(value);
      return value;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bind " + value + " is not an address of this machine");
    }
  }

  private static int requirePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be 0..65535 (0 picks a free port), was '" + value + "'");
    }
  }

  static void writeAtomically(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
