package dev.deskpilot.vm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A QEMU Machine Protocol connection over a unix socket: one command at a time, replies matched
 * in order, asynchronous events skipped. A reader thread feeds replies to the caller so that every
 * command has a timeout.
 */
final class QmpClient implements AutoCloseable {
  private static final JsonNode CLOSED = new ObjectMapper().createObjectNode().put("closed", true);

  private final ObjectMapper json = new ObjectMapper();
  private final SocketChannel channel;
  private final OutputStream out;
  private final BlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
  private final Thread reader;

  private QmpClient(SocketChannel channel) {
    this.channel = channel;
    this.out = Channels.newOutputStream(channel);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    this.reader = Thread.ofPlatform().daemon().name("qmp-reader").start(() -> readLoop(in));
  }

  /** Connects and negotiates capabilities. */
  static QmpClient connect(Path socket, Duration timeout) throws IOException, InterruptedException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    channel.connect(UnixDomainSocketAddress.of(socket));
    QmpClient client = new QmpClient(channel);
    JsonNode greeting = client.next(timeout, "greeting");
    if (!greeting.has("QMP")) {
      client.close();
      throw new IOException("QMP socket " + socket + " did not greet with QMP: " + greeting);
    }
    client.execute("qmp_capabilities", Map.of(), timeout);
    return client;
  }

  /**
   * Runs a command and returns its {@code return} value.
   *
   * @throws IOException when QEMU answers with an error (its class and description in the
   *     message), closes the connection, or does not answer in time
   */
  synchronized JsonNode execute(String command, Map<String, ?> arguments, Duration timeout)
      throws IOException, InterruptedException {
    ObjectNode request = json.createObjectNode().put("execute", command);
    if (!arguments.isEmpty()) {
      request.set("arguments", json.valueToTree(arguments));
    }
    out.write(json.writeValueAsBytes(request));
    out.write('\n');
    out.flush();
    JsonNode reply = next(timeout, command);
    if (reply.has("error")) {
      throw new IOException(
          "QEMU refused " + command + ": " + reply.path("error").path("class").asText() + ": "
              + reply.path("error").path("desc").asText());
    }
    return reply.path("return");
  }

  /** Runs a human monitor command (e.g. {@code savevm NAME}); its text output is returned. */
  String human(String commandLine, Duration timeout) throws IOException, InterruptedException {
    return execute("human-monitor-command", Map.of("command-line", commandLine), timeout).asText("");
  }

  private JsonNode next(Duration timeout, String what) throws IOException, InterruptedException {
    JsonNode reply = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (reply == null) {
      throw new IOException("QEMU did not answer " + what + " within " + timeout.toSeconds() + " s");
    }
    if (reply == CLOSED) {
      replies.add(CLOSED);
      throw new IOException("QEMU closed its QMP connection (it exited?) while waiting for " + what);
    }
    return reply;
  }

  private void readLoop(BufferedReader in) {
    try {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode message = json.readTree(line);
        if (!message.has("event")) {
          replies.add(message);
        }
      }
    } catch (IOException e) {
      // the connection ended; waiters learn it below
    } finally {
      replies.add(CLOSED);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a socket whose peer is gone
    }
    reader.interrupt();
  }
}
