package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.AccessibilityNode;
import dev.deskpilot.perception.AccessibilityTree;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.UiElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses elements found in the pixels with the widgets of an accessibility tree.
 *
 * <ul>
 *   <li>Widgets: showing nodes of the roles below, inside the image, not covered by a window above
 *       theirs (popup windows are on top, then the active frame or dialog, then the others).
 *   <li>A widget and a found element that overlap with IoU &ge; 0.5 (best pairs first) become one
 *       element: the tree's role and box, the tree's name (or the element's label when the name is
 *       empty), source {@link UiElement.Source#FUSED}. Other widgets come as {@link
 *       UiElement.Source#ACCESSIBILITY}; other found elements stay as they were.
 * </ul>
 */
public final class AccessibilityFusion {
  static final Map<String, String> ROLES = Map.ofEntries(
      Map.entry("push button", "button"), Map.entry("toggle button", "button"),
      Map.entry("table column header", "button"), Map.entry("column header", "button"),
      Map.entry("check box", "checkbox"), Map.entry("radio button", "radio"), Map.entry("menu", "menu_item"),
      Map.entry("menu item", "menu_item"), Map.entry("check menu item", "menu_item"),
      Map.entry("radio menu item", "menu_item"), Map.entry("page tab", "tab"), Map.entry("entry", "text_field"),
      Map.entry("password text", "text_field"), Map.entry("spin button", "text_field"),
      Map.entry("combo box", "combo_box"), Map.entry("table cell", "list_item"), Map.entry("list item", "list_item"),
      Map.entry("tree item", "list_item"), Map.entry("icon", "icon"), Map.entry("frame", "window"),
      Map.entry("dialog", "window"), Map.entry("file chooser", "window"), Map.entry("alert", "window"),
      Map.entry("label", "label"), Map.entry("slider", "slider"), Map.entry("link", "link"));
  private static final Set<String> TOP_LEVEL = Set.of("frame", "dialog", "file chooser", "alert", "window");

  private AccessibilityFusion() {}

  /** Fused elements (ids empty), in reading order. */
  public static List<UiElement> fuse(List<UiElement> found, AccessibilityTree tree, ScreenMapping mapping, int width, int height) {
    List<UiElement> widgets = widgets(tree, mapping, width, height);
    record Pair(int widget, int found, double iou) {}
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < widgets.size(); i++) {
      for (int j = 0; j < found.size(); j++) {
        double iou = widgets.get(i).box().iou(found.get(j).box());
        if (iou >= 0.5) {
          pairs.add(new Pair(i, j, iou));
        }
      }
    }
    pairs.sort((a, b) -> Double.compare(b.iou(), a.iou()));
    int[] partner = new int[widgets.size()];
    java.util.Arrays.fill(partner, -1);
    boolean[] taken = new boolean[found.size()];
    for (Pair p : pairs) {
      if (partner[p.widget()] < 0 && !taken[p.found()]) {
        partner[p.widget()] = p.found();
        taken[p.found()] = true;
      }
    }
    List<UiElement> out = new ArrayList<>();
    for (int i = 0; i < widgets.size(); i++) {
      UiElement w = widgets.get(i);
      if (partner[i] >= 0) {
        UiElement f = found.get(partner[i]);
        String label = w.label().isEmpty() ? f.label() : w.label();
        out.add(new UiElement("", w.role(), label, w.box(), 1.0, UiElement.Source.FUSED));
      } else {
        out.add(w);
      }
    }
    for (int j = 0; j < found.size(); j++) {
      if (!taken[j]) {
        out.add(found.get(j));
      }
    }
    return ReadingOrder.sort(out, UiElement::box);
  }

  /** The tree's visible widgets as elements in image pixels. */
  static List<UiElement> widgets(AccessibilityTree tree, ScreenMapping mapping, int width, int height) {
    record Top(AccessibilityNode node, int level) {}
    List<Top> tops = new ArrayList<>();
    for (AccessibilityNode app : tree.applications()) {
      for (AccessibilityNode top : app.children()) {
        if (TOP_LEVEL.contains(top.role()) && top.showing()) {
          int level = top.role().equals("window") ? 2 : top.states().contains("active") ? 1 : 0;
          tops.add(new Top(top, level));
        }
      }
    }
    List<UiElement> out = new ArrayList<>();
    Rect image = new Rect(0, 0, width, height);
    for (Top t : tops) {
      List<Rect> above = new ArrayList<>();
      for (Top o : tops) {
        if (o != t && o.level() > t.level()) {
          above.add(o.node().box());
        }
      }
      collect(t.node(), above, mapping, image, out);
    }
    return out;
  }

  private static void collect(AccessibilityNode n, List<Rect> above, ScreenMapping mapping, Rect image, List<UiElement> out) {
    String role = ROLES.get(n.role());
    if (n.role().equals("text") && n.states().contains("editable")) {
      role = "text_field";
    }
    if (role != null && n.showing()) {
      Rect box = toImage(n.box(), mapping);
      Point c = n.box().center();
      boolean covered = above.stream().anyMatch(r -> r.contains(c));
      String label = n.role().equals("table cell") && !n.text().isEmpty() ? n.text() : n.name();
      if (!covered && box.width() > 0 && box.height() > 0 && image.intersection(box).area() * 2 >= box.area()
          && !(role.equals("list_item") && label.isEmpty() && n.children().isEmpty())) {
        out.add(new UiElement("", role, label.strip(), box.intersection(image), 1.0, UiElement.Source.ACCESSIBILITY));
      }
    }
    for (AccessibilityNode c : n.children()) {
      collect(c, above, mapping, image, out);
    }
  }

  private static Rect toImage(Rect screen, ScreenMapping mapping) {
    Point a = mapping.toImage(new Point(screen.x(), screen.y()));
    Point b = mapping.toImage(new Point(screen.right(), screen.bottom()));
    return Rect.ofCorners(a.x(), a.y(), b.x(), b.y());
  }
}
