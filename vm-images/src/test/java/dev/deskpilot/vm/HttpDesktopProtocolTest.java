package dev.deskpilot.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.DesktopException;
import java.net.URI;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** A host refuses a guest that speaks another protocol version, in one line that says what to do. */
class HttpDesktopProtocolTest {
  private static final String TOKEN = "t0ken-0123456789abcdef0123456789abcdef";

  @StartStop private final MockWebServer server = new MockWebServer();

  private HttpDesktop desktop() {
    return new HttpDesktop(URI.create(server.url("/").toString()), TOKEN);
  }

  @Test
  void aGuestWithoutTheFieldSpeaksProtocolOneAndIsRefused() {
    server.enqueue(new MockResponse.Builder().body("{\"ok\":true,\"display\":\":0\",\"width\":1920,\"height\":1080}").build());
    try (HttpDesktop d = desktop()) {
      assertThatThrownBy(d::health)
          .isInstanceOfSatisfying(DesktopException.class, e -> assertThat(e.kind()).isEqualTo(DesktopException.Kind.FAILED))
          .hasMessage("guest protocol 1, host expects 2: rebuild the image with ./deskpilot vm build");
    }
  }

  @Test
  void aGuestOfThisProtocolIsAccepted() {
    server.enqueue(new MockResponse.Builder()
        .body("{\"ok\":true,\"display\":\":0\",\"width\":1920,\"height\":1080,\"protocol\":" + dev.deskpilot.vm.GuestProtocol.VERSION + "}").build());
    server.enqueue(new MockResponse.Builder().body("{\"ok\":true,\"display\":\":0\",\"width\":1,\"height\":1,\"protocol\":3}").build());
    try (HttpDesktop d = desktop()) {
      assertThat(d.health()).isEqualTo(new GuestHealth(":0", 1920, 1080));
      assertThatThrownBy(d::health).hasMessage("guest protocol 3, host expects 2: rebuild the image with ./deskpilot vm build");
    }
  }
}
