package dev.deskpilot.actuators.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.event.KeyEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsKeyboardTest {
  @Test
  void everyPrintableAsciiCharacterHasOneDistinctStroke() {
    Map<UsKeyboard.Stroke, Character> seen = new HashMap<>();
    for (char c = 0x20; c < 0x7f; c++) {
      assertThat(UsKeyboard.typeable(c)).as("typeable %s", c).isTrue();
      UsKeyboard.Stroke s = UsKeyboard.stroke(c);
      Character before = seen.put(s, c);
      assertThat(before).as("'%s' and '%s' share stroke %s", before, c, s).isNull();
    }
    assertThat(seen).hasSize(95);
  }

  @Test
  void symbolsThatNeedShiftHoldShift() {
    for (char c : "~!@#$%^&*()_+{}|:\"<>?ABCXYZ".toCharArray()) {
      assertThat(UsKeyboard.stroke(c).shift()).as("shift for '%s'", c).isTrue();
    }
    for (char c : "`1234567890-=[]\\;',./ abcxyz".toCharArray()) {
      assertThat(UsKeyboard.stroke(c).shift()).as("no shift for '%s'", c).isFalse();
    }
  }

  @Test
  void symbolsShareTheirKeyWithTheUnshiftedCharacter() {
    assertThat(UsKeyboard.stroke('@').keyCode()).isEqualTo(KeyEvent.VK_2);
    assertThat(UsKeyboard.stroke('"').keyCode()).isEqualTo(KeyEvent.VK_QUOTE);
    assertThat(UsKeyboard.stroke('?').keyCode()).isEqualTo(KeyEvent.VK_SLASH);
    assertThat(UsKeyboard.stroke('~').keyCode()).isEqualTo(KeyEvent.VK_BACK_QUOTE);
    assertThat(UsKeyboard.stroke('|').keyCode()).isEqualTo(KeyEvent.VK_BACK_SLASH);
    assertThat(UsKeyboard.stroke('\n')).isEqualTo(new UsKeyboard.Stroke(KeyEvent.VK_ENTER, false));
    assertThat(UsKeyboard.stroke('\t')).isEqualTo(new UsKeyboard.Stroke(KeyEvent.VK_TAB, false));
  }

  @Test
  void nonAsciiIsNotTypeableAndNamesTheCharacter() {
    assertThat(UsKeyboard.typeable('é')).isFalse();
    assertThat(UsKeyboard.typeable('\r')).isFalse();
    assertThatThrownBy(() -> UsKeyboard.stroke('é')).hasMessageContaining("U+00E9");
  }
}
