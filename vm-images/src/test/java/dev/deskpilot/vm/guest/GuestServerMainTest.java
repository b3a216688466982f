package dev.deskpilot.vm.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuestServerMainTest {
  @TempDir Path tmp;

  @Test
  void flagsHaveLoopbackAndAFreePortByDefault() {
    assertThat(GuestServerMain.parse(new String[0]))
        .isEqualTo(new GuestServerMain.Flags("127.0.0.1", 0, Optional.empty(), false));
    assertThat(GuestServerMain.parse(new String[] {"--port", "8080", "--port-file", "/x/p"}))
        .isEqualTo(new GuestServerMain.Flags("127.0.0.1", 8080, Optional.of(Path.of("/x/p")), false));
  }

  @Test
  void badFlagsSayWhatWouldBeValid() {
    assertThatThrownBy(() -> GuestServerMain.parse(new String[] {"--prot", "1"}))
        .hasMessageContaining("unknown argument '--prot'")
        .hasMessageContaining("--port N");
    assertThatThrownBy(() -> GuestServerMain.parse(new String[] {"--port", "70000"}))
        .hasMessageContaining("--port must be 0..65535");
    assertThatThrownBy(() -> GuestServerMain.parse(new String[] {"--port-file"}))
        .hasMessage("--port-file needs a value");
  }

  @Test
  void osworldCompatIsOnlyAcceptedOnALoopbackBind() {
    assertThat(GuestServerMain.parse(new String[] {"--osworld-compat", "--bind", "127.0.0.1"}).osworldCompat()).isTrue();
    assertThatThrownBy(() -> GuestServerMain.parse(new String[] {"--bind", "0.0.0.0", "--osworld-compat"}))
        .hasMessage("--osworld-compat serves OSWorld's endpoints without a token, so it needs --bind 127.0.0.1 (or ::1), not 0.0.0.0");
  }

  @Test
  void thePortFileIsReplacedWholeAndNoTemporaryIsLeft() throws Exception {
    Path port = tmp.resolve("port");
    GuestServerMain.writeAtomically(port, "1234\n");
    GuestServerMain.writeAtomically(port, "5678\n");
    assertThat(Files.readString(port)).isEqualTo("5678\n");
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(port);
    }
  }
}
