package dev.deskpilot.app;

import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.vm.EnvironmentFactory;
import dev.deskpilot.vm.osworld.OsworldDesktop;
import dev.deskpilot.vm.osworld.OsworldEnvironment;
import dev.deskpilot.vm.osworld.OsworldOptions;
import dev.deskpilot.vm.qemu.GoldenState;
import dev.deskpilot.vm.qemu.QemuEnvironment;
import dev.deskpilot.vm.qemu.QemuMachine;
import dev.deskpilot.vm.qemu.QemuOptions;
import dev.deskpilot.vm.qemu.VmException;
import dev.deskpilot.vm.qemu.VmImage;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The environments of {@code suite --env vm} and {@code --env osworld}.
 *
 * <p>{@code --env vm}: each task starts from the image's golden state (a saved running desktop) in a
 * fresh QEMU on a new overlay. The golden state is made once per image, under {@code
 * <image>/golden/}, the first time it is needed.
 */
final class VmEnvironments {
  private VmEnvironments() {}

  /** The image directory: {@code --vm-image}, else {@code DESKPILOT_VM_IMAGE}. */
  static Path imageDir(Path option) {
    if (option != null) {
      return option;
    }
    String env = System.getenv("DESKPILOT_VM_IMAGE");
    if (env == null || env.isBlank()) {
      throw new UserInputException(
          "--env vm needs an image: --vm-image DIR or DESKPILOT_VM_IMAGE (build one with: deskpilot vm build)");
    }
    return Path.of(env);
  }

  static EnvironmentFactory factory(Path imageDir, PrintWriter out) {
    VmImage image;
    GoldenState state;
    QemuOptions options = QemuOptions.defaults();
    try {
      image = VmImage.open(imageDir);
      Path goldenDir = imageDir.resolve("golden");
      if (!Files.isDirectory(goldenDir) || isEmpty(goldenDir)) {
        out.println("making the golden state of " + imageDir + " (one cold boot; later tasks restore it in seconds)...");
        out.flush();
        state = QemuMachine.createGoldenState(image, goldenDir, options);
      } else {
        state = GoldenState.open(goldenDir, image);
      }
    } catch (VmException e) {
      throw new UserInputException("--env vm: " + e.getMessage());
    }
    GoldenState golden = state;
    return () -> {
      try {
        return QemuEnvironment.restore(golden, image, options);
      } catch (VmException e) {
        // The runner retries a task once on a fresh environment when it cannot be reached.
        throw new DesktopException(DesktopException.Kind.UNREACHABLE, "VM: " + e.getMessage(), e);
      }
    };
  }

  /**
   * {@code --env osworld}: an existing OSWorld VM, reached through its port-5000 server. One VM
   * runs one task at a time; without a revert command nothing is reset between tasks, and the run
   * says so. Without a revert command the server must answer now (one clear line when it does
   * not); with one, the VM may be down until the first revert.
   */
  static EnvironmentFactory osworld(String url, String revert, int parallel, PrintWriter out) {
    if (url == null || url.isBlank()) {
      throw new UserInputException("--env osworld needs --osworld-url http://HOST:5000 (the OSWorld VM's server)");
    }
    if (parallel != 1) {
      throw new UserInputException("--env osworld drives one VM, one task at a time: --parallel must be 1, was " + parallel);
    }
    OsworldOptions options;
    try {
      URI uri = new URI(url.strip());
      options = OsworldOptions.of(uri);
      if (revert != null) {
        options = options.withRevertCommand(revert);
      }
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new UserInputException("--osworld-url: " + (e instanceof URISyntaxException u ? "not a URL: " + u.getMessage() : e.getMessage()));
    }
    if (options.revertCommand().isEmpty()) {
      try (OsworldDesktop probe = new OsworldDesktop(options.url(), options.token())) {
        probe.screenSize();
      } catch (DesktopException e) {
        throw new UserInputException("--env osworld: " + e.getMessage().replaceAll("\\s*\\R\\s*", " ")
            + (e.kind() == DesktopException.Kind.UNREACHABLE ? " (is the VM running and its port 5000 reachable from here?)" : ""));
      }
      out.println("note: no --osworld-revert given: the OSWorld VM is not reset between tasks, each starts where the last one left it");
      out.flush();
    }
    return OsworldEnvironment.factory(options);
  }

  private static boolean isEmpty(Path dir) {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (java.io.IOException e) {
      return true;
    }
  }
}
