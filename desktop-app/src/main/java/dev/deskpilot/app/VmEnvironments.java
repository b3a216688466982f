package dev.deskpilot.app;

import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.vm.EnvironmentFactory;
import dev.deskpilot.vm.qemu.GoldenState;
import dev.deskpilot.vm.qemu.QemuEnvironment;
import dev.deskpilot.vm.qemu.QemuMachine;
import dev.deskpilot.vm.qemu.QemuOptions;
import dev.deskpilot.vm.qemu.VmException;
import dev.deskpilot.vm.qemu.VmImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --env vm}: each task starts from the image's golden state (a saved running desktop) in a
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

  private static boolean isEmpty(Path dir) {
    try (var s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (java.io.IOException e) {
      return true;
    }
  }
}
