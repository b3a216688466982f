package dev.deskpilot.tasks.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Namespace-aware DOM reading by local names, for the parts of office files metrics inspect. */
public final class Xml {
  private Xml() {}

  public static Document parse(InputStream in) throws IOException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setExpandEntityReferences(false);
      return f.newDocumentBuilder().parse(in);
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("not well-formed XML: " + e.getMessage(), e);
    }
  }

  /** Child elements with this local name. */
  public static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    if (parent == null) {
      return out;
    }
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  /** All child elements. */
  public static List<Element> children(Element parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  /** The first child element with this local name, or null. */
  public static Element child(Element parent, String localName) {
    List<Element> c = children(parent, localName);
    return c.isEmpty() ? null : c.getFirst();
  }

  /** Follows a path of local names from {@code e}; null when any step is missing. */
  public static Element path(Element e, String... localNames) {
    Element cur = e;
    for (String n : localNames) {
      if (cur == null) {
        return null;
      }
      cur = child(cur, n);
    }
    return cur;
  }

  /** All descendant elements with this local name, in document order. */
  public static List<Element> descendants(Element e, String localName) {
    List<Element> out = new ArrayList<>();
    var list = e.getElementsByTagNameNS("*", localName);
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }

  /** An attribute by local name (no namespace), absent when not set. */
  public static Optional<String> attr(Element e, String name) {
    if (e == null || !e.hasAttribute(name)) {
      return Optional.empty();
    }
    return Optional.of(e.getAttribute(name));
  }
}
