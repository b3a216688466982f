package dev.deskpilot.perception;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Grounding of element, relative, id and image targets on hand-built observations. */
class ElementGroundingTest {
  private final Grounder grounder = new Grounder();

  private static UiElement el(String id, String role, String label, int x, int y, int w, int h) {
    return new UiElement(id, role, label, new Rect(x, y, w, h));
  }

  private static Word word(String text, int x, int y) {
    return new Word(text, new Rect(x, y, 8 * text.length(), 12), 95f);
  }

  /** A form: "Name" label with a field right of it, "Email" below, two buttons. */
  private static Observation form() {
    List<TextLine> lines = List.of(
        TextLine.of(List.of(word("Name", 20, 24))),
        TextLine.of(List.of(word("Email", 20, 64))),
        TextLine.of(List.of(word("Save", 212, 124))),
        TextLine.of(List.of(word("Cancel", 312, 124))));
    List<UiElement> elements = List.of(
        el("1", "label", "Name", 20, 24, 32, 12),
        el("2", "text_field", "", 100, 18, 220, 26),
        el("3", "label", "Email", 20, 64, 40, 12),
        el("4", "text_field", "", 100, 58, 220, 26),
        el("5", "button", "Save", 200, 116, 80, 28),
        el("6", "button", "Cancel", 300, 116, 80, 28),
        el("7", "window", "Form", 0, 0, 400, 160));
    return new Observation(Screenshot.of(new BufferedImage(400, 160, BufferedImage.TYPE_INT_RGB)), lines, elements, "");
  }

  @Test
  void findsAnElementByRoleAndLabelAtItsCentre() {
    Grounding g = grounder.ground(form(), ElementTarget.of("button", "save"));
    assertThat(g).isInstanceOf(Grounding.Found.class);
    Grounding.Found f = (Grounding.Found) g;
    assertThat(f.elementId()).isEqualTo("5");
    assertThat(f.point()).isEqualTo(new Point(240, 130));
    assertThat(f.confidence()).isEqualTo(1.0);
  }

  @Test
  void roleSynonymsAndAmbiguityListCandidates() {
    Grounding g = grounder.ground(form(), new ElementTarget("field", null, 0));
    assertThat(g).isInstanceOf(Grounding.Ambiguous.class);
    assertThat(((Grounding.Ambiguous) g).candidates()).containsExactly(new Rect(100, 18, 220, 26), new Rect(100, 58, 220, 26));
    Grounding second = grounder.ground(form(), new ElementTarget("input", null, 2));
    assertThat(((Grounding.Found) second).elementId()).isEqualTo("4");
  }

  @Test
  void findsTheFieldRightOfALabelAndBelowIt() {
    Grounding right = grounder.ground(form(), RelativeTarget.rightOf("field", "Name"));
    assertThat(((Grounding.Found) right).elementId()).isEqualTo("2");
    Grounding below = grounder.ground(form(), new RelativeTarget("text_field", RelativeTarget.Direction.BELOW, new IdTarget("2")));
    assertThat(((Grounding.Found) below).elementId()).isEqualTo("4");
    Grounding next = grounder.ground(form(), new RelativeTarget("button", RelativeTarget.Direction.RIGHT_OF, ElementTarget.of("button", "Save")));
    assertThat(((Grounding.Found) next).elementId()).isEqualTo("6");
  }

  @Test
  void notFoundSaysWhatIsThere() {
    Grounding g = grounder.ground(form(), ElementTarget.of("button", "Delete"));
    assertThat(g).isInstanceOf(Grounding.NotFound.class);
    assertThat(((Grounding.NotFound) g).nearest()).contains("[5] button \"Save\"", "[6] button \"Cancel\"");
    assertThat(grounder.ground(form(), new IdTarget("99"))).isInstanceOf(Grounding.NotFound.class);
    assertThat(grounder.ground(form(), RelativeTarget.rightOf("field", "Phone"))).isInstanceOf(Grounding.NotFound.class);
  }

  @Test
  void textTargetsNameTheElementTheyAreOn() {
    Grounding.Found f = (Grounding.Found) grounder.ground(form(), TextTarget.of("Cancel"));
    assertThat(f.elementId()).isEqualTo("6");
    assertThat(((Grounding.Found) grounder.ground(form(), (Target) TextTarget.of("Save"))).elementId()).isEqualTo("5");
  }

  @Test
  void findsAPictureByTemplateMatching() {
    BufferedImage screen = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = screen.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 300, 200);
    BufferedImage icon = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    Graphics2D ig = icon.createGraphics();
    ig.setColor(Color.WHITE);
    ig.fillRect(0, 0, 16, 16);
    ig.setColor(Color.RED);
    ig.fillOval(2, 2, 12, 12);
    ig.setColor(Color.BLACK);
    ig.drawLine(0, 15, 15, 0);
    ig.dispose();
    g.drawImage(icon, 200, 120, null);
    g.setColor(Color.BLUE);
    g.fillRect(20, 20, 40, 10);
    g.dispose();
    Observation obs = new Observation(Screenshot.of(screen), List.of(), List.of(el("1", "icon", "", 198, 118, 20, 20)), "");
    Grounding.Found f = (Grounding.Found) grounder.ground(obs, ImageTarget.of("red dot", icon));
    assertThat(f.box()).isEqualTo(new Rect(200, 120, 16, 16));
    assertThat(f.elementId()).isEqualTo("1");
    assertThat(f.confidence()).isGreaterThan(0.99);

    Graphics2D g2 = screen.createGraphics();
    g2.drawImage(icon, 40, 150, null);
    g2.dispose();
    assertThat(grounder.ground(obs, ImageTarget.of("red dot", icon))).isInstanceOf(Grounding.Ambiguous.class);

    BufferedImage absent = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    absent.createGraphics().drawLine(0, 0, 15, 8);
    assertThat(grounder.ground(obs, ImageTarget.of("absent", absent))).isInstanceOf(Grounding.NotFound.class);
  }

  @Test
  void badTargetsAreRefusedWithTheirValue() {
    assertThatThrownBy(() -> new ElementTarget(null, null, 0)).hasMessageContaining("needs a role, a label or both");
    assertThatThrownBy(() -> new ElementTarget("button", " ", 0)).hasMessageContaining("label must not be blank");
    assertThatThrownBy(() -> new IdTarget(" ")).hasMessageContaining("needs an id");
    assertThatThrownBy(() -> new ImageTarget("x", new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), 0.9))
        .hasMessageContaining("at least 4x4");
  }
}
