package dev.deskpilot.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.Shlex;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  private static final Duration T = Duration.ofSeconds(5);

  @Test
  void placeholdersAreSubstitutedInStringsAndLists() {
    Placeholders p = new Placeholders("s3cret", 1366, 769);
    assertThat(p.substitute("echo {CLIENT_PASSWORD} | sudo -S x; click({SCREEN_WIDTH_HALF}, {SCREEN_HEIGHT_HALF}) {SCREEN_WIDTH}x{SCREEN_HEIGHT}"))
        .isEqualTo("echo s3cret | sudo -S x; click(683, 384) 1366x769");
    // Halves round down like Python's //; other braces are left alone.
    assertThat(p.substitute(List.of("python", "-c", "f({SCREEN_HEIGHT_HALF}); d = {'a': 1}; {OTHER}")))
        .containsExactly("python", "-c", "f(384); d = {'a': 1}; {OTHER}");
    assertThat(CommandLine.ofString("w={SCREEN_WIDTH}", true).substitute(Placeholders.osworldDefaults()).parts())
        .containsExactly("w=1920");
  }

  @Test
  void placeholdersRejectNonsense() {
    assertThatThrownBy(() -> new Placeholders("p", 0, 10)).hasMessageContaining("0x10");
  }

  @Test
  void shlexSplitsLikePython() {
    assertThat(Shlex.split("grep -q 'conda initialize' ~/.bashrc")).containsExactly("grep", "-q", "conda initialize", "~/.bashrc");
    assertThat(Shlex.split("a\\ b \"c \\\"d\\\" \\x\" ''")).containsExactly("a b", "c \"d\" \\x", "");
    assertThat(Shlex.split("  ")).isEmpty();
    assertThatThrownBy(() -> Shlex.split("echo \"x")).hasMessage("No closing quotation");
    assertThatThrownBy(() -> Shlex.split("echo x\\")).hasMessage("No escaped character");
  }

  @Test
  void executeCommandsTakeOsworldsShapes() {
    assertThat(CommandLine.ofString("echo a | wc", true).toExecuteCommand(T))
        .isEqualTo(new Command(List.of("echo a | wc"), true, T));
    assertThat(CommandLine.ofString("which 'my prog'", false).toExecuteCommand(T))
        .isEqualTo(new Command(List.of("which", "my prog"), false, T));
    assertThat(CommandLine.ofList(List.of("ls", "-l"), false).toExecuteCommand(T))
        .isEqualTo(new Command(List.of("ls", "-l"), false, T));
    // Popen(list, shell=True) runs sh -c list[0] with list[1:] as $0...
    assertThat(CommandLine.ofList(List.of("echo $0", "x"), true).toExecuteCommand(T).processArgv())
        .containsExactly("sh", "-c", "echo $0", "x");
  }

  @Test
  void launchSplitsStringsAtWhitespace() {
    assertThat(CommandLine.ofString("vlc  'a b'", false).toLaunchCommand(T).argv()).containsExactly("vlc", "'a", "b'");
    assertThat(CommandLine.ofString("vlc 'a b'", true).toLaunchCommand(T).argv()).containsExactly("vlc 'a b'");
  }
}
