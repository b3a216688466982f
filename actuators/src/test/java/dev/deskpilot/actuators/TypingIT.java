package dev.deskpilot.actuators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Types Latin-1, CJK, emoji, every ASCII symbol, tabs and newlines into a real GTK text field
 * (mousepad) on a private Xvfb, saves, and reads the file back: the text must be exact.
 */
class TypingIT {
  static final List<String> STRINGS =
      List.of(
          "ASCII !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~",
          "Latin-1: àéîõü ÀÉÎÕÜ ñÑçÇß¿¡ «»°±§¶ øØåÅæÆ",
          "CJK: 日本語のテキストです。中文字符测试。한국어 텍스트",
          "emoji: 😀🎉👍🏽 ❤️ 🚀",
          "lines\n\tindented with a tab\nlast line ∑∫√∞≠",
          "mixed: naïve café — “quotes” 東京 🍣 end");

  @Test
  void everyStringComesBackExactlyFromTheSavedFile() throws Exception {
    try (XSession x = XSession.start()) {
      Path file = x.home().resolve("typed.txt");
      Files.writeString(file, "");
      x.launch("mousepad", file.toString());
      x.run(20, "xdotool", "search", "--sync", "--onlyvisible", "--name", "typed.txt");
      List<String> args = new ArrayList<>(List.of(file.toString()));
      for (String s : STRINGS) {
        args.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
      }
      String out = x.java(120, TypingProbe.class, args.toArray(String[]::new));
      assertThat(out.lines().toList()).as(out).hasSize(STRINGS.size()).allMatch("ok"::equals);
    }
  }
}
