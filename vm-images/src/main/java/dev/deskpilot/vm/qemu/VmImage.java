package dev.deskpilot.vm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A VM image built by {@code scripts/build-vm-image.sh}: a directory with {@code vmlinuz}, {@code
 * initrd.img}, {@code disk.qcow2} and {@code manifest.json}.
 *
 * <p>{@link #open(Path)} checks the manifest and that every file is there with the size the
 * manifest records and that the disk is a qcow2; {@link #verifyHashes()} also compares SHA-256
 * hashes (seconds for a large disk).
 *
 * @param dir the image directory
 * @param name the image's versioned name, e.g. {@code deskpilot-bookworm-core-20260101-120000}
 * @param apps the app sets it was built with beyond core: {@code core}, {@code office}, {@code
 *     browser} or {@code office,browser}
 * @param kernelCmdline the kernel command line the image expects
 * @param guestPort the in-guest server's port inside the VM
 * @param tokenFwCfgName the fw_cfg file the guest reads its session token from
 * @param tokenLength the token length the guest expects (the fw_cfg file's size must not change
 *     between a saved state and its restore)
 * @param files the image's files by name, with their recorded size and hash
 */
public record VmImage(
    Path dir,
    String name,
    String apps,
    String kernelCmdline,
    int guestPort,
    String tokenFwCfgName,
    int tokenLength,
    Map<String, FileRecord> files) {

  /** The manifest format this code reads. */
  public static final int FORMAT = 1;

  static final String MANIFEST = "manifest.json";
  static final String KERNEL = "vmlinuz";
  static final String INITRD = "initrd.img";
  static final String DISK = "disk.qcow2";
  private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};

  /** A file's recorded size and SHA-256. */
  public record FileRecord(long size, String sha256) {}

  public VmImage {
    Objects.requireNonNull(dir, "dir");
    files = Map.copyOf(files);
  }

  public Path kernel() {
    return dir.resolve(KERNEL);
  }

  public Path initrd() {
    return dir.resolve(INITRD);
  }

  public Path disk() {
    return dir.resolve(DISK);
  }

  /**
   * Opens and checks an image directory.
   *
   * @throws VmException of kind {@link VmException.Kind#BAD_IMAGE} naming what is missing or wrong
   */
  public static VmImage open(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    if (!Files.isDirectory(absolute)) {
      throw bad("no VM image at " + absolute + " (build one: scripts/build-vm-image.sh --out DIR --guest-lib DIR)");
    }
    Path manifest = absolute.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw bad(manifest + " is missing: " + absolute + " is not a complete image (the build did not finish?)");
    }
    String json;
    try {
      json = Files.readString(manifest);
    } catch (IOException e) {
      throw new VmException(VmException.Kind.BAD_IMAGE, "cannot read " + manifest + ": " + e.getMessage(), e);
    }
    VmImage image = parse(absolute, json);
    image.checkFiles();
    return image;
  }

  /** Reads a manifest's text; the files themselves are not looked at. */
  static VmImage parse(Path dir, String manifestJson) {
    Path where = dir.resolve(MANIFEST);
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(manifestJson);
    } catch (IOException e) {
      throw bad(where + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw bad(where + " must hold a JSON object");
    }
    int format = root.path("format").asInt(-1);
    if (format != FORMAT) {
      throw bad(where + ": format " + root.path("format") + " is not supported (this Deskpilot reads format " + FORMAT + ")");
    }
    JsonNode guest = root.path("guest");
    Map<String, FileRecord> files = new LinkedHashMap<>();
    for (String file : new String[] {KERNEL, INITRD, DISK}) {
      JsonNode node = root.path("files").path(file);
      if (!node.path("size").canConvertToLong() || !node.path("sha256").isTextual()) {
        throw bad(where + ": files." + file + " needs a size and a sha256");
      }
      files.put(file, new FileRecord(node.path("size").asLong(), node.path("sha256").asText()));
    }
    return new VmImage(
        dir,
        text(root, "name", where),
        text(root, "apps", where),
        text(root, "kernelCmdline", where),
        positive(guest, "port", where),
        text(guest, "tokenFwCfg", where),
        positive(guest, "tokenLength", where),
        files);
  }

  /** Checks each file's presence and size, and the disk's qcow2 header. */
  void checkFiles() {
    for (var entry : files.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      if (!Files.isRegularFile(file)) {
        throw bad(file + " is missing (the image at " + dir + " is incomplete)");
      }
      long size;
      try {
        size = Files.size(file);
      } catch (IOException e) {
        throw new VmException(VmException.Kind.BAD_IMAGE, "cannot read " + file + ": " + e.getMessage(), e);
      }
      if (size != entry.getValue().size()) {
        throw bad(file + " has " + size + " bytes, the manifest says " + entry.getValue().size() + " (truncated or replaced)");
      }
    }
    try (InputStream in = Files.newInputStream(disk())) {
      byte[] magic = in.readNBytes(4);
      if (!Arrays.equals(magic, QCOW2_MAGIC)) {
        throw bad(disk() + " is not a qcow2 disk (wrong header)");
      }
    } catch (IOException e) {
      throw new VmException(VmException.Kind.BAD_IMAGE, "cannot read " + disk() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Compares every file's SHA-256 with the manifest.
   *
   * @throws VmException of kind {@link VmException.Kind#BAD_IMAGE} naming the first file that differs
   */
  public void verifyHashes() {
    for (var entry : files.entrySet()) {
      Path file = dir.resolve(entry.getKey());
      String actual = VmFiles.sha256(file);
      if (!actual.equals(entry.getValue().sha256())) {
        throw bad(file + " is corrupt: its SHA-256 is " + actual + ", the manifest says " + entry.getValue().sha256());
      }
    }
  }

  private static String text(JsonNode node, String field, Path where) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw bad(where + ": field '" + field + "' must be a non-empty string");
    }
    return value.asText();
  }

  private static int positive(JsonNode node, String field, Path where) {
    JsonNode value = node.path(field);
    if (!value.canConvertToInt() || value.asInt() <= 0) {
      throw bad(where + ": field 'guest." + field + "' must be a positive integer");
    }
    return value.asInt();
  }

  private static VmException bad(String message) {
    return new VmException(VmException.Kind.BAD_IMAGE, message);
  }
}
