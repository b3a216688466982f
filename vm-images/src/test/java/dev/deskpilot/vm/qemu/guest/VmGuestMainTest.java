package dev.deskpilot.vm.qemu.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmGuestMainTest {
  @TempDir Path dir;

  @Test
  void aMissingFileMeansNoTokenYet() {
    assertThat(VmGuestMain.readToken(dir.resolve("token"))).isEmpty();
  }

  @Test
  void allZerosMeansNone() throws IOException {
    assertThat(VmGuestMain.readToken(Files.writeString(dir.resolve("token"), "0".repeat(64)))).isEmpty();
  }

  @Test
  void aShortTokenIsNotAccepted() throws IOException {
    assertThat(VmGuestMain.readToken(Files.writeString(dir.resolve("token"), "abc123"))).isEmpty();
  }

  @Test
  void aTokenIsReadWithoutItsLineEnd() throws IOException {
    String token = "0123456789abcdef".repeat(4);
    assertThat(VmGuestMain.readToken(Files.writeString(dir.resolve("token"), token + "\n"))).hasValue(token);
  }
}
