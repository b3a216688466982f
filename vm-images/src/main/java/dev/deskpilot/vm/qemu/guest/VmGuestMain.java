package dev.deskpilot.vm.qemu.guest;

import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.actuators.RobotExecutor;
import dev.deskpilot.actuators.RobotScreen;
import dev.deskpilot.vm.guest.GuestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The in-guest server of a QEMU VM: a {@link GuestServer} whose session token comes from a file
 * that root writes from QEMU's fw_cfg, re-read every 100 ms.
 *
 * <pre>
 * java -cp ... dev.deskpilot.vm.qemu.guest.VmGuestMain --token-file PATH [--bind ADDR] [--port N] [--port-file PATH]
 * </pre>
 *
 * <p>Why not the token in the environment: a VM restored from a saved state keeps this JVM
 * running with the token of the boot that was saved; every restore brings a new token. When the
 * file's token changes, the server is closed and started again with the new one inside this same,
 * already warm JVM (milliseconds, where a new JVM under QEMU's TCG takes half a minute). Until the
 * file holds a token (at least {@link GuestServer#MIN_TOKEN_LENGTH} characters, not all zeros) no
 * server listens.
 */
public final class VmGuestMain {
  private VmGuestMain() {}

  public static void main(String[] args) throws InterruptedException {
    Path tokenFile = null;
    String bind = "127.0.0.1";
    int port = 8765;
    Path portFile = null;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        fail(args[i] + " needs a value");
      }
      switch (args[i]) {
        case "--token-file" -> tokenFile = Path.of(args[i + 1]);
        case "--bind" -> bind = args[i + 1];
        case "--port" -> port = parsePort(args[i + 1]);
        case "--port-file" -> portFile = Path.of(args[i + 1]);
        default -> fail("unknown argument '" + args[i] + "' (expected --token-file PATH, --bind ADDRESS, --port N, --port-file PATH)");
      }
    }
    if (tokenFile == null) {
      fail("--token-file PATH is required");
    }
    InetSocketAddress address;
    RobotScreen screen;
    RobotExecutor executor;
    try {
      address = new InetSocketAddress(InetAddress.getByName(bind), port);
      screen = new RobotScreen();
      executor = new RobotExecutor();
    } catch (IOException | DesktopException e) {
      System.err.println("vm guest: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    String display = Optional.ofNullable(System.getenv("DISPLAY")).orElse("");
    GuestServer server = null;
    String serving = null;
    while (true) {
      Optional<String> token = readToken(tokenFile);
      if (token.isPresent() && !token.get().equals(serving)) {
        if (server != null) {
          server.close();
        }
        try {
          server = GuestServer.start(address, token.get(), display, screen::capture, executor);
          serving = token.get();
          System.err.println("vm guest: serving on " + bind + ":" + server.port() + " with a new token");
          if (portFile != null) {
            writeAtomically(portFile, server.port() + "\n");
          }
        } catch (IOException e) {
          System.err.println("vm guest: cannot listen on " + address + ": " + e.getMessage() + "; retrying");
          server = null;
          serving = null;
        }
      }
      Thread.sleep(100);
    }
  }

  /** The token in the file, if it holds a usable one. */
  static Optional<String> readToken(Path file) {
    try {
      String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
      boolean usable = token.length() >= GuestServer.MIN_TOKEN_LENGTH && !token.chars().allMatch(c -> c == '0');
      return usable ? Optional.of(token) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      System.err.println("vm guest: cannot read " + file + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    fail("--port must be 1..65535, was '" + value + "'");
    return -1;
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, content, StandardCharsets.US_ASCII);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void fail(String message) {
    System.err.println("vm guest: " + message);
    System.exit(2);
  }
}
