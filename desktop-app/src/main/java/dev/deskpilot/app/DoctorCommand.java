package dev.deskpilot.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Says what is installed and what is missing, and how to get it. */
@Command(name = "doctor", description = "Show what is installed and what is missing.")
final class DoctorCommand implements Callable<Integer> {
  private record Check(String what, boolean required, boolean ok, String detail) {}

  @Override
  public Integer call() {
    List<Check> checks = new ArrayList<>();
    int java = Runtime.version().feature();
    checks.add(new Check("JDK >= 25", true, java >= 25, "running on " + Runtime.version()));
    for (String[] tool :
        new String[][] {
          {"Xvfb", "xvfb"}, {"openbox", "openbox"}, {"dbus-launch", "dbus-x11"},
          {"xdotool", "xdotool"}, {"xclip", "xclip"}, {"tesseract", "tesseract-ocr"},
          {"xterm", "xterm"}, {"mousepad", "mousepad"}, {"galculator", "galculator"}, {"pcmanfm", "pcmanfm"},
        }) {
      Path p = onPath(tool[0]);
      checks.add(new Check(tool[0], true, p != null, p != null ? p.toString() : "missing: apt-get install " + tool[1]));
    }
    Path tessdata = tessdata();
    checks.add(new Check("tesseract English data", true, tessdata != null,
        tessdata != null ? tessdata.toString() : "missing: apt-get install tesseract-ocr-eng"));
    for (String[] tool :
        new String[][] {
          {"soffice", "libreoffice-calc libreoffice-writer (office tasks)"},
          {"chromium", "chromium (browser tasks)"},
          {"qemu-system-x86_64", "qemu-system-x86 (vm environment)"},
          {"mmdebstrap", "mmdebstrap (vm image builds)"},
        }) {
      Path p = onPath(tool[0]);
      checks.add(new Check(tool[0], false, p != null, p != null ? p.toString() : "optional: apt-get install " + tool[1]));
    }
    checks.add(new Check("KVM", false, kvmUsable(), kvmUsable() ? "/dev/kvm is accessible (real KVM is probed when a VM starts)" : "no usable /dev/kvm: VMs run under TCG"));
    boolean allRequired = true;
    for (Check c : checks) {
      String mark = c.ok() ? "ok     " : (c.required() ? "MISSING" : "absent ");
      System.out.printf("%s  %-24s %s%n", mark, c.what(), c.detail());
      allRequired &= c.ok() || !c.required();
    }
    System.out.println(allRequired
        ? "everything required is installed"
        : "something required is missing: scripts/install-deps.sh installs it (./deskpilot demo runs it for you)");
    return allRequired ? 0 : 1;
  }

  static Path onPath(String exe) {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(dir, exe);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static Path tessdata() {
    String prefix = System.getenv("TESSDATA_PREFIX");
    List<Path> dirs = new ArrayList<>();
    if (prefix != null) {
      dirs.add(Path.of(prefix));
    }
    dirs.add(Path.of("/usr/share/tesseract-ocr/5/tessdata"));
    dirs.add(Path.of("/usr/share/tesseract-ocr/4.00/tessdata"));
    for (Path d : dirs) {
      if (Files.isRegularFile(d.resolve("eng.traineddata"))) {
        return d.resolve("eng.traineddata");
      }
    }
    return null;
  }

  private static boolean kvmUsable() {
    Path kvm = Path.of("/dev/kvm");
    return Files.isReadable(kvm) && Files.isWritable(kvm);
  }

}
