(function () {
  "use strict";
  // Only DOM APIs that treat data as text (textContent, setAttribute, cloneNode): nothing from the
  // results is ever parsed as HTML here.
  var doc = document;

  function each(list, fn) { Array.prototype.forEach.call(list, fn); }

  // ---- task filters, one toolbar per run ----
  each(doc.querySelectorAll(".run"), function (run) {
    var filter = "all";
    var search = run.querySelector("input.search");
    var tasks = run.querySelectorAll("details.task");
    var empty = run.querySelector(".empty");
    function apply() {
      var q = (search && search.value || "").trim().toLowerCase();
      var shown = 0;
      each(tasks, function (t) {
        var ok = (filter === "all" || t.getAttribute("data-status") === filter)
          && (q === "" || (t.getAttribute("data-search") || "").indexOf(q) >= 0);
        t.hidden = !ok;
        if (ok) { shown++; }
      });
      if (empty) { empty.hidden = shown > 0; }
    }
    each(run.querySelectorAll(".filters button"), function (b) {
      b.addEventListener("click", function () {
        filter = b.getAttribute("data-filter");
        each(run.querySelectorAll(".filters button"), function (o) { o.classList.toggle("on", o === b); });
        apply();
      });
    });
    if (search) { search.addEventListener("input", apply); }
    var expand = run.querySelector(".expand-all");
    if (expand) {
      expand.addEventListener("click", function () {
        var open = expand.textContent === "expand all";
        each(tasks, function (t) { if (!t.hidden) { t.open = open; } });
        expand.textContent = open ? "collapse all" : "expand all";
      });
    }
  });

  // ---- comparison: unchanged rows on demand ----
  each(doc.querySelectorAll(".toggle-same"), function (b) {
    b.addEventListener("click", function () {
      var table = b.parentNode.querySelector("table.diffrows");
      var on = table.classList.toggle("show-same");
      b.textContent = b.textContent.replace(on ? "show" : "hide", on ? "hide" : "show");
    });
  });

  // ---- links to tasks open them ----
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var el = doc.getElementById(id);
    if (!el) { return; }
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS") { p.open = true; }
      if (p.hidden) { p.hidden = false; }
    }
    // a link to a screenshot (#f12) opens it full size; a link to a task scrolls to it
    if (el.matches("figure.shot")) { open(el); return; }
    var top = el.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight - 80) { el.scrollIntoView({ block: "start" }); }
  }

  // ---- lightbox: the full-size screenshot with its marks ----
  var box = doc.getElementById("lightbox");
  var stage = box.querySelector(".lb-stage");
  var title = box.querySelector(".lb-title");
  var current = null;

  function fullOf(fig) {
    if (fig.hasAttribute("data-full")) { return fig.getAttribute("data-full"); }
    var same = fig.getAttribute("data-same");
    var first = same ? doc.getElementById(same) : null;
    if (first && first.hasAttribute("data-full")) { return first.getAttribute("data-full"); }
    return null;
  }

  function fileOf(fig) {
    if (fig.hasAttribute("data-file")) { return fig.getAttribute("data-file"); }
    var same = fig.getAttribute("data-same");
    var first = same ? doc.getElementById(same) : null;
    return first ? first.getAttribute("data-file") : null;
  }

  function open(fig) {
    current = fig;
    while (stage.firstChild) { stage.removeChild(stage.firstChild); }
    var copy = fig.cloneNode(true);
    copy.removeAttribute("id");
    copy.removeAttribute("tabindex");
    var img = copy.querySelector("img");
    img.removeAttribute("loading");
    img.removeAttribute("width");
    img.removeAttribute("height");
    var full = fullOf(fig);
    if (full) { img.setAttribute("src", full); }
    var wrap = doc.createElement("div");
    wrap.appendChild(copy);
    var file = fileOf(fig);
    if (!full && file) {
      var note = doc.createElement("div");
      note.className = "lb-note";
      note.textContent = "Full-size image not embedded (report size budget); original: " + file;
      wrap.appendChild(note);
    }
    stage.appendChild(wrap);
    title.textContent = fig.getAttribute("data-title") || "";
    box.hidden = false;
    doc.body.style.overflow = "hidden";
  }

  function close() {
    box.hidden = true;
    doc.body.style.overflow = "";
    while (stage.firstChild) { stage.removeChild(stage.firstChild); }
    if (current) { current.focus(); }
    current = null;
  }

  function step(delta) {
    if (!current) { return; }
    var task = current.closest("details.task");
    var figs = Array.prototype.slice.call(task.querySelectorAll("figure.shot"));
    var i = figs.indexOf(current) + delta;
    if (i >= 0 && i < figs.length) { open(figs[i]); }
  }

  doc.addEventListener("click", function (e) {
    var fig = e.target.closest ? e.target.closest("figure.shot") : null;
    if (fig && !box.contains(fig)) { open(fig); return; }
    if (!box.hidden && (e.target.closest(".lb-close") || box.contains(e.target))) { close(); }
  });
  doc.addEventListener("keydown", function (e) {
    if (!box.hidden) {
      if (e.key === "Escape") { close(); }
      else if (e.key === "ArrowRight") { step(1); }
      else if (e.key === "ArrowLeft") { step(-1); }
      return;
    }
    var fig = doc.activeElement;
    if ((e.key === "Enter" || e.key === " ") && fig && fig.matches && fig.matches("figure.shot")) {
      e.preventDefault();
      open(fig);
    }
  });

  // Lets tests (and people) see that the script ran under the page's security policy.
  doc.documentElement.setAttribute("data-ready", String(doc.querySelectorAll("svg.marks .mark").length));

  window.addEventListener("hashchange", reveal);
  reveal();
})();
