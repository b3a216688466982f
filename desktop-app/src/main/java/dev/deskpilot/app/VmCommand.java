package dev.deskpilot.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.vm.qemu.VmException;
import dev.deskpilot.vm.qemu.VmImage;
import dev.deskpilot.vm.qemu.VmImageBuild;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code deskpilot vm build|list}: QEMU images built from Debian packages. */
@Command(
    name = "vm",
    mixinStandardHelpOptions = true,
    description = "Build and list VM images (Debian 12 desktops for --env vm).",
    subcommands = {VmCommand.Build.class, VmCommand.ListImages.class})
final class VmCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Where images go unless {@code --out}/{@code --dir} says otherwise: {@code ~/deskpilot-vms}. */
  static Path defaultImagesDir() {
    return Path.of(System.getProperty("user.home"), "deskpilot-vms");
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code deskpilot vm build}. */
  @Command(
      name = "build",
      mixinStandardHelpOptions = true,
      description = {
        "Build a VM image out of Debian packages (mmdebstrap, as root or with passwordless sudo) and print its directory.",
        "Installs the vm package group when missing. Minutes; the download is cached for the next build."
      })
  static final class Build implements Callable<Integer> {
    @Option(names = "--apps", split = ",", paramLabel = "SET",
        description = "App sets: core (always in), office, browser; comma-separated (default: core).")
    List<String> apps = List.of("core");

    @Option(names = "--out", paramLabel = "DIR", description = "Where the image directory goes (default: ~/deskpilot-vms).")
    Path out;

    @Option(names = "--cache", paramLabel = "DIR", description = "Build cache (default: ~/.cache/deskpilot/vm-build; never required).")
    Path cache;

    @Option(names = "--no-compress", description = "An uncompressed qcow2: about twice the size, faster to build.")
    boolean noCompress;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter stdout = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      EnumSet<VmImageBuild.AppSet> sets = EnumSet.noneOf(VmImageBuild.AppSet.class);
      for (String a : apps) {
        try {
          sets.add(VmImageBuild.AppSet.parse(a));
        } catch (IllegalArgumentException e) {
          throw new UserInputException("--apps: " + e.getMessage());
        }
      }
      VmImageBuild.Request request =
          new VmImageBuild.Request(Home.dir(), sets, out != null ? out : defaultImagesDir(), Optional.ofNullable(cache), !noCompress);
      Optional<String> cannot = VmImageBuild.cannotBuildReason(request.checkout());
      if (cannot.isPresent()) {
        err.println("deskpilot: vm build: " + cannot.get());
        return 1;
      }
      Path image;
      try {
        image = VmImageBuild.build(request, line -> {
          err.println(line);
          err.flush();
        });
      } catch (VmException e) {
        err.println("deskpilot: vm build: " + e.getMessage());
        return 1;
      }
      stdout.println(image);
      stdout.flush();
      return 0;
    }
  }

  /** {@code deskpilot vm list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the images in a directory with their manifests' summary.")
  static final class ListImages implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", description = "Images directory (default: ~/deskpilot-vms).")
    Path dir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      Path root = dir != null ? dir : defaultImagesDir();
      if (!Files.isDirectory(root)) {
        throw new UserInputException("vm list: " + root + " is not a directory (deskpilot vm build --out " + root + " makes one)");
      }
      List<Path> images = new ArrayList<>();
      List<Path> links = new ArrayList<>();
      try (Stream<Path> s = Files.list(root)) {
        for (Path p : s.sorted().toList()) {
          if (Files.isSymbolicLink(p)) {
            links.add(p);
          } else if (Files.isRegularFile(p.resolve("manifest.json"))) {
            images.add(p);
          }
        }
      }
      if (images.isEmpty()) {
        out.println("no images in " + root + " (deskpilot vm build --out " + root + " makes one)");
        return 0;
      }
      out.printf("%-44s %-15s %8s %7s %8s %-20s %s%n", "IMAGE", "APPS", "PROTOCOL", "DISK", "GOLDEN", "CREATED", "STATUS");
      ObjectMapper json = new ObjectMapper();
      for (Path image : images) {
        JsonNode m;
        try {
          m = json.readTree(image.resolve("manifest.json").toFile());
        } catch (IOException e) {
          out.printf("%-44s unreadable manifest: %s%n", image.getFileName(), e.getMessage());
          continue;
        }
        String status;
        try {
          VmImage.open(image);
          status = "ok";
        } catch (VmException e) {
          status = "BROKEN: " + e.getMessage();
        }
        List<String> latest = new ArrayList<>();
        for (Path link : links) {
          if (Files.isDirectory(link) && Files.isSameFile(link, image)) {
            latest.add(link.getFileName().toString());
          }
        }
        if (!latest.isEmpty()) {
          status += " (" + String.join(", ", latest) + ")";
        }
        JsonNode protocol = m.path("guest").path("protocol");
        out.printf(Locale.ROOT, "%-44s %-15s %8s %7s %8s %-20s %s%n",
            image.getFileName(), m.path("apps").asText("?"), protocol.isInt() ? protocol.asText() : "-",
            megabytes(m.path("files").path("disk.qcow2").path("size").asLong(-1)),
            Files.isRegularFile(image.resolve("golden/state.json")) ? "yes" : "no",
            m.path("created").asText("?"), status);
      }
      return 0;
    }

    private static String megabytes(long bytes) {
      return bytes < 0 ? "?" : (bytes >> 20) + "M";
    }
  }
}
