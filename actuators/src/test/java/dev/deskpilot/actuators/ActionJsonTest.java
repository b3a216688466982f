package dev.deskpilot.actuators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionJsonTest {
  private static final Point P = new Point(10, 20);

  @Test
  void everyActionSurvivesARoundTrip() {
    List<Action> all =
        List.of(
            Action.Click.left(P),
            new Action.Click(P, Action.MouseButton.RIGHT, 3, List.of("ctrl", "shift")),
            new Action.MoveTo(P),
            new Action.Drag(P, new Point(30, 40)),
            Action.Drag.along(List.of(P, new Point(11, 21), new Point(12, 22), new Point(30, 40))),
            new Action.Scroll(P, -1, 3),
            new Action.Scroll(P, 0, 2, List.of("ctrl")),
            new Action.TypeText("héllo 日本 😀\n\t\"q\""),
            Action.KeyChord.parse("ctrl+shift+t"),
            new Action.Wait(Duration.ofMillis(1500)),
            new Action.MouseDown(null, Action.MouseButton.LEFT),
            new Action.MouseUp(P, Action.MouseButton.BACK),
            new Action.KeyDown("shift"),
            new Action.KeyUp("shift"),
            new Action.HoldKey(List.of("shift"), Duration.ofSeconds(2)),
            new Action.CursorPosition(),
            new Action.Zoom(new Rect(0, 0, 100, 50)),
            new Action.CallUser("please log in"),
            new Action.Done(),
            new Action.Fail("cannot"));
    for (Action a : all) {
      assertThat(ActionJson.read(ActionJson.write(a))).as(ActionJson.write(a)).isEqualTo(a);
    }
  }

  @Test
  void theFirstVersionsJsonStillReads() {
    assertThat(ActionJson.read("{\"type\":\"click\",\"at\":{\"x\":1,\"y\":2},\"button\":\"LEFT\",\"count\":2}"))
        .isEqualTo(new Action.Click(new Point(1, 2), Action.MouseButton.LEFT, 2));
    assertThat(ActionJson.read("{\"type\":\"drag\",\"from\":{\"x\":1,\"y\":2},\"to\":{\"x\":3,\"y\":4}}"))
        .isEqualTo(new Action.Drag(new Point(1, 2), new Point(3, 4)));
    assertThat(ActionJson.read("{\"type\":\"scroll\",\"at\":{\"x\":1,\"y\":2},\"dx\":0,\"dy\":-3}"))
        .isEqualTo(new Action.Scroll(new Point(1, 2), 0, -3));
    assertThat(ActionJson.read("{\"type\":\"wait\",\"duration\":\"PT2S\"}")).isEqualTo(new Action.Wait(Duration.ofSeconds(2)));
    assertThat(ActionJson.write(Action.Click.left(P))).contains("\"type\":\"click\"").contains("\"modifiers\":[]");
  }

  @Test
  void badCoordinatesAreRefusedWithWhereTheyAre() {
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"click\",\"at\":{\"x\":1},\"button\":\"LEFT\",\"count\":1}"))
        .hasMessageContaining("'y'");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"click\",\"button\":\"LEFT\",\"count\":1}"))
        .hasMessageContaining("click needs a point");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"move\",\"to\":{\"x\":-5,\"y\":2}}"))
        .hasMessageContaining("move point (-5,2) is negative");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"move\",\"to\":{\"x\":NaN,\"y\":2}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"move\",\"to\":{\"x\":1.5,\"y\":2}}"))
        .hasMessageContaining("to.x");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"move\",\"to\":{\"x\":null,\"y\":2}}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void badKeysButtonsAndTextAreRefused() {
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"key\",\"keys\":[]}")).hasMessageContaining("at least one key");
    assertThatThrownBy(() -> Action.KeyChord.parse("  ")).hasMessageContaining("empty key chord");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"key\",\"keys\":[\"ctrl\",\"sfhit\"]}"))
        .hasMessageContaining("unknown key name 'sfhit'")
        .hasMessageContaining("shift");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"click\",\"at\":{\"x\":1,\"y\":2},\"button\":\"THUMB\",\"count\":1}"))
        .hasMessageContaining("THUMB");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"type\",\"text\":\"a\\u0007b\"}"))
        .hasMessageContaining("control character U+0007 at index 1");
    assertThatThrownBy(() -> new Action.TypeText("x".repeat(1_000_000)))
        .hasMessageContaining("1000000 chars, more than the limit 100000");
    assertThatThrownBy(() -> new Action.TypeText("a\uD83Db")).hasMessageContaining("unpaired surrogate");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"teleport\"}")).hasMessageContaining("teleport");
    assertThatThrownBy(() -> ActionJson.read("{\"type\":\"done\",\"extra\":1}")).hasMessageContaining("extra");
  }

  @Test
  void windowsLineEndsBecomeNewlines() {
    assertThat(new Action.TypeText("a\r\nb").text()).isEqualTo("a\nb");
  }

  @Test
  void chordsParseInEveryStyle() {
    assertThat(Action.KeyChord.parse("ctrl+shift+t").keys()).containsExactly("ctrl", "shift", "t");
    assertThat(Action.KeyChord.parse("ctrl c").keys()).containsExactly("ctrl", "c");
    assertThat(Action.KeyChord.parse("ctrl++").keys()).containsExactly("ctrl", "+");
    assertThat(Action.KeyChord.parse("+").keys()).containsExactly("+");
  }
}
