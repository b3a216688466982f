#!/usr/bin/python3
"""Prints the desktop's accessibility tree (AT-SPI, through python3-pyatspi) as JSON on stdout.

Run it inside the desktop's session (same DISPLAY and D-Bus session bus as the apps). Output:
  {"nodes": [NODE...]} where NODE is
  {"role": "push button", "name": "OK", "states": ["showing", ...], "box": [x, y, w, h] | null,
   "text": "...",               (objects with a Text interface; at most 20000 characters)
   "words": [["word", x, y, w, h], ...],   (showing text objects: each word's screen box)
   "children": [NODE...]}
Boxes are screen pixels. Only showing subtrees are followed below windows; tables with many
children (spreadsheets) are read through their Table interface, first 200 rows x 60 columns.
With --osworld the walk follows OSWorld's in-VM server (desktop_env/server/main.py): every child
(not only showing ones) down to depth 50, at most 1024 children a node, boxes only for nodes both
visible and showing, and each node also carries "attributes" ({name: value}), "value" ({"value",
"min", "max", "step"} as strings), "actions" ([[name, description, key binding], ...]), "image"
and "selection" (true when the node has those interfaces), so that its OSWorld XML can be written.
Usage: atspi-tree.py [--words] [--osworld] [--max-nodes N]
"""
import json
import re
import sys

try:
    import pyatspi
except ImportError:
    sys.stderr.write("atspi-tree.py: python3-pyatspi is not installed (apt-get install python3-pyatspi at-spi2-core)\n")
    sys.exit(3)

WORDS = "--words" in sys.argv
OSWORLD = "--osworld" in sys.argv
MAX_NODES = 20000
MAX_DEPTH = 50 if OSWORLD else 60
MAX_WIDTH = 1024 if OSWORLD else 2000
if "--max-nodes" in sys.argv:
    MAX_NODES = int(sys.argv[sys.argv.index("--max-nodes") + 1])
MAX_TEXT = 20000
WORD_RE = re.compile(r"\S+")
count = 0


def states(node):
    out = []
    try:
        for st in node.getState().getStates():
            name = pyatspi.StateType._enum_lookup.get(int(st), "")
            if name.startswith("STATE_"):
                out.append(name[6:].lower())
    except Exception:
        pass
    return out


def extents(node):
    try:
        x, y, w, h = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        if w <= 0 or h <= 0:
            return None
        return [int(x), int(y), int(w), int(h)]
    except Exception:
        return None


def osworld_extras(node, out):
    attributes = {}
    try:
        got = node.get_attributes()
        if got:
            attributes = {str(k): str(v) for k, v in got.items()}
    except Exception:
        try:
            for pair in node.getAttributes() or []:
                k, _, v = pair.partition(":")
                attributes[k] = v
        except Exception:
            pass
    out["attributes"] = attributes
    try:
        node.queryImage()
        out["image"] = True
    except Exception:
        pass
    try:
        node.querySelection()
        out["selection"] = True
    except Exception:
        pass
    try:
        v = node.queryValue()
        value = {}
        for key, read in (("value", lambda: v.currentValue), ("min", lambda: v.minimumValue),
                          ("max", lambda: v.maximumValue), ("step", lambda: v.minimumIncrement)):
            try:
                value[key] = str(read())
            except Exception:
                pass
        out["value"] = value
    except Exception:
        pass
    try:
        a = node.queryAction()
        out["actions"] = [[a.getName(i), a.getDescription(i), a.getKeyBinding(i)] for i in range(a.nActions)]
    except Exception:
        pass


def text_of(node, out, showing):
    try:
        t = node.queryText()
    except Exception:
        return
    n = t.characterCount
    if n <= 0:
        return
    text = t.getText(0, min(n, MAX_TEXT)).replace("\ufffc", "").replace("\ufffd", "")
    out["text"] = text
    if not (WORDS and showing):
        return
    words = []
    for m in WORD_RE.finditer(text):
        try:
            x, y, w, h = t.getRangeExtents(m.start(), m.end(), pyatspi.DESKTOP_COORDS)
        except Exception:
            continue
        if w > 0 and h > 0:
            words.append([m.group(0), int(x), int(y), int(w), int(h)])
    out["words"] = words


def visit(node, depth):
    global count
    count += 1
    if count > MAX_NODES or depth > MAX_DEPTH:
        return None
    try:
        role = node.getRoleName()
    except Exception:
        return None
    st = states(node)
    showing = "showing" in st
    boxed = showing and (not OSWORLD or "visible" in st)
    out = {"role": role, "name": node.name or "", "states": st, "box": extents(node) if boxed else None}
    text_of(node, out, showing)
    if OSWORLD:
        osworld_extras(node, out)
    children = []
    # Below applications and windows, hidden subtrees hold nothing on screen.
    if depth >= 2 and not showing and not OSWORLD:
        out["children"] = children
        return out
    try:
        n = node.childCount
    except Exception:
        n = 0
    if role == "table" and n > 2000:
        try:
            table = node.queryTable()
            for r in range(min(table.nRows, 200)):
                for c in range(min(table.nColumns, 60)):
                    cell = table.getAccessibleAt(r, c)
                    if cell is not None and "showing" in states(cell):
                        got = visit(cell, depth + 1)
                        if got is not None:
                            children.append(got)
        except Exception:
            pass
    else:
        for i in range(min(n, MAX_WIDTH)):
            try:
                child = node.getChildAtIndex(i)
            except Exception:
                continue
            if child is None:
                continue
            got = visit(child, depth + 1)
            if got is not None:
                children.append(got)
    out["children"] = children
    return out


def main():
    desktop = pyatspi.Registry.getDesktop(0)
    nodes = []
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is None:
            continue
        got = visit(app, 1)
        if got is not None:
            nodes.append(got)
    json.dump({"nodes": nodes}, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


main()
