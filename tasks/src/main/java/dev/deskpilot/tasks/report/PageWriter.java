package dev.deskpilot.tasks.report;

import dev.deskpilot.tasks.ResultsSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Writes the report page: overview, scores by domain, runs over time, comparison, failure groups
 * and each task's timeline. All text from results goes through {@link Html}; the page's only
 * script is allowed by its hash in the Content-Security-Policy, so injected markup could not run
 * a script even if escaping failed.
 */
final class PageWriter {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final String RES = "/dev/deskpilot/tasks/report/";

  private final List<RunView> runs;
  private final List<RunView> baselines;
  private final List<RunDiff> diffs;
  private final List<Path> roots;
  private final Optional<Path> compareRoot;
  private final HtmlReport.Options options;
  private final FrameEncoder encoder;
  private final ExecutorService pool;
  private final Path outDir;
  private final Instant now;
  private final ZoneId zone;
  private final Map<TaskView, String> anchors = new IdentityHashMap<>();
  private long fullBytes;
  private int figures;
  private int fullOmitted;

  PageWriter(List<Path> roots, List<RunView> runs, Optional<Path> compareRoot, List<RunView> baselines,
      HtmlReport.Options options, ExecutorService pool, Path outDir, Instant now, ZoneId zone) {
    this.roots = List.copyOf(roots);
    this.runs = runs.stream().sorted(Comparator.comparing((RunView r) -> r.started().orElse(Instant.MAX))
        .thenComparing(RunView::label)).toList();
    this.compareRoot = compareRoot;
    this.baselines = List.copyOf(baselines);
    this.diffs = RunDiff.pair(baselines, this.runs);
    this.options = options;
    this.encoder = new FrameEncoder(options.thumbnailWidth());
    this.pool = pool;
    this.outDir = outDir;
    this.now = now;
    this.zone = zone;
    int n = 0;
    for (RunView r : this.runs) {
      for (TaskView t : r.tasks()) {
        anchors.put(t, "t" + (++n));
      }
    }
  }

  void write(Writer out) throws IOException {
    String css = resource("report.css");
    String js = resource("report.js");
    out.write("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        + "style-src 'unsafe-inline'; script-src '" + sha256(js) + "'; base-uri 'none'; form-action 'none'\">\n");
    out.write("<meta name=\"generator\" content=\"Deskpilot HtmlReport\">\n");
    out.write("<title>" + Html.text(title()) + "</title>\n<style>" + css + "</style>\n</head>\n<body>\n");
    header(out);
    out.write("<main>\n");
    overview(out);
    domains(out);
    overTime(out);
    comparison(out);
    failures(out);
    tasks(out);
    out.write("</main>\n");
    out.write("<div id=\"lightbox\" hidden><div class=\"lb-bar\"><span class=\"lb-title\"></span>"
        + "<span class=\"lb-hint\">\u2190 \u2192 to move, Esc to close</span>"
        + "<button type=\"button\" class=\"lb-close\" aria-label=\"close\">\u00d7</button></div>"
        + "<div class=\"lb-stage\"></div></div>\n");
    out.write("<script>" + js + "</script>\n</body>\n</html>\n");
  }

  private String title() {
    if (runs.size() == 1) {
      return "Deskpilot report \u00b7 " + runs.getFirst().label();
    }
    return "Deskpilot report \u00b7 " + runs.size() + " runs";
  }

  // ---- header and overview ----

  private void header(Writer out) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("<header class=\"top\"><div class=\"wrap\"><div class=\"brand\"><span class=\"logo\" aria-hidden=\"true\">"
        + "<svg viewBox=\"0 0 24 24\"><rect x=\"2\" y=\"4\" width=\"20\" height=\"13\" rx=\"2\"/><path d=\"M8 21h8M12 17v4\"/>"
        + "<path class=\"cur\" d=\"M10 8l5 3-2.2.6L14 14l-1.2.5-1.2-2.4L10 13z\"/></svg></span>"
        + "<div><h1>Deskpilot report</h1><p class=\"sub\">");
    for (int i = 0; i < roots.size(); i++) {
      b.append(i == 0 ? "" : " \u00b7 ").append("<code>").append(Html.text(roots.get(i).toString())).append("</code>");
    }
    compareRoot.ifPresent(c -> b.append(" compared with <code>").append(Html.text(c.toString())).append("</code>"));
    b.append("</p></div></div><div class=\"gen\">generated ").append(Html.text(WHEN.format(now.atZone(zone))))
        .append("</div></div></header>\n");
    out.write(b.toString());
  }

  private void overview(Writer out) throws IOException {
    RunView latest = runs.getLast();
    ResultsSummary.Counts c = latest.summary().total();
    StringBuilder b = new StringBuilder("<section class=\"overview\" id=\"overview\">");
    if (runs.size() > 1) {
      b.append("<p class=\"eyebrow\">latest run \u00b7 ").append(Html.text(latest.label())).append("</p>");
    } else {
      b.append("<p class=\"eyebrow\">").append(Html.text(latest.label())).append("</p>");
    }
    b.append("<div class=\"cards\">");
    b.append("<div class=\"card hero\"><div class=\"ring\">").append(ring(c.score())).append("</div><div><div class=\"big\" id=\"overall-score\">")
        .append(Charts.pct(c.score())).append("</div><div class=\"label\">score</div><div class=\"hint\">sum of results / ")
        .append(c.tasks()).append(" tasks")
        .append(c.errors() > 0 ? " (" + Charts.pct(c.scoreFinished()) + " without errors)" : "").append("</div></div></div>");
    card(b, "tasks", Integer.toString(c.tasks() + c.unfinished()), "");
    card(b, "passed", Integer.toString(c.passed()), c.passed() == 0 ? "zero" : "pass");
    card(b, "failed", Integer.toString(c.failed()), c.failed() == 0 ? "zero" : "fail");
    card(b, "errors", Integer.toString(c.errors()), c.errors() == 0 ? "zero" : "error");
    if (c.unfinished() > 0) {
      card(b, "unfinished", Integer.toString(c.unfinished()), "unfinished");
    }
    int steps = latest.tasks().stream().mapToInt(t -> t.steps().size()).sum();
    long agentMs = latest.tasks().stream().mapToLong(TaskView::agentMs).sum();
    long tokens = latest.tasks().stream().mapToLong(t -> t.usage().totalTokens()).sum();
    double cost = latest.tasks().stream().mapToDouble(TaskView::costUsd).sum();
    card(b, "steps", Integer.toString(steps), "");
    card(b, "agent time", duration(agentMs), "");
    card(b, "tokens", tokens == 0 ? "\u2013" : count(tokens), "");
    card(b, "cost", cost == 0 ? "\u2013" : money(cost), "");
    b.append("</div></section>\n");
    out.write(b.toString());
  }

  private static String ring(double score) {
    double r = 26;
    double circ = 2 * Math.PI * r;
    double on = circ * Math.max(0, Math.min(1, score));
    return "<svg viewBox=\"0 0 64 64\" aria-hidden=\"true\"><circle class=\"track\" cx=\"32\" cy=\"32\" r=\"26\"/>"
        + "<circle class=\"value\" cx=\"32\" cy=\"32\" r=\"26\" stroke-dasharray=\"" + Charts.f(on) + " " + Charts.f(circ)
        + "\" transform=\"rotate(-90 32 32)\"/></svg>";
  }

  private static void card(StringBuilder b, String label, String value, String kind) {
    b.append("<div class=\"card ").append(kind).append("\"><div class=\"num\">").append(Html.text(value))
        .append("</div><div class=\"label\">").append(Html.text(label)).append("</div></div>");
  }

  // ---- scores by domain ----

  private void domains(Writer out) throws IOException {
    StringBuilder b = new StringBuilder("<section id=\"domains\"><h2>Scores by domain</h2>");
    if (runs.size() == 1) {
      ResultsSummary s = runs.getFirst().summary();
      b.append("<table class=\"grid domains\"><thead><tr><th>domain</th><th class=\"n\">tasks</th><th class=\"n\">passed</th>"
          + "<th class=\"n\">failed</th><th class=\"n\">errors</th><th class=\"n\">unfinished</th><th class=\"score\">score</th></tr></thead><tbody>");
      s.domains().forEach((d, c) -> domainRow(b, d, c, false));
      domainRow(b, "overall", s.total(), true);
      b.append("</tbody></table>");
    } else {
      TreeSet<String> names = new TreeSet<>();
      runs.forEach(r -> names.addAll(r.summary().domains().keySet()));
      b.append("<div class=\"scroll-x\"><table class=\"grid matrix\"><thead><tr><th>domain</th>");
      for (RunView r : runs) {
        b.append("<th class=\"score\" title=\"").append(Html.attr(r.label() + " \u00b7 " + r.root())).append("\">")
            .append(Html.text(r.model())).append("<small>").append(Html.text(r.started().map(this::when).orElse(""))).append("</small></th>");
      }
      b.append("</tr></thead><tbody>");
      for (String d : names) {
        b.append("<tr><td>").append(Html.text(d)).append("</td>");
        for (RunView r : runs) {
          ResultsSummary.Counts c = r.summary().domains().get(d);
          b.append(c == null ? "<td class=\"score muted\">\u2013</td>" : scoreCell(c));
        }
        b.append("</tr>");
      }
      b.append("<tr class=\"total\"><td>overall</td>");
      runs.forEach(r -> b.append(scoreCell(r.summary().total())));
      b.append("</tr></tbody></table></div>");
    }
    b.append("</section>\n");
    out.write(b.toString());
  }

  private static void domainRow(StringBuilder b, String name, ResultsSummary.Counts c, boolean total) {
    b.append(total ? "<tr class=\"total\">" : "<tr>").append("<td>").append(Html.text(name)).append("</td><td class=\"n\">")
        .append(c.tasks()).append("</td><td class=\"n\">").append(c.passed()).append("</td><td class=\"n\">").append(c.failed())
        .append("</td><td class=\"n\">").append(c.errors()).append("</td><td class=\"n\">").append(c.unfinished())
        .append("</td>").append(scoreCell(c)).append("</tr>");
  }

  private static String scoreCell(ResultsSummary.Counts c) {
    String width = Charts.f(Math.max(0, Math.min(100, c.score() * 100)));
    return "<td class=\"score\"><div class=\"meter\"><span style=\"width:" + width + "%\"></span></div><b>"
        + Charts.pct(c.score()) + "</b><small>" + c.passed() + "/" + c.tasks() + "</small></td>";
  }

  // ---- runs over time ----

  private void overTime(Writer out) throws IOException {
    if (runs.size() < 2) {
      return;
    }
    StringBuilder b = new StringBuilder("<section id=\"runs\"><h2>Runs over time</h2>");
    List<Charts.Point> points = new ArrayList<>();
    for (RunView r : runs) {
      points.add(new Charts.Point(r.model() + r.started().map(t -> " \u00b7 " + whenShort(t)).orElse(""),
          r.label() + "\n" + r.root() + "\n" + Charts.pct(r.summary().total().score()), r.summary().total().score()));
    }
    b.append("<div class=\"panel\">").append(Charts.scoreLine(points)).append("</div>");
    b.append("<table class=\"grid runs\"><thead><tr><th>started</th><th>run</th><th>results root</th><th class=\"n\">tasks</th>"
        + "<th class=\"n\">passed</th><th class=\"n\">errors</th><th class=\"score\">score</th></tr></thead><tbody>");
    for (RunView r : runs) {
      ResultsSummary.Counts c = r.summary().total();
      b.append("<tr><td>").append(Html.text(r.started().map(this::when).orElse("unknown"))).append("</td><td>")
          .append(Html.text(r.label())).append("</td><td><code>").append(Html.text(r.root().toString()))
          .append("</code></td><td class=\"n\">").append(c.tasks()).append("</td><td class=\"n\">").append(c.passed())
          .append("</td><td class=\"n\">").append(c.errors()).append("</td>").append(scoreCell(c)).append("</tr>");
    }
    b.append("</tbody></table></section>\n");
    out.write(b.toString());
  }

  // ---- comparison ----

  private void comparison(Writer out) throws IOException {
    if (compareRoot.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder("<section id=\"compare\"><h2>Compared with another run</h2>");
    if (diffs.isEmpty()) {
      b.append("<p class=\"note\">No run in <code>").append(Html.text(compareRoot.get().toString()))
          .append("</code> matches a run here by action space, observation type and model (")
          .append(baselines.size()).append(" run(s) there).</p>");
    }
    for (RunDiff d : diffs) {
      double before = d.baseline().summary().total().score();
      double after = d.current().summary().total().score();
      double delta = (after - before) * 100;
      b.append("<div class=\"panel diff\"><div class=\"diff-head\"><div><div class=\"eyebrow\">baseline</div><b>")
          .append(Html.text(d.baseline().label())).append("</b><code>").append(Html.text(d.baseline().root().toString()))
          .append("</code></div><div class=\"arrow\">\u2192</div><div><div class=\"eyebrow\">this report</div><b>")
          .append(Html.text(d.current().label())).append("</b><code>").append(Html.text(d.current().root().toString()))
          .append("</code></div><div class=\"delta ").append(delta > 0 ? "up" : delta < 0 ? "down" : "flat").append("\">")
          .append(Charts.pct(before)).append(" \u2192 ").append(Charts.pct(after)).append("<small>")
          .append(String.format(Locale.ROOT, "%+.1f", delta)).append(" pts</small></div></div>");
      b.append("<div class=\"chips\">");
      d.counts().forEach((ch, n) -> b.append("<span class=\"chip ").append(ch.name().toLowerCase(Locale.ROOT))
          .append(n == 0 ? " zero" : "").append("\" data-change=\"").append(ch.name().toLowerCase(Locale.ROOT)).append("\"><b>").append(n).append("</b> ")
          .append(Html.text(ch.words)).append("</span>"));
      b.append("</div>");
      b.append("<table class=\"grid diffrows\"><thead><tr><th>change</th><th>task</th><th>baseline</th><th>this report</th></tr></thead><tbody>");
      for (RunDiff.Row r : d.rows()) {
        String ch = r.change().name().toLowerCase(Locale.ROOT);
        b.append("<tr class=\"").append(ch).append("\" data-change=\"").append(ch).append("\"><td><span class=\"chip ")
            .append(ch).append("\">").append(Html.text(r.change().words)).append("</span></td><td>");
        Optional<String> anchor = r.after().map(anchors::get);
        if (anchor.isPresent()) {
          b.append("<a href=\"#").append(anchor.get()).append("\">").append(Html.text(r.key())).append("</a>");
        } else {
          b.append(Html.text(r.key()));
        }
        b.append("</td><td>").append(statusCell(r.before())).append("</td><td>").append(statusCell(r.after())).append("</td></tr>");
      }
      b.append("</tbody></table>");
      if (d.counts().get(RunDiff.Change.SAME) > 0) {
        b.append("<button type=\"button\" class=\"link toggle-same\">show ").append(d.counts().get(RunDiff.Change.SAME))
            .append(" unchanged</button>");
      }
      b.append("</div>");
    }
    b.append("</section>\n");
    out.write(b.toString());
  }

  private static String statusCell(Optional<TaskView> t) {
    if (t.isEmpty()) {
      return "<span class=\"muted\">absent</span>";
    }
    TaskView v = t.get();
    return badge(v.status()) + v.score().stream().mapToObj(s -> " <span class=\"sc\">" + Charts.f(s) + "</span>")
        .findFirst().orElse("");
  }

  private static String badge(TaskView.Status s) {
    return "<span class=\"badge " + s.label() + "\">" + s.label() + "</span>";
  }

  // ---- failures ----

  private void failures(Writer out) throws IOException {
    List<FailureGroups.Group> groups = FailureGroups.of(runs);
    StringBuilder b = new StringBuilder("<section id=\"failures\"><h2>Failure categories</h2>");
    if (groups.isEmpty()) {
      b.append("<p class=\"note good\">Every task passed.</p></section>\n");
      out.write(b.toString());
      return;
    }
    Map<FailureGroups.Kind, List<FailureGroups.Group>> byKind = new LinkedHashMap<>();
    groups.forEach(g -> byKind.computeIfAbsent(g.kind(), k -> new ArrayList<>()).add(g));
    b.append("<div class=\"kinds\">");
    for (var e : byKind.entrySet()) {
      int total = e.getValue().stream().mapToInt(g -> g.members().size()).sum();
      String kind = switch (e.getKey()) {
        case ERROR -> "error";
        case FAILED -> "failed";
        case UNFINISHED -> "unfinished";
      };
      String what = switch (e.getKey()) {
        case ERROR -> "could not be run or judged";
        case FAILED -> "ran, judged below 1";
        case UNFINISHED -> "stopped midway";
      };
      b.append("<div class=\"panel kind ").append(kind).append("\"><h3>").append(badge(TaskView.Status.valueOf(e.getKey().name())))
          .append(" <b>").append(total).append("</b> <span class=\"muted\">").append(what).append("</span></h3><ul class=\"cats\">");
      for (FailureGroups.Group g : e.getValue()) {
        b.append("<li><div class=\"cat\"><span class=\"count\">").append(g.members().size()).append("</span><span class=\"what\">")
            .append(Html.text(g.category())).append("</span></div><div class=\"who\">");
        for (FailureGroups.Member m : g.members()) {
          b.append("<a href=\"#").append(anchors.get(m.task())).append("\" title=\"").append(Html.attr(FailureGroups.reasonOf(m.task())))
              .append("\">").append(Html.text((runs.size() > 1 ? m.run().model() + ": " : "") + m.task().key())).append("</a>");
        }
        b.append("</div></li>");
      }
      b.append("</ul></div>");
    }
    b.append("</div></section>\n");
    out.write(b.toString());
  }

  // ---- tasks ----

  private void tasks(Writer out) throws IOException {
    out.write("<section id=\"tasks\"><h2>Tasks</h2>");
    for (RunView run : runs) {
      StringBuilder b = new StringBuilder();
      b.append("<div class=\"run\" data-run=\"").append(Html.attr(run.label())).append("\">");
      if (runs.size() > 1) {
        b.append("<h3 class=\"runhead\">").append(Html.text(run.label())).append(" <span class=\"muted\">")
            .append(Html.text(run.started().map(this::when).orElse(""))).append("</span></h3>");
      }
      Map<TaskView.Status, Integer> counts = new LinkedHashMap<>();
      for (TaskView.Status s : TaskView.Status.values()) {
        counts.put(s, 0);
      }
      run.tasks().forEach(t -> counts.merge(t.status(), 1, Integer::sum));
      b.append("<div class=\"toolbar\"><div class=\"filters\" role=\"group\"><button type=\"button\" class=\"on\" data-filter=\"all\">all <b>")
          .append(run.tasks().size()).append("</b></button>");
      counts.forEach((s, n) -> {
        if (n > 0) {
          b.append("<button type=\"button\" data-filter=\"").append(s.label()).append("\">").append(s.label()).append(" <b>")
              .append(n).append("</b></button>");
        }
      });
      b.append("</div><input type=\"search\" class=\"search\" placeholder=\"filter by domain, task or reason\" aria-label=\"filter tasks\">"
          + "<button type=\"button\" class=\"link expand-all\">expand all</button></div>");
      b.append("<div class=\"tasklist\"><div class=\"thead\"><span>status</span><span>domain</span><span>task</span>"
          + "<span class=\"n\">score</span><span class=\"n\">steps</span><span class=\"n\">time</span><span class=\"n\">tokens</span>"
          + "<span class=\"n\">cost</span></div>");
      out.write(b.toString());
      for (TaskView t : run.tasks()) {
        task(out, t);
      }
      out.write("<p class=\"empty\" hidden>No task matches.</p></div></div>");
    }
    out.write("</section>\n");
  }

  private void task(Writer out, TaskView t) throws IOException {
    Map<Path, Frame> frames = encodeFrames(t);
    String reason = FailureGroups.reasonOf(t);
    StringBuilder b = new StringBuilder();
    String id = anchors.get(t);
    b.append("<details class=\"task ").append(t.status().label()).append("\" id=\"").append(id).append("\" data-status=\"")
        .append(t.status().label()).append("\" data-search=\"").append(Html.attr((t.key() + " " + reason).toLowerCase(Locale.ROOT)))
        .append("\"><summary><span>").append(badge(t.status())).append("</span><span class=\"dom\">").append(Html.text(t.domain()))
        .append("</span><span class=\"tid\"><b>").append(Html.text(t.taskId())).append("</b>");
    if (t.status() != TaskView.Status.PASSED && !reason.isBlank()) {
      b.append("<small>").append(Html.text(Charts.shorten(reason, 160))).append("</small>");
    }
    b.append("</span><span class=\"n\">").append(t.score().isPresent() ? Charts.f(t.score().getAsDouble()) : "\u2013")
        .append("</span><span class=\"n\">").append(t.steps().size()).append("</span><span class=\"n\">")
        .append(t.wallTime().map(d -> duration(d.toMillis())).orElse(t.agentMs() > 0 ? duration(t.agentMs()) : "\u2013"))
        .append("</span><span class=\"n\">").append(t.usage().totalTokens() == 0 ? "\u2013" : count(t.usage().totalTokens()))
        .append("</span><span class=\"n\">").append(t.costUsd() == 0 ? "\u2013" : money(t.costUsd())).append("</span></summary>");
    b.append("<div class=\"body\">");
    taskFacts(b, t);
    charts(b, t);
    out.write(b.toString());
    b.setLength(0);
    timeline(b, t, frames);
    if (!t.log().isEmpty()) {
      b.append("<details class=\"log\"><summary>runtime.log").append(t.logCut() ? " (last part)" : "").append("</summary><pre>")
          .append(Html.text(t.log())).append("</pre></details>");
    }
    b.append("</div></details>\n");
    out.write(b.toString());
  }

  private void taskFacts(StringBuilder b, TaskView t) {
    b.append("<dl class=\"facts\">");
    fact(b, "folder", "<code>" + Html.text(relative(t.dir())) + "</code>");
    t.started().ifPresent(s -> fact(b, "started", Html.text(when(s))));
    t.wallTime().ifPresent(d -> fact(b, "wall time", Html.text(duration(d.toMillis()))));
    if (t.agentMs() > 0) {
      fact(b, "agent time", Html.text(duration(t.agentMs())));
    }
    t.outcome().ifPresent(o -> fact(b, "outcome", "<b>" + Html.text(o.status()) + "</b> after " + o.steps() + " step"
        + (o.steps() == 1 ? "" : "s") + (o.reason().isBlank() ? "" : ": " + Html.text(o.reason()))));
    StepView.Usage u = t.usage();
    if (u.calls() > 0 || u.totalTokens() > 0) {
      fact(b, "tokens", count(u.inputTokens()) + " in \u00b7 " + count(u.outputTokens()) + " out"
          + (u.cacheReadTokens() > 0 ? " \u00b7 " + count(u.cacheReadTokens()) + " cached" : "") + " \u00b7 " + u.calls() + " calls"
          + (t.costUsd() > 0 ? " \u00b7 " + money(t.costUsd()) : ""));
    }
    b.append("</dl>");
    if (t.status() == TaskView.Status.ERROR) {
      b.append("<div class=\"callout error\"><b>error</b><pre>").append(Html.text(t.error())).append("</pre></div>");
    }
    if (t.status() == TaskView.Status.UNFINISHED) {
      b.append("<div class=\"callout unfinished\"><b>unfinished</b> no <code>result.txt</code> or <code>error.txt</code>: the run stopped midway.</div>");
    }
    if (!t.scoreReason().isBlank() || !t.funcs().isEmpty()) {
      b.append("<div class=\"callout ").append(t.status() == TaskView.Status.PASSED ? "pass" : "fail").append("\"><b>score ")
          .append(t.score().isPresent() ? Charts.f(t.score().getAsDouble()) : "").append("</b> ").append(Html.text(t.scoreReason()));
      if (!t.funcs().isEmpty()) {
        b.append("<table class=\"funcs\"><thead><tr><th>metric</th><th class=\"n\">value</th><th>result</th><th>expected</th><th>note</th></tr></thead><tbody>");
        for (TaskView.Func f : t.funcs()) {
          b.append("<tr><td><code>").append(Html.text(f.func())).append("</code></td><td class=\"n\">").append(Html.text(f.value()))
              .append("</td><td>").append(Html.text(f.result())).append("</td><td>").append(Html.text(f.expected()))
              .append("</td><td>").append(Html.text(f.note())).append("</td></tr>");
        }
        b.append("</tbody></table>");
      }
      b.append("</div>");
    }
    if (!t.warnings().isEmpty()) {
      b.append("<div class=\"callout warn\"><b>could not read everything</b><ul>");
      t.warnings().forEach(w -> b.append("<li>").append(Html.text(w)).append("</li>"));
      b.append("</ul></div>");
    }
  }

  private static void fact(StringBuilder b, String k, String html) {
    b.append("<div><dt>").append(Html.text(k)).append("</dt><dd>").append(html).append("</dd></div>");
  }

  private static void charts(StringBuilder b, TaskView t) {
    List<StepView> steps = t.steps();
    if (steps.isEmpty()) {
      return;
    }
    List<String> labels = steps.stream().map(s -> Integer.toString(s.index())).toList();
    int n = steps.size();
    StringBuilder row = new StringBuilder();
    if (steps.stream().anyMatch(s -> s.timings().isPresent())) {
      double[] cap = new double[n];
      double[] per = new double[n];
      double[] dec = new double[n];
      double[] act = new double[n];
      for (int i = 0; i < n; i++) {
        StepView.Timings tm = steps.get(i).timings().orElse(new StepView.Timings(0, 0, 0, 0));
        cap[i] = tm.captureMs();
        per[i] = tm.perceiveMs();
        dec[i] = tm.decideMs();
        act[i] = tm.actMs();
      }
      row.append(Charts.stackedBars("time per step", labels, List.of(
          new Charts.Series("capture", "s1", cap), new Charts.Series("perceive", "s2", per),
          new Charts.Series("decide", "s3", dec), new Charts.Series("act", "s4", act)), PageWriter::durationShort));
    }
    if (steps.stream().anyMatch(s -> s.usage().totalTokens() > 0)) {
      double[] in = new double[n];
      double[] outT = new double[n];
      for (int i = 0; i < n; i++) {
        in[i] = steps.get(i).usage().inputTokens();
        outT[i] = steps.get(i).usage().outputTokens();
      }
      row.append(Charts.stackedBars("tokens per step", labels, List.of(
          new Charts.Series("input", "s5", in), new Charts.Series("output", "s6", outT)), v -> count((long) v)));
    }
    if (steps.stream().anyMatch(s -> s.costUsd() > 0)) {
      double[] cost = steps.stream().mapToDouble(StepView::costUsd).toArray();
      row.append(Charts.stackedBars("cost per step", labels, List.of(new Charts.Series("USD", "s7", cost)), PageWriter::money));
    }
    if (!row.isEmpty()) {
      b.append("<div class=\"charts\">").append(row).append("</div>");
    }
  }

  // ---- timeline ----

  /**
   * Each step is drawn on the screen it was decided on: the screenshot saved after the step
   * before it. The first step's earlier screen is not saved (OSWorld keeps screens after steps),
   * so it is drawn on its own after-screen, labelled so; the last after-screen closes the timeline.
   */
  private void timeline(StringBuilder b, TaskView t, Map<Path, Frame> frames) {
    List<StepView> steps = t.steps();
    if (steps.isEmpty()) {
      b.append("<p class=\"note\">No steps were recorded.</p>");
      return;
    }
    b.append("<ol class=\"timeline\">");
    Map<Path, String> shownIn = new HashMap<>();
    Optional<Path> previousAfter = Optional.empty();
    for (StepView s : steps) {
      Optional<Path> frame = previousAfter;
      String frameNote = "screen this step was decided on";
      if (frame.isEmpty() && s.after().isPresent()) {
        frame = s.after();
        frameNote = "screen after this step (the screen before it was not saved)";
      }
      b.append("<li class=\"step").append(s.anyFailed() ? " failed" : "").append("\" id=\"").append(anchors.get(t)).append("-s")
          .append(s.index()).append("\"><div class=\"shotcol\">");
      if (frame.isPresent()) {
        figure(b, t, frame.get(), frames, shownIn, "step " + s.index() + ": " + frameNote, s.actions());
      } else {
        b.append("<div class=\"noshot\">no screenshot</div>");
      }
      b.append("</div><div class=\"stepcol\">");
      stepText(b, s);
      b.append("</div></li>");
      previousAfter = s.after();
    }
    Optional<Path> last = steps.getLast().after();
    if (last.isPresent() && !shownIn.containsKey(last.get())) {
      b.append("<li class=\"step final\"><div class=\"shotcol\">");
      figure(b, t, last.get(), frames, shownIn, "screen after the last step", List.of());
      b.append("</div><div class=\"stepcol\"><div class=\"stephead\"><span class=\"stepno end\">end</span><span>screen after the last step</span></div>");
      t.outcome().ifPresent(o -> b.append("<p class=\"muted\">outcome <b>").append(Html.text(o.status())).append("</b>")
          .append(o.reason().isBlank() ? "" : ": " + Html.text(o.reason())).append("</p>"));
      b.append("</div></li>");
    }
    b.append("</ol>");
  }

  private void figure(StringBuilder b, TaskView t, Path png, Map<Path, Frame> frames,
      Map<Path, String> shownIn, String caption, List<ShownAction> actions) {
    Frame frame = frames.get(png);
    if (frame == null || frame.encoded() == null) {
      b.append("<div class=\"noshot\">").append(Html.text(png.getFileName() + ": cannot be shown ("
          + (frame == null ? "not read" : frame.error()) + ")")).append("</div>");
      return;
    }
    FrameEncoder.Encoded e = frame.encoded();
    String figId = "f" + (++figures);
    int vw = t.screen().map(TaskView.Size::width).orElse(e.width());
    int vh = t.screen().map(TaskView.Size::height).orElse(e.height());
    b.append("<figure class=\"shot\" id=\"").append(figId).append("\" tabindex=\"0\" data-title=\"").append(Html.attr(t.key() + " \u00b7 " + caption)).append('"');
    String first = shownIn.get(png);
    if (first != null) {
      b.append(" data-same=\"").append(first).append('"');
    } else {
      shownIn.put(png, figId);
      if (e.full().isPresent()) {
        b.append(" data-full=\"").append(e.full().get()).append('"');
      } else {
        b.append(" data-file=\"").append(Html.attr(relative(png))).append('"');
      }
    }
    b.append("><img src=\"").append(e.thumbnail()).append("\" width=\"").append(e.thumbWidth()).append("\" height=\"")
        .append(e.thumbHeight()).append("\" alt=\"").append(Html.attr(caption)).append("\">");
    b.append(Marks.svg(actions, vw, vh));
    b.append(Marks.captions(actions));
    b.append("</figure><div class=\"shotnote\">").append(Html.text(caption.substring(caption.indexOf(':') + 1).strip()))
        .append(" \u00b7 <span class=\"fname\">").append(Html.text(png.getFileName().toString())).append("</span></div>");
  }

  private static void stepText(StringBuilder b, StepView s) {
    b.append("<div class=\"stephead\"><span class=\"stepno\">").append(s.index()).append("</span>");
    List<String> bits = new ArrayList<>();
    s.timings().ifPresent(tm -> bits.add(duration(tm.totalMs())));
    if (s.usage().totalTokens() > 0) {
      bits.add(count(s.usage().totalTokens()) + " tokens");
    }
    if (s.costUsd() > 0) {
      bits.add(money(s.costUsd()));
    }
    s.startedAt().ifPresent(at -> bits.add(DateTimeFormatter.ofPattern("HH:mm:ss").format(at.atZone(ZoneId.of("UTC"))) + " UTC"));
    b.append("<span class=\"muted\">").append(Html.text(String.join(" \u00b7 ", bits))).append("</span></div>");
    if (!s.thought().isBlank()) {
      b.append("<div class=\"thought\"><div class=\"lbl\">thought</div><div class=\"txt\">").append(Html.text(s.thought().strip()))
          .append("</div></div>");
    }
    if (!s.question().isBlank()) {
      b.append("<div class=\"question\"><div class=\"lbl\">asked a person</div>").append(Html.text(s.question())).append("</div>");
    }
    for (String m : s.personMessages()) {
      b.append("<div class=\"person\"><div class=\"lbl\">person said</div>").append(Html.text(m)).append("</div>");
    }
    b.append("<ol class=\"actions\">");
    for (int i = 0; i < s.actions().size(); i++) {
      ShownAction a = s.actions().get(i);
      b.append("<li>").append(Marks.actionHtml(a));
      if (i < s.results().size()) {
        StepView.Result r = s.results().get(i);
        if (!r.ok()) {
          b.append("<div class=\"err\">failed: ").append(Html.text(r.error())).append("</div>");
        }
      } else if (!(a instanceof ShownAction.Done) && !(a instanceof ShownAction.Fail) && !s.results().isEmpty()) {
        b.append("<div class=\"muted small\">not performed</div>");
      }
      for (StepView.Verdict v : s.verdicts()) {
        if (v.action() == i) {
          b.append("<div class=\"verdict ").append(Html.attr(v.kind().toLowerCase(Locale.ROOT))).append("\">safety ")
              .append(Html.text(v.kind().toLowerCase(Locale.ROOT))).append(v.rule().isBlank() ? "" : " (" + Html.text(v.rule()) + ")")
              .append(v.reason().isBlank() ? "" : ": " + Html.text(v.reason()))
              .append(v.consent().isBlank() ? "" : " \u00b7 person: " + Html.text(v.consent().toLowerCase(Locale.ROOT)))
              .append(v.allowed() ? "" : " \u00b7 <b>not performed</b>").append("</div>");
        }
      }
      b.append("</li>");
    }
    b.append("</ol>");
  }

  // ---- frames ----

  /** Encodes the task's screenshots in parallel; the full-size budget is spent in step order. */
  /** A screenshot ready to embed, or why it cannot be. */
  private record Frame(FrameEncoder.Encoded encoded, String error) {}

  private Map<Path, Frame> encodeFrames(TaskView t) throws IOException {
    Set<Path> pngs = new LinkedHashSet<>();
    t.steps().forEach(s -> s.after().ifPresent(pngs::add));
    Map<Path, Future<FrameEncoder.Encoded>> futures = new LinkedHashMap<>();
    boolean full = options.fullImageBudgetBytes() > 0;
    for (Path p : pngs) {
      futures.put(p, pool.submit(() -> encoder.encode(p, full)));
    }
    Map<Path, Frame> out = new LinkedHashMap<>();
    for (var e : futures.entrySet()) {
      try {
        FrameEncoder.Encoded enc = e.getValue().get();
        if (enc.full().isPresent()) {
          long size = enc.full().get().length();
          if (fullBytes + size > options.fullImageBudgetBytes()) {
            enc = new FrameEncoder.Encoded(enc.thumbnail(), enc.thumbWidth(), enc.thumbHeight(), enc.width(), enc.height(), Optional.empty());
            fullOmitted++;
          } else {
            fullBytes += size;
          }
        }
        out.put(e.getKey(), new Frame(enc, ""));
      } catch (InterruptedException ie) {
        futures.values().forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while encoding screenshots of " + t.dir());
      } catch (ExecutionException ee) {
        // An unreadable PNG is shown as such in its step; the rest of the report goes on.
        Throwable cause = ee.getCause() == null ? ee : ee.getCause();
        out.put(e.getKey(), new Frame(null, cause.getClass().getSimpleName() + ": " + cause.getMessage()));
      }
    }
    return out;
  }

  int fullImagesOmitted() {
    return fullOmitted;
  }

  // ---- formatting ----

  /** The path relative to the report's folder when it lies under it, else absolute. */
  private String relative(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    Path base = outDir.toAbsolutePath().normalize();
    return abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
  }

  private String when(Instant t) {
    return WHEN.format(t.atZone(zone));
  }

  private String whenShort(Instant t) {
    return DateTimeFormatter.ofPattern("MM-dd HH:mm").format(t.atZone(zone));
  }

  static String duration(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    Duration d = Duration.ofMillis(ms);
    if (d.toHours() > 0) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    return d.toMinutes() + " min " + d.toSecondsPart() + " s";
  }

  static String durationShort(double ms) {
    if (ms == 0) {
      return "0";
    }
    return ms < 1000 ? Math.round(ms) + "ms" : String.format(Locale.ROOT, "%.1fs", ms / 1000);
  }

  static String count(long n) {
    if (n < 1000) {
      return Long.toString(n);
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fk", n / 1000.0);
    }
    return String.format(Locale.ROOT, "%.2fM", n / 1_000_000.0);
  }

  static String money(double usd) {
    if (usd == 0) {
      return "$0";
    }
    return usd < 0.01 ? String.format(Locale.ROOT, "$%.4f", usd) : String.format(Locale.ROOT, "$%.2f", usd);
  }

  private static String resource(String name) {
    try (InputStream in = PageWriter.class.getResourceAsStream(RES + name)) {
      if (in == null) {
        throw new IllegalStateException("report resource " + RES + name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read report resource " + name, e);
    }
  }

  static String sha256(String script) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
