package dev.deskpilot.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VmImageTest {
  @TempDir Path tmp;

  @Test
  void opensACompleteImageAndReadsItsManifest() throws IOException {
    Path dir = FakeImage.write(tmp.resolve("img"), "deskpilot-bookworm-core-1");
    VmImage image = VmImage.open(dir);
    assertThat(image.name()).isEqualTo("deskpilot-bookworm-core-1");
    assertThat(image.apps()).isEqualTo("core");
    assertThat(image.guestPort()).isEqualTo(8765);
    assertThat(image.tokenFwCfgName()).isEqualTo("opt/deskpilot/token");
    assertThat(image.tokenLength()).isEqualTo(64);
    assertThat(image.kernelCmdline()).isEqualTo("root=/dev/vda rw console=ttyS0");
    assertThat(image.disk()).isEqualTo(dir.toAbsolutePath().resolve("disk.qcow2"));
    image.verifyHashes();
  }

  @Test
  void aMissingDirectorySaysHowToBuildOne() {
    assertThatThrownBy(() -> VmImage.open(tmp.resolve("nothing")))
        .isInstanceOf(VmException.class)
        .hasMessageContaining("no VM image at")
        .hasMessageContaining("build-vm-image.sh")
        .satisfies(e -> assertThat(((VmException) e).kind()).isEqualTo(VmException.Kind.BAD_IMAGE));
  }

  @Test
  void aMissingManifestMeansAnUnfinishedBuild() throws IOException {
    Path dir = FakeImage.write(tmp.resolve("img"), "x");
    Files.delete(dir.resolve("manifest.json"));
    assertThatThrownBy(() -> VmImage.open(dir)).hasMessageContaining("manifest.json is missing");
  }

  @Test
  void aMissingFileIsNamed() throws IOException {
    Path dir = FakeImage.write(tmp.resolve("img"), "x");
    Files.delete(dir.resolve("initrd.img"));
    assertThatThrownBy(() -> VmImage.open(dir)).hasMessageContaining("initrd.img is missing");
  }

  @Test
  void aTruncatedDiskIsCaughtBySize() throws IOException {
    Path dir = FakeImage.write(tmp.resolve("img"), "x");
    Files.write(dir.resolve("disk.qcow2"), new byte[] {'Q', 'F', 'I', (byte) 0xfb});
    assertThatThrownBy(() -> VmImage.open(dir))
        .hasMessageContaining("disk.qcow2 has 4 bytes, the manifest says 64");
  }

  @Test
  void aDiskThatIsNotQcow2IsRefused() throws IOException {
    Path dir = FakeImage.write(tmp.resolve("img"), "x");
    Files.write(dir.resolve("disk.qcow2"), new byte[64]);
    assertThatThrownBy(() -> VmImage.open(dir)).hasMessageContaining("is not a qcow2 disk");
  }

  @Test
  void aCorruptFileOfTheRightSizeIsCaughtByItsHash() throws IOException {
    Path dir = FakeImage.write(tmp.resolve("img"), "x");
    Files.writeString(dir.resolve("vmlinuz"), "KERNEL", StandardOpenOption.TRUNCATE_EXISTING);
    VmImage image = VmImage.open(dir);
    assertThatThrownBy(image::verifyHashes).hasMessageContaining("vmlinuz is corrupt");
  }

  @Test
  void manifestErrorsNameTheFieldAndFile() throws IOException {
    Path dir = tmp.resolve("img");
    assertThatThrownBy(() -> VmImage.parse(dir, "{not json"))
        .hasMessageContaining("manifest.json is not valid JSON");
    assertThatThrownBy(() -> VmImage.parse(dir, "{\"format\": 2}"))
        .hasMessageContaining("format 2 is not supported");
    String noPort = FakeImage.manifest(FakeImage.write(dir, "x"), "x").replace("\"port\": 8765", "\"port\": -1");
    assertThatThrownBy(() -> VmImage.parse(dir, noPort)).hasMessageContaining("'guest.port' must be a positive integer");
    String noDisk = FakeImage.manifest(dir, "x").replaceAll("\"disk.qcow2\": \\{[^}]*}", "\"other\": {}");
    assertThatThrownBy(() -> VmImage.parse(dir, noDisk)).hasMessageContaining("files.disk.qcow2 needs a size and a sha256");
  }
}
