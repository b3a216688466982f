package dev.deskpilot.vm.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A booted, ready VM saved to disk: the golden disk (a qcow2 overlay of the image's disk, never
 * written again) and the RAM and device state that goes with it ({@code ready.state}), described
 * by {@code state.json}. Tasks start from it in seconds ({@link QemuMachine#restore}), each on its
 * own overlay of the golden disk.
 *
 * <p>A state file is only valid with exactly the disk it was saved with, on the same image, QEMU
 * version, accelerator, CPU count and memory size. The manifest records all of these, plus each
 * file's size, modification time and SHA-256; {@link #open} refuses any difference.
 */
public record GoldenState(
    Path dir,
    String imageName,
    Path imageDisk,
    String imageDiskSha256,
    String qemuVersion,
    Accelerator accelerator,
    int cpus,
    int memoryMb,
    FileStamp disk,
    FileStamp state,
    Instant created) {

  /** The manifest format this code reads. */
  public static final int FORMAT = 1;

  static final String MANIFEST = "state.json";
  static final String DISK = "golden.qcow2";
  static final String STATE = "ready.state";

  /** A file's size, modification time (ms) and SHA-256 at the time the state was saved. */
  public record FileStamp(long size, long mtimeMillis, String sha256) {
    static FileStamp of(Path file) throws IOException {
      return new FileStamp(Files.size(file), Files.getLastModifiedTime(file).toMillis(), VmFiles.sha256(file));
    }
  }

  public GoldenState {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(accelerator, "accelerator");
  }

  public Path diskFile() {
    return dir.resolve(DISK);
  }

  public Path stateFile() {
    return dir.resolve(STATE);
  }

  /**
   * Opens a saved state for {@code image}, checking that it belongs to it and that neither file
   * changed since it was saved (size and modification time; {@link #verifyHashes()} for content).
   *
   * @throws VmException of kind {@link VmException.Kind#STATE_MISMATCH} naming the difference
   */
  public static GoldenState open(Path dir, VmImage image) {
    Path absolute = dir.toAbsolutePath().normalize();
    Path manifest = absolute.resolve(MANIFEST);
    if (!Files.isRegularFile(manifest)) {
      throw mismatch("no saved VM state at " + absolute + " (" + MANIFEST + " is missing; create one with QemuMachine.createGoldenState)");
    }
    GoldenState state;
    try {
      state = parse(absolute, Files.readString(manifest));
    } catch (IOException e) {
      throw new VmException(VmException.Kind.STATE_MISMATCH, "cannot read " + manifest + ": " + e.getMessage(), e);
    }
    state.checkAgainst(image);
    state.checkFiles();
    return state;
  }

  static GoldenState parse(Path dir, String json) {
    Path where = dir.resolve(MANIFEST);
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw mismatch(where + " is not valid JSON: " + e.getMessage());
    }
    if (root == null || root.path("format").asInt(-1) != FORMAT) {
      throw mismatch(where + ": format " + (root == null ? "?" : root.path("format")) + " is not supported (expected " + FORMAT + ")");
    }
    try {
      JsonNode image = root.path("image");
      JsonNode machine = root.path("machine");
      return new GoldenState(
          dir,
          required(image, "name", where).asText(),
          Path.of(required(image, "disk", where).asText()),
          required(image, "diskSha256", where).asText(),
          required(machine, "qemuVersion", where).asText(),
          Accelerator.valueOf(required(machine, "accelerator", where).asText()),
          required(machine, "cpus", where).asInt(),
          required(machine, "memoryMb", where).asInt(),
          stamp(root.path("disk"), "disk", where),
          stamp(root.path("state"), "state", where),
          Instant.parse(required(root, "created", where).asText()));
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw mismatch(where + ": " + e.getMessage());
    }
  }

  /** The state was made from this image (same name, same disk path and content hash). */
  void checkAgainst(VmImage image) {
    String recorded = image.files().get(VmImage.DISK).sha256();
    if (!imageName.equals(image.name()) || !imageDiskSha256.equals(recorded)) {
      throw mismatch(
          "the saved state at " + dir + " belongs to image " + imageName + " (disk " + shortHash(imageDiskSha256)
              + "), not to " + image.name() + " at " + image.dir() + " (disk " + shortHash(recorded) + "); " + remedy());
    }
    if (!imageDisk.equals(image.disk())) {
      throw mismatch(
          "the saved state at " + dir + " was made from " + imageDisk + " but the image is now at " + image.disk()
              + " (its golden disk points at the old path); " + remedy());
    }
  }

  /** Neither file changed since the state was saved (size and modification time). */
  void checkFiles() {
    checkStamp(diskFile(), disk);
    checkStamp(stateFile(), state);
  }

  /** The machine a restore would run on is the one the state was saved on. */
  void checkMachine(String qemuVersionNow, Accelerator acceleratorNow, int cpusNow, int memoryMbNow) {
    if (!qemuVersion.equals(qemuVersionNow) || accelerator != acceleratorNow || cpus != cpusNow || memoryMb != memoryMbNow) {
      throw mismatch(
          "the saved state at " + dir + " was made with QEMU " + qemuVersion + ", " + accelerator + ", " + cpus
              + " CPUs, " + memoryMb + " MB; this machine would be QEMU " + qemuVersionNow + ", " + acceleratorNow
              + ", " + cpusNow + " CPUs, " + memoryMbNow + " MB; " + remedy());
    }
  }

  /** Compares the golden disk's and the state file's SHA-256 with the manifest. */
  public void verifyHashes() {
    for (var entry : Map.of(diskFile(), disk, stateFile(), state).entrySet()) {
      String actual = VmFiles.sha256(entry.getKey());
      if (!actual.equals(entry.getValue().sha256())) {
        throw mismatch(entry.getKey() + " changed since the state was saved (SHA-256 " + shortHash(actual)
            + ", recorded " + shortHash(entry.getValue().sha256()) + "): the disk and the RAM state no longer match; " + remedy());
      }
    }
  }

  /** What to do about a state that does not fit: the runs that use one make it when it is missing. */
  private String remedy() {
    return "delete " + dir + " and the next run makes a new state";
  }

  /** Writes {@code state.json} (atomically). */
  void write() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("created", created.toString());
    m.put("image", Map.of("name", imageName, "disk", imageDisk.toString(), "diskSha256", imageDiskSha256));
    m.put("machine", Map.of("qemuVersion", qemuVersion, "accelerator", accelerator.name(), "cpus", cpus, "memoryMb", memoryMb));
    m.put("disk", Map.of("file", DISK, "size", disk.size(), "mtimeMillis", disk.mtimeMillis(), "sha256", disk.sha256()));
    m.put("state", Map.of("file", STATE, "size", state.size(), "mtimeMillis", state.mtimeMillis(), "sha256", state.sha256()));
    Path temp = dir.resolve(MANIFEST + ".part");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(temp.toFile(), m);
    Files.move(temp, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void checkStamp(Path file, FileStamp recorded) {
    if (!Files.isRegularFile(file)) {
      throw mismatch(file + " is missing: the saved state at " + dir + " is incomplete");
    }
    try {
      long size = Files.size(file);
      long mtime = Files.getLastModifiedTime(file).toMillis();
      if (size != recorded.size() || mtime != recorded.mtimeMillis()) {
        throw mismatch(
            file + " changed since the state was saved (size " + size + " vs " + recorded.size() + ", modified "
                + Instant.ofEpochMilli(mtime) + " vs " + Instant.ofEpochMilli(recorded.mtimeMillis())
                + "): the disk and the RAM state no longer match; " + remedy());
      }
    } catch (IOException e) {
      throw new VmException(VmException.Kind.STATE_MISMATCH, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static FileStamp stamp(JsonNode node, String name, Path where) {
    return new FileStamp(
        required(node, "size", where).asLong(),
        required(node, "mtimeMillis", where).asLong(),
        required(node, "sha256", where).asText());
  }

  private static JsonNode required(JsonNode node, String field, Path where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw mismatch(where + ": field '" + field + "' is missing");
    }
    return value;
  }

  private static String shortHash(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }

  private static VmException mismatch(String message) {
    return new VmException(VmException.Kind.STATE_MISMATCH, message);
  }
}
