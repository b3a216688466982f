package dev.deskpilot.vm.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.vm.qemu.VmImageBuild.AppSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code deskpilot vm build} hands the build script, and the script's own argument checks. */
class VmImageBuildTest {
  private static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path tmp;

  @Test
  void appSetsParseAndCoreIsAlwaysIn() {
    assertThat(AppSet.parse(" Office ")).isEqualTo(AppSet.OFFICE);
    assertThatThrownBy(() -> AppSet.parse("games"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'games'")
        .hasMessageContaining("core, office, browser");
    var request = new VmImageBuild.Request(CHECKOUT, EnumSet.of(AppSet.BROWSER, AppSet.OFFICE), tmp, Optional.empty(), true);
    assertThat(request.apps()).containsExactlyInAnyOrder(AppSet.CORE, AppSet.OFFICE, AppSet.BROWSER);
    assertThat(request.appsArgument()).isEqualTo("core,office,browser");
    assertThat(new VmImageBuild.Request(CHECKOUT, Set.of(), tmp, Optional.empty(), true).appsArgument()).isEqualTo("core");
  }

  @Test
  void theGuestLibHoldsTheDependenciesAndTheModuleMadeIntoAJarWhenItRunsFromClasses() throws IOException {
    Path classes = tmp.resolve("classes");
    Files.createDirectories(classes.resolve("dev/deskpilot/vm"));
    Files.writeString(classes.resolve("dev/deskpilot/vm/GuestProtocol.class"), "not really a class");
    Path deps = Files.createDirectories(tmp.resolve("guest-lib"));
    Files.writeString(deps.resolve("okhttp-jvm-5.jar"), "jar bytes");
    Files.writeString(deps.resolve("notes.txt"), "not a jar");
    Path out = Files.createDirectories(tmp.resolve("out"));

    List<Path> jars = VmImageBuild.assembleGuestLib(classes, deps, out);

    assertThat(jars).extracting(p -> p.getFileName().toString()).containsExactly("okhttp-jvm-5.jar", "vm-images.jar");
    assertThat(out.resolve("notes.txt")).doesNotExist();
    try (JarFile jar = new JarFile(out.resolve("vm-images.jar").toFile())) {
      var entry = jar.getJarEntry("dev/deskpilot/vm/GuestProtocol.class");
      assertThat(entry).isNotNull();
      assertThat(new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("not really a class");
    }
  }

  @Test
  void aMissingGuestLibSaysHowToMakeIt() {
    assertThatThrownBy(() -> VmImageBuild.assembleGuestLib(tmp.resolve("classes"), tmp.resolve("guest-lib"), tmp))
        .isInstanceOf(VmException.class)
        .hasMessageContaining("guest-lib is missing")
        .hasMessageContaining("./mvnw -pl vm-images -am package");
  }

  @Test
  void withoutACheckoutTheBuildCannotRun() {
    assertThat(VmImageBuild.cannotBuildReason(tmp)).hasValueSatisfying(r -> assertThat(r).contains("scripts/build-vm-image.sh"));
  }

  @Test
  void theScriptRefusesAnUnknownAppSetBeforeAnythingElse() throws Exception {
    Script r = script("--apps", "office,games", "--out", tmp.toString(), "--guest-lib", tmp.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--apps 'office,games': 'games' is not an app set (valid: core, office, browser");
  }

  @Test
  void theScriptNeedsAGuestLibWithTheGuestProtocol() throws Exception {
    Path lib = Files.createDirectories(tmp.resolve("lib"));
    Script none = script("--apps", "core", "--out", tmp.resolve("out").toString(), "--guest-lib", lib.toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("holds no .jar file");
  }

  private record Script(int exit, String err) {}

  private Script script(String... args) throws Exception {
    var command = new java.util.ArrayList<>(List.of("bash", CHECKOUT.resolve("scripts/build-vm-image.sh").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Script(p.exitValue(), err);
  }
}
