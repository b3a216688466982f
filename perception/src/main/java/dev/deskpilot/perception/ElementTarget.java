package dev.deskpilot.perception;

import java.util.Locale;
import java.util.Map;

/**
 * An element by role and label, e.g. the button "Save" or any text field.
 *
 * @param role a role of {@link UiElement} ({@code button}, {@code text_field}, ...) or a common
 *     synonym ({@code field}, {@code input}, {@code textbox}, {@code menu}, {@code check box}...),
 *     or {@code null} for any role
 * @param label text the element's label must match as {@link Grounder} matches text, or {@code
 *     null} for any label
 * @param nth which match, 1-based in reading order; 0 = must be unique
 */
public record ElementTarget(String role, String label, int nth) implements Target {
  private static final Map<String, String> SYNONYMS = Map.ofEntries(
      Map.entry("field", "text_field"), Map.entry("input", "text_field"), Map.entry("textbox", "text_field"),
      Map.entry("text box", "text_field"), Map.entry("entry", "text_field"), Map.entry("edit", "text_field"),
      Map.entry("text field", "text_field"), Map.entry("check box", "checkbox"), Map.entry("check", "checkbox"),
      Map.entry("radio button", "radio"), Map.entry("menu", "menu_item"), Map.entry("menu item", "menu_item"),
      Map.entry("item", "list_item"), Map.entry("row", "list_item"), Map.entry("cell", "list_item"),
      Map.entry("list item", "list_item"), Map.entry("push button", "button"), Map.entry("page tab", "tab"),
      Map.entry("combo", "combo_box"), Map.entry("dropdown", "combo_box"), Map.entry("combo box", "combo_box"),
      Map.entry("dialog", "window"), Map.entry("frame", "window"), Map.entry("text", "label"));

  public ElementTarget {
    if (role != null) {
      role = role.strip().toLowerCase(Locale.ROOT);
      role = SYNONYMS.getOrDefault(role, role.replace(' ', '_'));
      if (role.isEmpty()) {
        throw new IllegalArgumentException("an element target's role must not be blank");
      }
    }
    if (label != null && label.isBlank()) {
      throw new IllegalArgumentException("an element target's label must not be blank (use null for any)");
    }
    if (role == null && label == null) {
      throw new IllegalArgumentException("an element target needs a role, a label or both");
    }
    if (nth < 0) {
      throw new IllegalArgumentException("nth must be 0 (unique) or a 1-based index, was " + nth);
    }
  }

  /** The unique element with this role and label. */
  public static ElementTarget of(String role, String label) {
    return new ElementTarget(role, label, 0);
  }

  @Override
  public String toString() {
    return (role == null ? "element" : role) + (label == null ? "" : " \"" + label + "\"") + (nth == 0 ? "" : " #" + nth);
  }
}
