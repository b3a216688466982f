#!/usr/bin/python3
"""Derives the ground truth of the perception corpus from what capture.sh recorded.

Usage: truth.py CORPUS_DIR
Reads each <name>.scene.json (what the capture script did and knows) and <name>.tree.json (the
accessibility tree), writes <name>.json and trims <name>.tree.json to the nodes on screen.

Truth, from sources no OCR or detector guess can bias:
  words     every word known to be drawn: from the accessibility tree's texts with each word's own
            box (text views, labels), from the names of widgets that draw their name (buttons,
            check boxes, menus, tabs, cells...) with the widget's box as region, from window titles
            (openbox title bars, titles read from the X server), and from text the script loaded
            into apps without accessibility (xterm), with the window as region.
            {"text", "box": [x,y,w,h] | null, "region": [x,y,w,h]}
  judged    areas whose every word is in `words` (precision is judged there)
  unjudged  areas inside judged ones where that is not so (open menus: their shortcuts are not in
            the tree), words there are not judged
  windows   frames of the windows on screen (words read outside every window are false)
  elements  widgets from the accessibility tree, visible (not covered by a window above them):
            {"role" (Deskpilot's role), "a11y_role", "name", "box"}
  targets   labelled elements whose name is drawn and names exactly one place on screen:
            {"text", "role", "box"} (a click point inside box is right)
"""
import json
import os
import re
import sys
import unicodedata

DRAWN_NAME_ROLES = {
    "label", "check box", "radio button", "menu", "menu item", "check menu item", "radio menu item",
    "page tab", "table cell", "list item", "table column header", "column header", "push button",
    "toggle button", "heading", "link", "tree item", "static",
}
ELEMENT_ROLES = {
    "push button": "button", "toggle button": "button", "table column header": "button",
    "column header": "button", "check box": "checkbox", "radio button": "radio",
    "menu": "menu_item", "menu item": "menu_item", "check menu item": "menu_item",
    "radio menu item": "menu_item", "page tab": "tab", "entry": "text_field",
    "password text": "text_field", "spin button": "text_field", "combo box": "combo_box",
    "table cell": "list_item", "list item": "list_item", "tree item": "list_item", "icon": "icon",
    "frame": "window", "dialog": "window", "file chooser": "window", "alert": "window",
}
TOP_LEVEL = {"frame", "dialog", "file chooser", "alert", "window"}
TARGET_ROLES = {"button", "checkbox", "radio", "menu_item", "tab", "list_item"}


def norm(text):
    """NFKC, format characters dropped (GTK writes 21\u200e\u223612 for 21:12)."""
    text = unicodedata.normalize("NFKC", text).replace("\u2236", ":")
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def inside(box, screen_w, screen_h):
    x, y, w, h = box
    return w >= 4 and h >= 4 and x >= 0 and y >= 0 and x + w <= screen_w and y + h <= screen_h


def center(box):
    return (box[0] + box[2] / 2, box[1] + box[3] / 2)


def contains(box, pt):
    return box[0] <= pt[0] < box[0] + box[2] and box[1] <= pt[1] < box[1] + box[3]


def overlap(a, b):
    w = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    h = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return max(0, w) * max(0, h)


def name_fits(name, box, role="", in_toolbar=False):
    """Whether a widget draws its name: only where it fits, and not as a square button (an icon
    button carries a name it never shows) unless the name is a key cap of 1-2 characters
    (calculator keys), nor as a toolbar button unless the button is wide."""
    n = name.strip()
    if box[2] < 5 * len(n) or box[3] < 8:
        return False
    if role in ("push button", "toggle button"):
        if in_toolbar and box[2] < 2.2 * box[3]:
            return False
        if box[2] <= 1.5 * box[3] and len(n) > 2:
            return False
    return True


def process(corpus, name):
    scene = json.load(open(os.path.join(corpus, name + ".scene.json"), encoding="utf-8"))
    tree_path = os.path.join(corpus, name + ".tree.json")
    tree = json.load(open(tree_path, encoding="utf-8")) if os.path.exists(tree_path) else {"nodes": []}
    sw, sh = scene["width"], scene["height"]
    xwins = scene["windows"]  # bottom to top

    # Stacking: each accessible top level gets the X window it is (same title, else most overlap).
    tops = []
    for app in tree["nodes"]:
        for top in app.get("children", []):
            if top["role"] in TOP_LEVEL and top.get("box"):
                top["_app"] = app.get("name", "")
                tops.append(top)
    def level(top):
        if top["role"] == "window":  # popup menus and tooltips: above everything
            return 10_000
        best, score = None, 0
        for i, xw in enumerate(xwins):
            s = overlap(top["box"], xw["frame"]) + (10**9 if norm(xw["title"]) == norm(top["name"]) else 0)
            if s > score:
                best, score = i, s
        return best
    levels = [(level(t), t) for t in tops]
    # An open menu is drawn in a popup above everything, but GTK lists its items under the menu
    # bar's menu, not as a window of its own: the popup is the union of the items' boxes.
    popups = {}
    def find_popups(node):
        items = [c for c in node.get("children", []) if c.get("box") and "showing" in c.get("states", [])
                 and c["role"] in ("menu item", "menu", "check menu item", "radio menu item", "separator")]
        if node["role"] == "menu" and items:
            xs = [c["box"][0] for c in items]
            ys = [c["box"][1] for c in items]
            x2 = [c["box"][0] + c["box"][2] for c in items]
            y2 = [c["box"][1] + c["box"][3] for c in items]
            popups[id(node)] = [min(xs), min(ys), max(x2) - min(xs), max(y2) - min(ys)]
        for c in node.get("children", []):
            find_popups(c)
    for t in tops:
        find_popups(t)
    for box in popups.values():
        levels.append((10_000, {"box": box, "role": "popup"}))
    def covered(box, own_level):
        c = center(box)
        for lv, t in levels:
            if lv is not None and own_level is not None and lv > own_level and contains(t["box"], c):
                return True
        for i, xw in enumerate(xwins):
            if own_level is not None and i > own_level and own_level < 10_000 and contains(xw["frame"], c):
                return True
        return False

    words, judged, elements = [], [], []
    # LibreOffice reports the boxes of document content (paragraphs, cells) tens of pixels off (its
    # menus are right): its document text counts with the window as region, and its cells are no
    # element truth. The same holds for what it draws below the document (the status
    # bar is drawn 24-25 px below its reported box, the sheet tabs 30 px below): words there count
    # with the window as region and are no element truth either.
    unreliable_roles = {"document text", "document spreadsheet", "document presentation", "document frame",
                        "status bar", "page tab list"}

    def client_of(level):
        return xwins[level]["client"] if level is not None and level < len(xwins) else [0, 0, sw, sh]

    app_name = ""

    # Its tool bars are misplaced too (the Standard bar reported at y=19, over the menu bar, ~31 px
    # above where it is drawn, its root pane claiming y=19 inside a panel at y=44): what they draw
    # counts with the window as region and they give no element truth.
    misplaced_roles = {"tool bar"}

    def visit(node, own_level, unreliable=False, in_toolbar=False, misplaced=False):
        if node["role"] == "tool bar":
            in_toolbar = True
        if node["role"] in misplaced_roles and app_name == "soffice":
            misplaced = True
        if node["role"] in unreliable_roles and app_name == "soffice":
            unreliable = True
        if unreliable:
            if node["role"] in ("paragraph", "table cell", "heading"):
                nm = norm(node.get("text", "")).strip()
            elif node.get("words"):
                nm = " ".join(norm(w[0]) for w in node["words"]).strip()
            elif node["role"] in DRAWN_NAME_ROLES:
                nm = norm(node.get("name", "")).strip()
            else:
                nm = ""
            for part in nm.split():
                words.append({"text": part, "box": None, "region": client_of(own_level)})
            for child in node.get("children", []):
                visit(child, own_level, True, in_toolbar, misplaced)
            return
        box = node.get("box")
        role = node["role"]
        if box is None and node["role"] == "menu bar":
            # A window draws one menu bar; a menu bar without extents of its own is not showing
            # (LibreOffice keeps a stale second copy in its tree, with items at other offsets).
            return
        if box is None:
            # Not showing itself (a lone tab's hidden tab button) but its children may be.
            for child in node.get("children", []):
                visit(child, own_level, unreliable, in_toolbar, misplaced)
            return
        if not inside(box, sw, sh):
            return
        hidden = covered(box, own_level)
        nm = norm(node.get("name", "")).strip()
        if role == "table cell":
            # Spreadsheet cells are named by address ("A1"); what they draw is their text.
            nm = norm(node.get("text", "")).strip()
        ws = [w for w in node.get("words", []) if contains(box, center(w[1:5]))]
        ws = [w for w in ws if inside(w[1:5], sw, sh) and not covered(w[1:5], own_level)]
        if hidden and not ws:
            for child in node.get("children", []):
                visit(child, own_level, unreliable, in_toolbar, misplaced)
            return
        region = client_of(own_level) if misplaced else box
        if ws:
            for w in ws:
                words.append({"text": norm(w[0]), "box": None if misplaced else w[1:5], "region": region})
        elif nm and role in DRAWN_NAME_ROLES and name_fits(nm, box, role, in_toolbar) and not any(
                (c.get("name") or c.get("words")) and c.get("box") and contains(box, center(c["box"]))
                for c in node.get("children", [])):
            for part in nm.split():
                words.append({"text": part, "box": None, "region": region})
        if not hidden and not misplaced and role in ("label", "text", "paragraph", "check box", "radio button", "page tab", "push button",
                    "toggle button", "table cell", "table column header", "list item", "menu") and (ws or nm):
            judged.append(box)
        mapped = ELEMENT_ROLES.get(role)
        if role == "text" and "editable" in node.get("states", []):
            mapped = "text_field"
        if role in ("table cell", "list item") and not (nm or node.get("children")):
            mapped = None
        if mapped and not hidden and not misplaced:
            elements.append({"role": mapped, "a11y_role": role, "name": nm, "box": box,
                             "drawn": bool(nm) and name_fits(nm, box, role, in_toolbar)})
        child_level = 10_001 if id(node) in popups else own_level
        for child in node.get("children", []):
            visit(child, child_level, unreliable, in_toolbar, misplaced)

    for lv, top in levels:
        if lv is None or top["role"] == "popup":
            continue  # no viewable X window: not on screen
        app_name = top.get("_app", "")
        visit(top, lv)

    # One truth word per drawn word: some apps expose a widget twice (LibreOffice's menu bar).
    deduped = []
    for w in words:
        place = w["box"] or w["region"]
        small = place[2] * place[3] * 20 < sw * sh
        if small and any(d["text"] == w["text"] and (d["box"] or d["region"]) != place
                         and contains(d["box"] or d["region"], center(place)) for d in deduped):
            continue
        deduped.append(w)
    words[:] = deduped

    # One truth element per drawn widget: GTK's tree views expose each cell twice (the column's cell
    # area, unnamed, and its text, nearly the same box). Elements of one role whose boxes overlap
    # with IoU >= 0.8 are one; the named one is kept.
    def iou(a, b):
        inter = overlap(a, b)
        union = a[2] * a[3] + b[2] * b[3] - inter
        return inter / union if union > 0 else 0.0
    kept = []
    for e in sorted(elements, key=lambda e: 0 if e["name"] else 1):
        if any(k["role"] == e["role"] and iou(k["box"], e["box"]) >= 0.8 for k in kept):
            continue
        kept.append(e)
    elements[:] = [e for e in elements if any(e is k for k in kept)]

    # Titles (openbox draws them) and text loaded into apps without accessibility.
    for xw in xwins:
        tb = xw["title_bar"]
        if tb[3] > 0:
            for part in norm(xw["title"]).split():
                words.append({"text": part, "box": None, "region": tb})
            judged.append(tb)
    for known in scene.get("known_text", []):
        for xw in xwins:
            if xw["title"] == known["window"]:
                for part in norm(known["text"]).split():
                    words.append({"text": part, "box": None, "region": xw["client"]})
                judged.append(xw["client"])

    # Targets: drawn names that name one place.
    def phrase_count(phrase):
        """Places on screen showing the phrase: widgets named so, and words elsewhere."""
        p = phrase.lower()
        places = [e["box"] for e in elements if e["name"].lower() == p]
        for w in words:
            where = w["box"] or w["region"]
            if w["text"].lower() == p and not any(contains(b, center(where)) for b in places):
                places.append(where)
        return len(places)
    targets = []
    for e in elements:
        if e["role"] in TARGET_ROLES and e["name"] and e.get("drawn") \
                and len(e["name"].split()) <= 4 and phrase_count(e["name"]) == 1 \
                and any(w["region"] == e["box"] for w in words):
            targets.append({"text": e["name"], "role": e["role"], "box": e["box"]})

    truth = {
        "name": scene["name"], "app": scene["app"], "theme": scene["theme"], "width": sw, "height": sh,
        "prev": scene.get("prev"), "change": scene.get("change"),
        "words": words, "judged": judged, "unjudged": list(popups.values()),
        "windows": [xw["frame"] for xw in xwins],
        "elements": elements, "targets": targets,
    }
    with open(os.path.join(corpus, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, separators=(",", ":"))

    # Keep only what is on screen in the tree (what accessibility fusion reads; word boxes stay so
    # that this script can run again).
    def trim(node):
        kids = [trim(c) for c in node.get("children", [])]
        kids = [k for k in kids if k is not None]
        if node.get("box") is None and not kids and node["role"] != "application":
            return None
        out = {"role": node["role"], "name": node.get("name", ""), "states": node.get("states", []),
               "box": node.get("box"), "children": kids}
        if node.get("text"):
            out["text"] = node["text"][:2000]
        if node.get("words"):
            out["words"] = node["words"]
        return out
    trimmed = {"nodes": [t for t in (trim(n) for n in tree["nodes"]) if t is not None]}
    with open(tree_path, "w", encoding="utf-8") as f:
        json.dump(trimmed, f, ensure_ascii=False, separators=(",", ":"))
    return len(words), len(elements), len(targets)


def main():
    corpus = sys.argv[1]
    for file in sorted(os.listdir(corpus)):
        if file.endswith(".scene.json"):
            name = file[: -len(".scene.json")]
            w, e, t = process(corpus, name)
            print(f"truth.py: {name}: {w} words, {e} elements, {t} targets")


main()
