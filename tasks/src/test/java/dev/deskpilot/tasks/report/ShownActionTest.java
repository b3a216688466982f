package dev.deskpilot.tasks.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShownActionTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static ShownAction read(String json) throws Exception {
    return ShownAction.read(JSON.readTree(json));
  }

  @Test
  void readsDeskpilotActions() throws Exception {
    assertThat(read("{\"type\":\"click\",\"at\":{\"x\":1,\"y\":2},\"button\":\"RIGHT\",\"count\":2}"))
        .isEqualTo(new ShownAction.Click(1, 2, "RIGHT", 2));
    assertThat(read("{\"type\":\"drag\",\"from\":{\"x\":1,\"y\":2},\"to\":{\"x\":3,\"y\":4}}"))
        .isEqualTo(new ShownAction.Drag(1, 2, 3, 4, true));
    assertThat(read("{\"type\":\"scroll\",\"at\":{\"x\":5,\"y\":6},\"dx\":0,\"dy\":-3}")).isEqualTo(new ShownAction.Scroll(5, 6, 0, -3));
    assertThat(read("{\"type\":\"key\",\"keys\":[\"ctrl\",\"s\"]}")).isEqualTo(new ShownAction.Keys(List.of("ctrl", "s")));
    assertThat(read("{\"type\":\"wait\",\"duration\":0.25}")).isEqualTo(new ShownAction.Wait("0.25"));
    assertThat(read("{\"type\":\"fail\",\"reason\":\"no\"}")).isEqualTo(new ShownAction.Fail("no"));
    assertThat(read("{\"type\":\"move\",\"to\":{\"x\":7,\"y\":8}}")).isEqualTo(new ShownAction.Move(7, 8));
    // a click without a point is not drawn anywhere: it is shown as it was recorded
    assertThat(read("{\"type\":\"click\"}")).isInstanceOf(ShownAction.Other.class);
    assertThat(read("{\"type\":\"teleport\"}")).isEqualTo(new ShownAction.Other("{\"type\":\"teleport\"}"));
  }

  @Test
  void readsOsworldComputer13AndPyautoguiActions() throws Exception {
    assertThat(read("{\"action_type\":\"CLICK\",\"parameters\":{\"x\":10,\"y\":20,\"button\":\"left\",\"num_clicks\":1}}"))
        .isEqualTo(new ShownAction.Click(10, 20, "LEFT", 1));
    assertThat(read("{\"action_type\":\"DOUBLE_CLICK\",\"parameters\":{\"x\":10,\"y\":20}}"))
        .isEqualTo(new ShownAction.Click(10, 20, "LEFT", 2));
    assertThat(read("{\"action_type\":\"DRAG_TO\",\"parameters\":{\"x\":10,\"y\":20}}"))
        .isEqualTo(new ShownAction.Drag(0, 0, 10, 20, false));
    assertThat(read("{\"action_type\":\"HOTKEY\",\"parameters\":{\"keys\":[\"ctrl\",\"c\"]}}"))
        .isEqualTo(new ShownAction.Keys(List.of("ctrl", "c")));
    assertThat(read("{\"action_type\":\"TYPING\",\"parameters\":{\"text\":\"hi\"}}")).isEqualTo(new ShownAction.TypeText("hi"));
    assertThat(read("\"DONE\"")).isEqualTo(new ShownAction.Done());
    assertThat(read("\"import pyautogui\\npyautogui.click(x=100, y=200.5)\""))
        .isEqualTo(new ShownAction.Click(100, 200.5, "LEFT", 1));
    assertThat(read("\"pyautogui.rightClick(3, 4)\"")).isEqualTo(new ShownAction.Click(3, 4, "RIGHT", 1));
    // several calls: shown as code, not guessed
    assertThat(read("\"pyautogui.click(1, 2); pyautogui.write('x')\"")).isInstanceOf(ShownAction.Other.class);
  }

  @Test
  void describesWhatWasDone() {
    assertThat(new ShownAction.Click(1, 2.5, "MIDDLE", 3).describe()).isEqualTo("triple middle click at (1, 2.5)");
    assertThat(new ShownAction.Scroll(5, 6, 2, -3).describe()).isEqualTo("scroll up 3, right 2 at (5, 6)");
    assertThat(new ShownAction.Drag(0, 0, 3, 4, false).describe()).isEqualTo("drag to (3, 4)");
  }

  @Test
  void marksAreDrawnOnlyForPointedActions() {
    assertThat(Marks.svg(List.of(new ShownAction.TypeText("x"), new ShownAction.Done()), 100, 100)).isEmpty();
    String svg = Marks.svg(List.of(new ShownAction.Click(0, 0, "LEFT", 1)), 1000, 500);
    assertThat(svg).startsWith("<svg class=\"marks\" viewBox=\"0 0 1000 500\" preserveAspectRatio=\"none\"");
    assertThat(svg).contains("cx=\"0\" cy=\"0\"").doesNotContain("class=\"num\"");
    String two = Marks.svg(List.of(new ShownAction.Click(0, 0, "LEFT", 1), new ShownAction.Keys(List.of("enter"))), 1000, 500);
    // the number badge of a click in the corner stays on the screen
    assertThat(two).contains("<circle class=\"num-bg\" cx=\"22\" cy=\"14\"");
    assertThat(Marks.captions(List.of(new ShownAction.TypeText("a\tb\n<i>"))))
        .contains("a<span class=\"ws\">\u21e5</span>b<span class=\"ws\">\u21b5</span>&lt;i&gt;");
  }

  @Test
  void readsAnOsworldTrajectoryAlone() throws Exception {
    JsonNode line = JSON.readTree("{\"step_num\":1,\"action\":\"pyautogui.click(5, 6)\",\"response\":\"ok\"}");
    assertThat(ShownAction.read(line.get("action"))).isEqualTo(new ShownAction.Click(5, 6, "LEFT", 1));
  }
}
