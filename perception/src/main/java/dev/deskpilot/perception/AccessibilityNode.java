package dev.deskpilot.perception;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One node of a desktop's accessibility tree (AT-SPI on Linux).
 *
 * @param role the toolkit's role name, e.g. {@code push button}, {@code menu item}, {@code frame}
 * @param name the accessible name, may be empty
 * @param states state names such as {@code showing}, {@code visible}, {@code focused}, {@code active}
 * @param box where it is in screen pixels, or {@code null} when not on screen
 * @param text the text of text objects (editors, labels, cells), may be empty
 * @param children child nodes
 */
public record AccessibilityNode(String role, String name, Set<String> states, Rect box, String text, List<AccessibilityNode> children) {
  public AccessibilityNode {
    Objects.requireNonNull(role, "role");
    name = name == null ? "" : name;
    states = Set.copyOf(states);
    text = text == null ? "" : text;
    children = List.copyOf(children);
  }

  /** True when the node says it is on screen and has a box. */
  public boolean showing() {
    return box != null && states.contains("showing");
  }
}
