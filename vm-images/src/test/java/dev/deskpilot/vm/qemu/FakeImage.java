package dev.deskpilot.vm.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a small image directory whose manifest matches its files (no bootable content). */
final class FakeImage {
  private FakeImage() {}

  static Path write(Path dir, String name) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("vmlinuz"), "kernel");
    Files.writeString(dir.resolve("initrd.img"), "initrd!");
    byte[] disk = new byte[64];
    disk[0] = 'Q';
    disk[1] = 'F';
    disk[2] = 'I';
    disk[3] = (byte) 0xfb;
    Files.write(dir.resolve("disk.qcow2"), disk);
    Files.writeString(dir.resolve("manifest.json"), manifest(dir, name), StandardCharsets.UTF_8);
    return dir;
  }

  static String manifest(Path dir, String name) throws IOException {
    return """
        {"format": 1, "name": "%s", "apps": "core",
         "kernelCmdline": "root=/dev/vda rw console=ttyS0",
         "guest": {"port": 8765, "tokenFwCfg": "opt/deskpilot/token", "tokenLength": 64},
         "files": {%s, %s, %s},
         "packages": {"xvfb": "2:21.1.7-3"}}
        """
        .formatted(name, file(dir, "vmlinuz"), file(dir, "initrd.img"), file(dir, "disk.qcow2"));
  }

  private static String file(Path dir, String name) throws IOException {
    Path f = dir.resolve(name);
    return "\"%s\": {\"size\": %d, \"sha256\": \"%s\"}".formatted(name, Files.size(f), VmFiles.sha256(f));
  }
}
