package dev.deskpilot.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoldenStateTest {
  @TempDir Path tmp;
  private VmImage image;
  private Path stateDir;

  @BeforeEach
  void saveAState() throws IOException {
    image = VmImage.open(FakeImage.write(tmp.resolve("img"), "deskpilot-bookworm-core-1"));
    stateDir = Files.createDirectory(tmp.resolve("state"));
    Path disk = Files.writeString(stateDir.resolve("golden.qcow2"), "golden disk");
    Path ram = Files.writeString(stateDir.resolve("ready.state"), "ram and devices");
    new GoldenState(
            stateDir,
            image.name(),
            image.disk(),
            image.files().get("disk.qcow2").sha256(),
            "7.2.22",
            Accelerator.TCG,
            2,
            2048,
            GoldenState.FileStamp.of(disk),
            GoldenState.FileStamp.of(ram),
            Instant.parse("2026-01-01T00:00:00Z"))
        .write();
  }

  @Test
  void reopensWhatWasWritten() {
    GoldenState state = GoldenState.open(stateDir, image);
    assertThat(state.accelerator()).isEqualTo(Accelerator.TCG);
    assertThat(state.cpus()).isEqualTo(2);
    assertThat(state.memoryMb()).isEqualTo(2048);
    assertThat(state.qemuVersion()).isEqualTo("7.2.22");
    assertThat(state.diskFile()).isEqualTo(stateDir.resolve("golden.qcow2"));
    state.verifyHashes();
    state.checkMachine("7.2.22", Accelerator.TCG, 2, 2048);
  }

  @Test
  void aGoldenDiskWrittenAfterTheStateWasSavedIsRefused() throws IOException {
    Path disk = stateDir.resolve("golden.qcow2");
    Files.writeString(disk, "golden disk, changed");
    assertThatThrownBy(() -> GoldenState.open(stateDir, image))
        .isInstanceOf(VmException.class)
        .hasMessageContaining("golden.qcow2 changed since the state was saved")
        .hasMessageContaining("no longer match")
        .satisfies(e -> assertThat(((VmException) e).kind()).isEqualTo(VmException.Kind.STATE_MISMATCH));
  }

  @Test
  void aTouchedStateFileIsRefusedByItsModificationTime() throws IOException {
    Files.setLastModifiedTime(stateDir.resolve("ready.state"), FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    assertThatThrownBy(() -> GoldenState.open(stateDir, image)).hasMessageContaining("ready.state changed");
  }

  @Test
  void sameSizeAndTimeButOtherContentIsCaughtByTheHash() throws IOException {
    Path disk = stateDir.resolve("golden.qcow2");
    FileTime mtime = Files.getLastModifiedTime(disk);
    Files.writeString(disk, "GOLDEN DISK");
    Files.setLastModifiedTime(disk, mtime);
    GoldenState state = GoldenState.open(stateDir, image);
    assertThatThrownBy(state::verifyHashes).hasMessageContaining("golden.qcow2 changed").hasMessageContaining("SHA-256");
  }

  @Test
  void aStateOfAnotherImageIsRefused() throws IOException {
    VmImage other = VmImage.open(FakeImage.write(tmp.resolve("other"), "deskpilot-bookworm-office-2"));
    assertThatThrownBy(() -> GoldenState.open(stateDir, other))
        .hasMessageContaining("belongs to image deskpilot-bookworm-core-1")
        .hasMessageContaining("not to deskpilot-bookworm-office-2");
  }

  @Test
  void anotherQemuOrAcceleratorIsRefused() {
    GoldenState state = GoldenState.open(stateDir, image);
    assertThatThrownBy(() -> state.checkMachine("8.2.0", Accelerator.TCG, 2, 2048)).hasMessageContaining("QEMU 7.2.22");
    assertThatThrownBy(() -> state.checkMachine("7.2.22", Accelerator.KVM, 2, 2048)).hasMessageContaining("KVM");
    assertThatThrownBy(() -> state.checkMachine("7.2.22", Accelerator.TCG, 2, 4096)).hasMessageContaining("4096 MB");
  }

  @Test
  void aMissingStateSaysHowToMakeOne() {
    assertThatThrownBy(() -> GoldenState.open(tmp.resolve("none"), image))
        .hasMessageContaining("no saved VM state at")
        .hasMessageContaining("createGoldenState");
  }

  @Test
  void aMissingFieldIsNamed() throws IOException {
    String json = Files.readString(stateDir.resolve("state.json")).replace("\"qemuVersion\"", "\"qemuVersionX\"");
    assertThatThrownBy(() -> GoldenState.parse(stateDir, json)).hasMessageContaining("field 'qemuVersion' is missing");
  }
}
