package dev.deskpilot.perception;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A desktop's accessibility tree: the applications on the desktop and their widgets, with screen
 * boxes. Read from the JSON of the bundled AT-SPI dumper ({@link #dumperScript()}, run inside the
 * desktop's session with {@code python3 -}) or from OSWorld's {@code /accessibility} XML, and
 * written as that XML ({@link #toOsworldXml()}), so that an OSWorld-style agent can be given the
 * same tree.
 */
public final class AccessibilityTree {
  /** OSWorld's namespaces for Ubuntu trees (prefix, URI). */
  static final String[][] NAMESPACES = {
    {"st", "https://accessibility.ubuntu.example.org/ns/state"},
    {"attr", "https://accessibility.ubuntu.example.org/ns/attributes"},
    {"cp", "https://accessibility.ubuntu.example.org/ns/component"},
    {"doc", "https://accessibility.ubuntu.example.org/ns/document"},
    {"docattr", "https://accessibility.ubuntu.example.org/ns/document/attributes"},
    {"txt", "https://accessibility.ubuntu.example.org/ns/text"},
    {"val", "https://accessibility.ubuntu.example.org/ns/value"},
    {"act", "https://accessibility.ubuntu.example.org/ns/action"},
  };
  private static final String STATE_NS = NAMESPACES[0][1];
  private static final String COMPONENT_NS = NAMESPACES[2][1];
  private static final Pattern PAIR = Pattern.compile("\\(\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*\\)");

  private final List<AccessibilityNode> applications;

  public AccessibilityTree(List<AccessibilityNode> applications) {
    this.applications = List.copyOf(applications);
  }

  /** The applications (roots of the tree). */
  public List<AccessibilityNode> applications() {
    return applications;
  }

  /** The text of the bundled AT-SPI dumper ({@code atspi-tree.py}; needs python3-pyatspi). */
  public static String dumperScript() {
    try (InputStream in = AccessibilityTree.class.getResourceAsStream("atspi-tree.py")) {
      if (in == null) {
        throw new IllegalStateException("atspi-tree.py is missing from the perception jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read atspi-tree.py from the perception jar", e);
    }
  }

  /**
   * Parses the dumper's JSON ({@code {"nodes": [...]}}).
   *
   * @throws IllegalArgumentException naming the problem when it is not such JSON
   */
  public static AccessibilityTree fromJson(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("accessibility tree JSON is malformed: " + e.getMessage(), e);
    }
    if (root == null || !root.path("nodes").isArray()) {
      throw new IllegalArgumentException("accessibility tree JSON has no \"nodes\" array");
    }
    List<AccessibilityNode> apps = new ArrayList<>();
    for (JsonNode n : root.path("nodes")) {
      apps.add(fromJson(n));
    }
    return new AccessibilityTree(apps);
  }

  private static AccessibilityNode fromJson(JsonNode n) {
    Set<String> states = new HashSet<>();
    n.path("states").forEach(s -> states.add(s.asText()));
    Rect box = null;
    JsonNode b = n.get("box");
    if (b != null && b.isArray() && b.size() == 4) {
      box = new Rect(b.get(0).asInt(), b.get(1).asInt(), Math.max(0, b.get(2).asInt()), Math.max(0, b.get(3).asInt()));
    }
    List<AccessibilityNode> children = new ArrayList<>();
    n.path("children").forEach(c -> children.add(fromJson(c)));
    return new AccessibilityNode(n.path("role").asText("unknown"), n.path("name").asText(""), states, box,
        n.path("text").asText(""), children);
  }

  /**
   * Parses OSWorld's {@code /accessibility} XML (the {@code "AT"} string of its reply): elements
   * named by role ({@code push-button}), {@code name}, {@code st:*="true"} states, {@code
   * cp:screencoord="(x, y)"} and {@code cp:size="(w, h)"}, text content.
   *
   * @throws IllegalArgumentException naming the problem when it is not such XML
   */
  public static AccessibilityTree fromOsworldXml(String xml) {
    Document doc;
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new IllegalArgumentException("accessibility XML is malformed: " + e.getMessage(), e);
    }
    Element root = doc.getDocumentElement();
    List<AccessibilityNode> apps = new ArrayList<>();
    for (Element child : elements(root)) {
      apps.add(fromXml(child));
    }
    return new AccessibilityTree(apps);
  }

  private static List<Element> elements(Element parent) {
    List<Element> out = new ArrayList<>();
    NodeList kids = parent.getChildNodes();
    for (int i = 0; i < kids.getLength(); i++) {
      if (kids.item(i) instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  private static AccessibilityNode fromXml(Element e) {
    Set<String> states = new HashSet<>();
    NamedNodeMap attrs = e.getAttributes();
    for (int i = 0; i < attrs.getLength(); i++) {
      Node a = attrs.item(i);
      if (STATE_NS.equals(a.getNamespaceURI()) && "true".equals(a.getNodeValue())) {
        states.add(a.getLocalName().replace('-', ' '));
      }
    }
    Rect box = null;
    Matcher at = PAIR.matcher(e.getAttributeNS(COMPONENT_NS, "screencoord"));
    Matcher size = PAIR.matcher(e.getAttributeNS(COMPONENT_NS, "size"));
    if (at.find() && size.find()) {
      int w = Integer.parseInt(size.group(1));
      int h = Integer.parseInt(size.group(2));
      if (w > 0 && h > 0) {
        box = new Rect(Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)), w, h);
      }
    }
    StringBuilder text = new StringBuilder();
    List<AccessibilityNode> children = new ArrayList<>();
    NodeList kids = e.getChildNodes();
    for (int i = 0; i < kids.getLength(); i++) {
      Node k = kids.item(i);
      if (k instanceof Element c) {
        children.add(fromXml(c));
      } else if (k.getNodeType() == Node.TEXT_NODE) {
        text.append(k.getNodeValue());
      }
    }
    String role = (e.getLocalName() == null ? e.getTagName() : e.getLocalName()).replace('-', ' ');
    return new AccessibilityNode(role, e.getAttribute("name"), states, box, text.toString().strip(), children);
  }

  /**
   * The tree as OSWorld's {@code /accessibility} serves it on Ubuntu: a {@code desktop-frame} root,
   * one element per node named by its role (spaces as {@code -}), {@code name}, {@code st:} states,
   * {@code cp:screencoord} and {@code cp:size} for nodes with a box, text as content.
   */
  public String toOsworldXml() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<desktop-frame");
    for (String[] ns : NAMESPACES) {
      sb.append(" xmlns:").append(ns[0]).append("=\"").append(ns[1]).append('"');
    }
    sb.append(">\n");
    for (AccessibilityNode app : applications) {
      write(sb, app, 1);
    }
    return sb.append("</desktop-frame>\n").toString();
  }

  private static void write(StringBuilder sb, AccessibilityNode n, int depth) {
    String tag = tag(n.role());
    sb.append("  ".repeat(depth)).append('<').append(tag).append(" name=\"").append(escape(n.name())).append('"');
    n.states().stream().sorted().forEach(s -> sb.append(" st:").append(tag(s)).append("=\"true\""));
    if (n.box() != null) {
      Rect b = n.box();
      sb.append(" cp:screencoord=\"(").append(b.x()).append(", ").append(b.y()).append(")\"");
      sb.append(" cp:size=\"(").append(b.width()).append(", ").append(b.height()).append(")\"");
    }
    if (n.children().isEmpty() && n.text().isEmpty()) {
      sb.append("/>\n");
      return;
    }
    sb.append('>').append(escape(n.text()));
    if (!n.children().isEmpty()) {
      sb.append('\n');
      for (AccessibilityNode c : n.children()) {
        write(sb, c, depth + 1);
      }
      sb.append("  ".repeat(depth));
    }
    sb.append("</").append(tag).append(">\n");
  }

  /**
   * OSWorld's {@code /accessibility} XML straight from the dumper's JSON when it ran with {@code
   * --osworld}: everything {@link #toOsworldXml()} writes plus what {@link AccessibilityNode} does
   * not keep, in the order OSWorld's server writes it: {@code name}, {@code st:*}, {@code attr:*}
   * (toolkit attributes), {@code cp:screencoord}/{@code cp:size} (visible and showing nodes),
   * {@code image}, {@code selection}, {@code val:value|min|max|step}, {@code act:NAME_desc} and
   * {@code act:NAME_kb}; all eight namespaces declared on the {@code desktop-frame} root.
   *
   * @throws IllegalArgumentException naming the problem when it is not the dumper's JSON
   */
  public static String osworldXml(String dumperJson) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(dumperJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("accessibility tree JSON is malformed: " + e.getMessage(), e);
    }
    if (root == null || !root.path("nodes").isArray()) {
      throw new IllegalArgumentException("accessibility tree JSON has no \"nodes\" array");
    }
    StringBuilder sb = new StringBuilder("<desktop-frame");
    for (String[] ns : NAMESPACES) {
      sb.append(" xmlns:").append(ns[0]).append("=\"").append(ns[1]).append('"');
    }
    sb.append('>');
    for (JsonNode app : root.path("nodes")) {
      writeOsworld(sb, app);
    }
    return sb.append("</desktop-frame>").toString();
  }

  private static void writeOsworld(StringBuilder sb, JsonNode n) {
    String tag = tag(n.path("role").asText("unknown"));
    sb.append('<').append(tag).append(" name=\"").append(escapeAttribute(n.path("name").asText(""))).append('"');
    java.util.Set<String> written = new HashSet<>();
    java.util.function.BiConsumer<String, String> attr = (name, value) -> {
      if (written.add(name)) {
        sb.append(' ').append(name).append("=\"").append(escapeAttribute(value)).append('"');
      }
    };
    n.path("states").forEach(s -> attr.accept("st:" + tag(s.asText()), "true"));
    n.path("attributes").properties().forEach(e -> {
      if (!e.getKey().isEmpty()) {
        attr.accept("attr:" + tag(e.getKey()), e.getValue().asText(""));
      }
    });
    JsonNode b = n.get("box");
    if (b != null && b.isArray() && b.size() == 4) {
      attr.accept("cp:screencoord", "(" + b.get(0).asInt() + ", " + b.get(1).asInt() + ")");
      attr.accept("cp:size", "(" + b.get(2).asInt() + ", " + b.get(3).asInt() + ")");
    }
    if (n.path("image").asBoolean(false)) {
      attr.accept("image", "true");
    }
    if (n.path("selection").asBoolean(false)) {
      attr.accept("selection", "true");
    }
    n.path("value").properties().forEach(e -> attr.accept("val:" + tag(e.getKey()), e.getValue().asText("")));
    for (JsonNode a : n.path("actions")) {
      String name = tag(a.path(0).asText("").replace(' ', '-'));
      attr.accept("act:" + name + "_desc", a.path(1).asText(""));
      attr.accept("act:" + name + "_kb", a.path(2).asText(""));
    }
    String text = n.path("text").asText("");
    JsonNode children = n.path("children");
    if (text.isEmpty() && children.isEmpty()) {
      sb.append("/>");
      return;
    }
    sb.append('>').append(escape(text));
    children.forEach(c -> writeOsworld(sb, c));
    sb.append("</").append(tag).append('>');
  }

  private static String escapeAttribute(String s) {
    return escape(s).replace("\n", "&#10;").replace("\t", "&#9;");
  }

  /** A role as an XML name: spaces as {@code -}, other characters not allowed in names as {@code -}. */
  static String tag(String role) {
    String t = role.strip().isEmpty() ? "unknown" : role.strip();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '-');
    }
    if (!Character.isLetter(sb.charAt(0))) {
      sb.insert(0, "tag");
    }
    return sb.toString();
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        default -> {
          if (c >= 0x20 || c == '\n' || c == '\t') {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /** Every node, depth first. */
  public List<AccessibilityNode> nodes() {
    List<AccessibilityNode> out = new ArrayList<>();
    for (AccessibilityNode app : applications) {
      collect(app, out);
    }
    return out;
  }

  private static void collect(AccessibilityNode n, List<AccessibilityNode> out) {
    out.add(n);
    n.children().forEach(c -> collect(c, out));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccessibilityTree t && t.applications.equals(applications);
  }

  @Override
  public int hashCode() {
    return Objects.hash(applications);
  }
}
