package dev.deskpilot.vm.qemu;

import dev.deskpilot.vm.GuestProtocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Builds a VM image the way {@code vm-images/recipes/README.md} describes, in one call: assembles
 * the in-guest server's libraries (this module's jar and its runtime dependencies without the
 * native OpenCV/OCR stacks, prepared by the module's build in {@code target/guest-lib}), installs
 * the {@code vm} group of Debian packages ({@code scripts/install-deps.sh vm}), and runs {@code
 * scripts/build-vm-image.sh} as root (directly, or through passwordless {@code sudo -n}).
 *
 * <p>Needs a Deskpilot checkout (for the scripts and recipes), root or passwordless sudo, and the
 * Debian mirror. {@link #cannotBuildReason} says up front when this machine cannot build at all.
 */
public final class VmImageBuild {
  /** The main class of the in-guest server the images run. */
  public static final String GUEST_MAIN = "dev.deskpilot.vm.qemu.guest.VmGuestMain";

  /** The app sets an image can hold; {@link #CORE} is always in. */
  public enum AppSet {
    /** Xvfb, openbox, AT-SPI, xterm, mousepad, galculator. */
    CORE,
    /** LibreOffice Calc and Writer (gtk3), first-run dialogs off. */
    OFFICE,
    /** Chromium with {@code google-chrome} wrappers, socat. */
    BROWSER;

    /** The lower-case name the scripts use. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code core}, {@code office}, {@code browser}.
     *
     * @throws IllegalArgumentException naming the value and the valid ones
     */
    public static AppSet parse(String text) {
      for (AppSet a : values()) {
        if (a.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
          return a;
        }
      }
      throw new IllegalArgumentException("'" + text + "' is not an app set (valid: core, office, browser)");
    }
  }

  /**
   * What to build.
   *
   * @param checkout the Deskpilot checkout holding {@code scripts/} and {@code vm-images/recipes/}
   * @param apps the app sets ({@link AppSet#CORE} is added when missing)
   * @param outDir where the versioned image directory and its {@code latest-<apps>} link go
   * @param cacheDir the build cache (root trees by package set, the guest's Java runtime); empty:
   *     the script's default, {@code ~/.cache/deskpilot/vm-build}. A build never needs it filled.
   * @param compress a compressed qcow2 (about half the size, slower to build)
   */
  public record Request(Path checkout, Set<AppSet> apps, Path outDir, Optional<Path> cacheDir, boolean compress) {
    public Request {
      Objects.requireNonNull(checkout, "checkout");
      Objects.requireNonNull(outDir, "outDir");
      Objects.requireNonNull(cacheDir, "cacheDir");
      EnumSet<AppSet> all = EnumSet.of(AppSet.CORE);
      all.addAll(apps);
      apps = Set.copyOf(all);
    }

    /** The {@code --apps} value of the script, e.g. {@code core,office}. */
    public String appsArgument() {
      return String.join(",", EnumSet.copyOf(apps).stream().map(AppSet::id).toList());
    }
  }

  private VmImageBuild() {}

  /**
   * Why this machine cannot build images, or empty when it can: not root and no passwordless
   * sudo, not a Debian system, or no checkout with the build script.
   */
  public static Optional<String> cannotBuildReason(Path checkout) {
    if (!Files.isRegularFile(checkout.resolve(SCRIPT))) {
      return Optional.of("no " + SCRIPT + " under " + checkout.toAbsolutePath() + " (building images needs a Deskpilot checkout)");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/dpkg-query"))) {
      return Optional.of("this is not a Debian system (no dpkg-query): images are built with Debian's mmdebstrap");
    }
    if (!isRoot() && !sudoWorks()) {
      return Optional.of(
          "building an image needs root (mmdebstrap's root mode and file owners): run as root, or give this user passwordless sudo (sudo -n true failed)");
    }
    return Optional.empty();
  }

  /**
   * Builds an image and returns its directory (a {@link VmImage#open}able image).
   *
   * @param progress receives the build's progress lines as they come
   * @throws VmException BUILD_FAILED naming the step that failed (with the last lines of its output)
   */
  public static Path build(Request request, Consumer<String> progress) throws InterruptedException {
    Path checkout = request.checkout().toAbsolutePath().normalize();
    cannotBuildReason(checkout).ifPresent(reason -> {
      throw new VmException(VmException.Kind.BUILD_FAILED, reason);
    });
    Path out = request.outDir().toAbsolutePath().normalize();
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new VmException(VmException.Kind.BUILD_FAILED, "cannot create the output directory " + out + ": " + e.getMessage(), e);
    }
    installTools(checkout, progress).ifPresent(problem -> {
      throw new VmException(VmException.Kind.BUILD_FAILED, problem);
    });
    Path guestLib;
    try {
      guestLib = Files.createTempDirectory(out, ".guest-lib-");
    } catch (IOException e) {
      throw new VmException(VmException.Kind.BUILD_FAILED, "cannot create a directory in " + out + ": " + e.getMessage(), e);
    }
    try {
      List<Path> jars = assembleGuestLib(guestLib);
      progress.accept("vm build: guest lib of " + jars.size() + " jars (guest protocol " + GuestProtocol.VERSION + ")");
      List<String> command = new ArrayList<>();
      if (!isRoot()) {
        command.addAll(List.of("sudo", "-n"));
      }
      command.addAll(List.of("bash", checkout.resolve(SCRIPT).toString(),
          "--apps", request.appsArgument(), "--out", out.toString(), "--guest-lib", guestLib.toString(),
          "--guest-main", GUEST_MAIN));
      Path jdk = Path.of(System.getProperty("java.home"));
      if (Files.isExecutable(jdk.resolve("bin/jlink")) && Runtime.version().feature() >= 25) {
        command.addAll(List.of("--jdk", jdk.toString()));
      }
      Path cache = request.cacheDir().orElseGet(VmImageBuild::defaultCache);
      command.addAll(List.of("--cache", cache.toAbsolutePath().toString()));
      if (!request.compress()) {
        command.add("--no-compress");
      }
      Result built = run(command, checkout, progress);
      if (built.exitCode() != 0) {
        throw new VmException(VmException.Kind.BUILD_FAILED,
            SCRIPT + " failed (exit " + built.exitCode() + "): " + built.tail());
      }
      Path image = Path.of(built.lastLine().strip());
      if (!image.isAbsolute() || !Files.isRegularFile(image.resolve(VmImage.MANIFEST))) {
        throw new VmException(VmException.Kind.BUILD_FAILED,
            SCRIPT + " ended without naming a finished image (last line: '" + built.lastLine() + "')");
      }
      VmImage.open(image);
      return image;
    } finally {
      try {
        VmFiles.deleteTree(guestLib);
      } catch (IOException e) {
        progress.accept("vm build: could not remove " + guestLib + ": " + e.getMessage());
      }
    }
  }

  /**
   * Installs the {@code vm} group of Debian packages (QEMU, qemu-img, mmdebstrap) when missing,
   * through {@code scripts/install-deps.sh vm} (apt-get as root or with sudo).
   *
   * @return why they could not be installed, or empty when they are there now
   */
  public static Optional<String> installTools(Path checkout, Consumer<String> progress) throws InterruptedException {
    progress.accept("vm build: installing the vm group of Debian packages when missing (scripts/install-deps.sh vm)");
    List<String> install = List.of("bash", checkout.toAbsolutePath().resolve("scripts/install-deps.sh").toString(), "vm");
    Result installed = run(install, checkout, progress);
    if (installed.exitCode() != 0) {
      return Optional.of("scripts/install-deps.sh vm failed (exit " + installed.exitCode() + "): " + installed.tail());
    }
    return Optional.empty();
  }

  /** The script's default cache: {@code ${XDG_CACHE_HOME:-~/.cache}/deskpilot/vm-build}. */
  static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("deskpilot/vm-build");
  }

  static final String SCRIPT = "scripts/build-vm-image.sh";
  private static final String GUEST_LIB = "guest-lib";

  /**
   * Copies the in-guest server's jars into {@code dir}: this module's own jar (made from its
   * classes directory when it runs from one) and {@code target/guest-lib} next to it, which the
   * module's Maven build fills with its runtime dependencies minus OpenCV, OpenBLAS, JavaCPP,
   * tess4j and lept4j.
   */
  static List<Path> assembleGuestLib(Path dir) {
    Path self;
    try {
      self = Path.of(GuestProtocol.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new VmException(VmException.Kind.BUILD_FAILED, "cannot tell where the vm-images classes come from: " + e, e);
    }
    return assembleGuestLib(self, self.toAbsolutePath().getParent().resolve(GUEST_LIB), dir);
  }

  /**
   * Copies {@code deps}' jars and {@code self} (a jar, or a classes directory made into one) into
   * {@code dir}.
   */
  static List<Path> assembleGuestLib(Path self, Path deps, Path dir) {
    if (!Files.isDirectory(deps)) {
      throw new VmException(VmException.Kind.BUILD_FAILED,
          "the guest server's libraries are not built: " + deps + " is missing (./mvnw -pl vm-images -am package makes it; ./deskpilot does)");
    }
    List<Path> jars = new ArrayList<>();
    try (Stream<Path> s = Files.list(deps)) {
      for (Path jar : s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
        jars.add(Files.copy(jar, dir.resolve(jar.getFileName())));
      }
      if (Files.isDirectory(self)) {
        jars.add(jarOf(self, dir.resolve("vm-images.jar")));
      } else {
        jars.add(Files.copy(self, dir.resolve(self.getFileName())));
      }
    } catch (IOException e) {
      throw new VmException(VmException.Kind.BUILD_FAILED, "cannot assemble the guest lib in " + dir + ": " + e.getMessage(), e);
    }
    return List.copyOf(jars);
  }

  /** A jar of the class files under {@code classes}. */
  private static Path jarOf(Path classes, Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os, manifest);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static boolean sudoWorks() {
    try {
      Process p = new ProcessBuilder("sudo", "-n", "true").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private record Result(int exitCode, List<String> lines) {
    String lastLine() {
      return lines.isEmpty() ? "" : lines.getLast();
    }

    String tail() {
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
  }

  /** Runs a command, passing each output line on; ends it and its children when interrupted. */
  private static Result run(List<String> command, Path dir, Consumer<String> progress) throws InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    } catch (IOException e) {
      throw new VmException(VmException.Kind.BUILD_FAILED, "cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    }
    List<String> lines = new ArrayList<>();
    Thread reader = Thread.ofPlatform().daemon().name("vm-build-output").start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          synchronized (lines) {
            lines.add(line);
          }
          progress.accept(line);
        }
      } catch (IOException e) {
        // the process ended and closed its output: nothing more to read
      }
    });
    try {
      int code = p.waitFor();
      reader.join(TimeUnit.SECONDS.toMillis(10));
      synchronized (lines) {
        return new Result(code, List.copyOf(lines));
      }
    } catch (InterruptedException e) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      throw e;
    }
  }
}
