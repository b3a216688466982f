package dev.deskpilot.actuators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.event.KeyEvent;
import org.junit.jupiter.api.Test;

class KeysTest {
  @Test
  void theSameKeyHasOneCodeUnderEveryVocabulary() {
    for (String n : new String[] {"enter", "Return", "ENTER", "KP_Enter", "return"}) {
      assertThat(Keys.code(n)).as(n).isEqualTo(KeyEvent.VK_ENTER);
    }
    for (String n : new String[] {"ctrl", "CTRL", "Control_L", "control_r", "ctrlleft"}) {
      assertThat(Keys.code(n)).as(n).isEqualTo(KeyEvent.VK_CONTROL);
    }
    for (String n : new String[] {"pageup", "Page_Up", "PAGEUP", "Prior", "pgup"}) {
      assertThat(Keys.code(n)).as(n).isEqualTo(KeyEvent.VK_PAGE_UP);
    }
    for (String n : new String[] {"left", "ARROWLEFT", "Left"}) {
      assertThat(Keys.code(n)).as(n).isEqualTo(KeyEvent.VK_LEFT);
    }
    for (String n : new String[] {"super", "Super_L", "win", "CMD", "META", "winleft"}) {
      assertThat(Keys.code(n)).as(n).isEqualTo(KeyEvent.VK_WINDOWS);
    }
    assertThat(Keys.code("BackSpace")).isEqualTo(KeyEvent.VK_BACK_SPACE);
    assertThat(Keys.code("ESC")).isEqualTo(KeyEvent.VK_ESCAPE);
    assertThat(Keys.code("num5")).isEqualTo(KeyEvent.VK_NUMPAD5);
    assertThat(Keys.code("f13")).isEqualTo(KeyEvent.VK_F13);
    assertThat(Keys.code("f12")).isEqualTo(KeyEvent.VK_F12);
    assertThat(Keys.code("A")).isEqualTo(KeyEvent.VK_A);
  }

  @Test
  void shiftedSymbolsSayTheyNeedShift() {
    assertThat(Keys.resolve("!")).isEqualTo(new Keys.Key("!", KeyEvent.VK_1, true));
    assertThat(Keys.resolve("exclam").shift()).isTrue();
    assertThat(Keys.resolve("braceleft")).extracting(Keys.Key::code, Keys.Key::shift).containsExactly(KeyEvent.VK_OPEN_BRACKET, true);
    assertThat(Keys.resolve("minus").shift()).isFalse();
    assertThat(Keys.resolve("plus")).extracting(Keys.Key::code, Keys.Key::shift).containsExactly(KeyEvent.VK_EQUALS, true);
  }

  @Test
  void keyCodesHaveOneNameForScripts() {
    assertThat(Keys.nameOf(KeyEvent.VK_PAGE_UP)).contains("pageup");
    assertThat(Keys.nameOf(KeyEvent.VK_CONTROL)).contains("ctrl");
    assertThat(Keys.nameOf(KeyEvent.VK_SPACE)).contains("space");
    assertThat(Keys.nameOf(KeyEvent.VK_MINUS)).contains("-");
    assertThat(Keys.nameOf(KeyEvent.VK_S)).contains("s");
    assertThat(Keys.nameOf(KeyEvent.VK_ENTER)).contains("enter");
    for (String n : new String[] {"pageup", "ctrl", "space", "-", "s", "enter", "f5", "super"}) {
      assertThat(Keys.nameOf(Keys.code(n))).as(n).contains(n);
    }
  }

  @Test
  void unknownNamesFailWithSuggestions() {
    assertThatThrownBy(() -> Keys.code("entr")).hasMessageContaining("unknown key name 'entr'").hasMessageContaining("enter");
    assertThatThrownBy(() -> Keys.code("")).hasMessageContaining("empty key name");
    assertThatThrownBy(() -> Keys.code(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Keys.code("é")).hasMessageContaining("unknown key name 'é'");
    assertThat(Keys.find("nope")).isEmpty();
  }
}
