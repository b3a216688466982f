package dev.deskpilot.tasks.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** An OOXML package read as a zip: parts by name, their relationships resolved to part names. */
public final class OfficeZip implements Closeable {
  private final ZipFile zip;
  private final Map<String, Document> parsed = new HashMap<>();

  private OfficeZip(ZipFile zip) {
    this.zip = zip;
  }

  /** Opens the package; anything that is not a zip is an IOException. */
  public static OfficeZip open(Path p) throws IOException {
    return new OfficeZip(new ZipFile(p.toFile()));
  }

  public boolean has(String part) {
    return zip.getEntry(strip(part)) != null;
  }

  private static String strip(String part) {
    return part.startsWith("/") ? part.substring(1) : part;
  }

  /** The part's XML root element, or empty when the part is missing. */
  public Optional<Element> xml(String part) throws IOException {
    String name = strip(part);
    Document d = parsed.get(name);
    if (d == null) {
      ZipEntry e = zip.getEntry(name);
      if (e == null) {
        return Optional.empty();
      }
      try (InputStream in = zip.getInputStream(e)) {
        d = Xml.parse(in);
      }
      parsed.put(name, d);
    }
    return Optional.of(d.getDocumentElement());
  }

  public Optional<byte[]> bytes(String part) throws IOException {
    ZipEntry e = zip.getEntry(strip(part));
    if (e == null) {
      return Optional.empty();
    }
    try (InputStream in = zip.getInputStream(e)) {
      return Optional.of(in.readAllBytes());
    }
  }

  /** Relationship id to target part name for {@code part}; external targets are left out. */
  public Map<String, String> relationships(String part) throws IOException {
    String name = strip(part);
    int slash = name.lastIndexOf('/');
    String dir = slash < 0 ? "" : name.substring(0, slash);
    String rels = (dir.isEmpty() ? "" : dir + "/") + "_rels/" + name.substring(slash + 1) + ".rels";
    Map<String, String> out = new HashMap<>();
    Optional<Element> root = xml(rels);
    if (root.isEmpty()) {
      return out;
    }
    for (Element r : Xml.children(root.get(), "Relationship")) {
      if ("External".equals(r.getAttribute("TargetMode"))) {
        continue;
      }
      out.put(r.getAttribute("Id"), resolve(dir, r.getAttribute("Target")));
    }
    return out;
  }

  /** The first related part of a relationship type ending with {@code typeSuffix}. */
  public Optional<String> related(String part, String typeSuffix) throws IOException {
    String name = strip(part);
    int slash = name.lastIndexOf('/');
    String dir = slash < 0 ? "" : name.substring(0, slash);
    String rels = (dir.isEmpty() ? "" : dir + "/") + "_rels/" + name.substring(slash + 1) + ".rels";
    Optional<Element> root = xml(rels);
    if (root.isEmpty()) {
      return Optional.empty();
    }
    for (Element r : Xml.children(root.get(), "Relationship")) {
      if (r.getAttribute("Type").endsWith(typeSuffix) && !"External".equals(r.getAttribute("TargetMode"))) {
        return Optional.of(resolve(dir, r.getAttribute("Target")));
      }
    }
    return Optional.empty();
  }

  static String resolve(String dir, String target) {
    if (target.startsWith("/")) {
      return target.substring(1);
    }
    java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
    if (!dir.isEmpty()) {
      for (String s : dir.split("/")) {
        parts.addLast(s);
      }
    }
    for (String s : target.split("/")) {
      if (s.equals("..")) {
        if (!parts.isEmpty()) {
          parts.removeLast();
        }
      } else if (!s.equals(".") && !s.isEmpty()) {
        parts.addLast(s);
      }
    }
    return String.join("/", parts);
  }

  @Override
  public void close() throws IOException {
    zip.close();
  }
}
