package dev.deskpilot.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.perception.Perceiver;
import dev.deskpilot.tasks.Evaluator;
import dev.deskpilot.tasks.FileCache;
import dev.deskpilot.tasks.MissingTask;
import dev.deskpilot.tasks.PolicyFactory;
import dev.deskpilot.tasks.ResultsSummary;
import dev.deskpilot.tasks.Suite;
import dev.deskpilot.tasks.SuiteReader;
import dev.deskpilot.tasks.SuiteProgress;
import dev.deskpilot.tasks.SuiteRunner;
import dev.deskpilot.tasks.Task;
import dev.deskpilot.tasks.TaskFormatException;
import dev.deskpilot.vm.EnvironmentFactory;
import dev.deskpilot.vm.Sandbox;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deskpilot suite PATH}: runs a task set and writes OSWorld-layout results. */
@Command(name = "suite", description = "Run a task set (OSWorld layout: examples/<domain>/<id>.json + test_all.json).")
final class SuiteCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PATH", description = "Suite directory.")
  Path suiteDir;

  @Option(names = "--results", paramLabel = "DIR", description = "Results root (default: ${DEFAULT-VALUE}).", defaultValue = "results")
  Path results;

  @Option(names = "--parallel", paramLabel = "N", description = "Environments side by side (default: ${DEFAULT-VALUE}).", defaultValue = "1")
  int parallel;

  @Option(names = "--model", paramLabel = "M", description = "Policy: step-script (default) or a model string.", defaultValue = "step-script")
  String model;

  @Option(names = "--env", paramLabel = "E", description = "Environment: sandbox (default), vm, osworld.", defaultValue = "sandbox")
  String env;

  @Option(names = "--vm-image", paramLabel = "DIR", description = "VM image for --env vm (default: $DESKPILOT_VM_IMAGE).")
  Path vmImage;

  @Option(names = "--osworld-url", paramLabel = "URL",
      description = "OSWorld VM server for --env osworld, e.g. http://192.168.122.10:5000.")
  String osworldUrl;

  @Option(names = "--osworld-revert", paramLabel = "CMD",
      description = "Command (run here with sh -c) that reverts the OSWorld VM before every task, e.g. 'virsh snapshot-revert osworld init'. Without it nothing is reset between tasks.")
  String osworldRevert;

  @Option(names = "--domain", split = ",", paramLabel = "D", description = "Only these domains.")
  List<String> domains = List.of();

  @Option(names = "--ids", split = ",", paramLabel = "ID", description = "Only these task ids.")
  List<String> ids = List.of();

  @Option(names = "--index", paramLabel = "FILE", description = "Index file in the suite (default: test_all.json when present).")
  String index;

  @Option(names = "--cache", paramLabel = "DIR", description = "Offline copies of OSWorld downloads.")
  List<Path> cache = List.of();

  @Option(names = "--max-steps", paramLabel = "N", description = "Step limit unless a task sets one (default: ${DEFAULT-VALUE}).", defaultValue = "15")
  int maxSteps;

  @Option(names = "--safety-policy", paramLabel = "FILE",
      description = "Safety rules for every action (JSON). Default for models: the built-in rules, denying what would ask; step scripts are trusted unless this is given.")
  Path safetyPolicy;

  @Option(names = "--max-cost", paramLabel = "USD", description = "Stop a task cleanly when its model calls cost more than this.")
  Double maxCost;

  @Option(names = "--summary", paramLabel = "FILE", description = "Where the summary goes (default: RESULTS/<suite name>/summary.json).")
  Path summaryFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    return runSuite(spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  int runSuite(PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
    if (!Files.isDirectory(suiteDir)) {
      throw new UserInputException("suite " + suiteDir + " is not a directory");
    }
    if (parallel < 1 || parallel > 16) {
      throw new UserInputException("--parallel must be 1..16, was " + parallel);
    }
    if (maxSteps < 1) {
      throw new UserInputException("--max-steps must be at least 1, was " + maxSteps);
    }
    if (!env.equals("osworld") && (osworldUrl != null || osworldRevert != null)) {
      throw new UserInputException("--osworld-url and --osworld-revert go with --env osworld, not --env " + env);
    }
    PolicyFactory policies = policies();
    EnvironmentFactory environments = environments(out);
    Suite suite;
    try {
      suite = index == null ? SuiteReader.read(suiteDir) : SuiteReader.read(suiteDir, index);
    } catch (TaskFormatException e) {
      throw new UserInputException(e.getMessage());
    }
    for (TaskFormatException e : suite.errors()) {
      err.println("deskpilot: " + e.getMessage());
    }
    for (MissingTask m : suite.missing()) {
      err.println("deskpilot: task " + m.domain() + "/" + m.id() + " is named in the index but its file " + m.expectedFile() + " is missing");
    }
    List<Task> tasks = new ArrayList<>();
    for (Task t : suite.tasks()) {
      if ((domains.isEmpty() || domains.contains(t.domain())) && (ids.isEmpty() || ids.contains(t.id()))) {
        tasks.add(t);
      }
    }
    if (tasks.isEmpty()) {
      err.println("deskpilot: no tasks to run in " + suiteDir + (domains.isEmpty() && ids.isEmpty() ? "" : " with the given --domain/--ids"));
      return suite.errors().isEmpty() && suite.missing().isEmpty() ? 1 : 2;
    }
    SuiteRunner.Options options =
        new SuiteRunner.Options(results, "computer_13", "screenshot", parallel, Duration.ofMinutes(10), maxSteps,
            cache.isEmpty() ? FileCache.none() : FileCache.of(cache.toArray(Path[]::new)), guard());
    err.flush();
    out.printf("running %d task(s) from %s with %s in %s (parallel %d)%n", tasks.size(), suiteDir, policies.model(), env, parallel);
    List<SuiteRunner.TaskResult> ran;
    SuiteRunner runner;
    try (Progress progress = new Progress(out, tasks.size(), Math.min(parallel, tasks.size()), Progress.interactive())) {
      // one perceiver per worker, the machine's cores shared among them (at most 2 OCR engines each)
      int ocrThreads = Math.clamp(Runtime.getRuntime().availableProcessors() / Math.min(parallel, tasks.size()), 1, 2);
      runner = new SuiteRunner(environments, policies, () -> Perceiver.open(ocrThreads), Evaluator.builtIn(), options,
          progress);
      ran = runner.run(tasks);
    }
    printTable(out, ran);

    Path summaryPath = summaryFile != null ? summaryFile : results.resolve(suiteName()).resolve("summary.json");
    ResultsSummary summary = runner.summarise(tasks, summaryPath);
    ObjectNode json = summary.toJson();
    json.put("suite", suiteDir.toString());
    json.put("model", policies.model());
    json.put("results", runner.modelDir().toString());
    json.put("unreadable_task_files", suite.errors().size());
    json.put("missing_task_files", suite.missing().size());
    List<Double> overheads = new ArrayList<>();
    for (SuiteRunner.TaskResult r : ran) {
      if (r.status() != SuiteRunner.Status.SKIPPED) {
        overheads.add(r.overhead().toMillis() / 1000.0);
      }
    }
    if (!overheads.isEmpty()) {
      json.put("overhead_p50_s", median(overheads));
    }
    writeJson(summaryPath, json);
    ResultsSummary.Counts c = summary.total();
    out.printf(Locale.ROOT, "%d tasks: %d passed, %d failed, %d errors; score %.3f%n", c.tasks(), c.passed(), c.failed(), c.errors(), c.score());
    out.println("results: " + runner.modelDir() + "   summary: " + summaryPath);
    boolean allPassed = c.passed() == tasks.size() && suite.errors().isEmpty() && suite.missing().isEmpty();
    return allPassed ? 0 : 1;
  }

  private SuiteRunner.Guard guard() {
    java.util.Optional<dev.deskpilot.agent.budget.Budget> budget = java.util.Optional.empty();
    if (maxCost != null) {
      if (!(maxCost > 0) || maxCost.isInfinite()) {
        throw new UserInputException("--max-cost must be a positive number of US dollars, was " + maxCost);
      }
      if (model.equals("step-script")) {
        throw new UserInputException("--max-cost applies to model runs; step scripts cost nothing");
      }
      budget = java.util.Optional.of(dev.deskpilot.agent.budget.Budget.maxCost(maxCost));
    }
    if (safetyPolicy != null) {
      try {
        return SuiteRunner.Guard.of(dev.deskpilot.agent.control.SafetyPolicy.read(safetyPolicy), budget);
      } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
        throw new UserInputException("--safety-policy: " + e.getMessage());
      }
    }
    if (model.equals("step-script")) {
      return SuiteRunner.Guard.NONE;
    }
    return SuiteRunner.Guard.of(dev.deskpilot.agent.control.SafetyPolicy.defaults(), budget);
  }

  private String suiteName() {
    Path name = suiteDir.toAbsolutePath().normalize().getFileName();
    return name == null ? "suite" : name.toString();
  }

  private PolicyFactory policies() {
    if (model.equals("step-script")) {
      return PolicyFactory.stepScripts();
    }
    dev.deskpilot.agent.provider.ModelSpec spec;
    try {
      spec = dev.deskpilot.agent.provider.ModelSpec.parse(model);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--model: " + e.getMessage() + " (or step-script)");
    }
    try {
      return PolicyFactory.model(spec, dev.deskpilot.agent.provider.ProviderConfig.defaults(),
          dev.deskpilot.app.ui.KeyFile.environmentWithKeys(System.getenv()));
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new UserInputException("--model " + model + ": " + e.getMessage()
          + " (the key file is ~/.config/deskpilot/keys.properties, mode 0600)");
    }
  }

  private EnvironmentFactory environments(PrintWriter out) {
    return switch (env) {
      case "sandbox" -> Sandbox::start;
      case "vm" -> VmEnvironments.factory(VmEnvironments.imageDir(vmImage), out);
      case "osworld" -> VmEnvironments.osworld(osworldUrl, osworldRevert, parallel, out);
      default -> throw new UserInputException("--env '" + env + "' is unknown (valid: sandbox, vm, osworld)");
    };
  }

  private static double median(List<Double> xs) {
    List<Double> s = xs.stream().sorted().toList();
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static void writeJson(Path file, ObjectNode json) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), json);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void printTable(PrintWriter out, List<SuiteRunner.TaskResult> results) {
    out.println();
    out.printf("%-12s %-28s %-7s %5s %5s %7s  %s%n", "DOMAIN", "TASK", "RESULT", "SCORE", "STEPS", "TIME", "NOTE");
    for (SuiteRunner.TaskResult r : results) {
      String result = switch (r.status()) {
        case PASSED -> "pass";
        case FAILED -> "FAIL";
        case ERROR -> "ERROR";
        case SKIPPED -> r.score() >= 1.0 ? "pass*" : "FAIL*";
      };
      String note = r.status() == SuiteRunner.Status.PASSED ? "" : r.reason();
      out.printf(Locale.ROOT, "%-12s %-28s %-7s %5.2f %5d %6.1fs  %s%n", clip(r.domain(), 12), clip(r.id(), 28), result,
          r.score(), r.steps(), r.total().toMillis() / 1000.0, clip(note, 120));
    }
    if (results.stream().anyMatch(r -> r.status() == SuiteRunner.Status.SKIPPED)) {
      out.println("* finished by an earlier run; delete its folder to run it again");
    }
    out.println();
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 3) + "...";
  }

  /**
   * The run's progress: one line per task as it starts and ends, each finish line carrying the bar,
   * counts and ETA; on an interactive terminal the bar also stays on the last line, redrawn every
   * second so elapsed time and ETA move while tasks run.
   */
  private static final class Progress implements SuiteRunner.Listener, AutoCloseable {
    private static final int BAR = 24;
    private final PrintWriter out;
    private final SuiteProgress model;
    private final boolean live;
    private final java.util.concurrent.ScheduledExecutorService ticker;
    private int begun;

    Progress(PrintWriter out, int total, int workers, boolean live) {
      this.out = out;
      this.model = new SuiteProgress(total, workers, System::nanoTime);
      this.live = live;
      if (live) {
        ticker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("suite-progress").factory());
        ticker.scheduleAtFixedRate(this::redraw, 1, 1, java.util.concurrent.TimeUnit.SECONDS);
      } else {
        ticker = null;
      }
    }

    /** A terminal that can redraw a line: a console, not CI, not a dumb terminal. */
    static boolean interactive() {
      java.io.Console console = System.console();
      String term = System.getenv("TERM");
      return console != null && console.isTerminal() && System.getenv("CI") == null && term != null && !term.equals("dumb");
    }

    @Override
    public synchronized void started(Task task) {
      model.started(task);
      begun++;
      print(String.format(Locale.ROOT, "[%d/%d] %s/%s ...", begun, model.snapshot().total(), task.domain(), task.id()));
    }

    @Override
    public synchronized void finished(SuiteRunner.TaskResult r) {
      model.finished(r);
      if (r.status() == SuiteRunner.Status.SKIPPED) {
        begun++;
      }
      SuiteProgress.Snapshot s = model.snapshot();
      print(String.format(Locale.ROOT, "[%d/%d] %s/%s %s (%.1fs)%s", s.done(), s.total(), r.domain(), r.id(), r.status(),
          r.total().toMillis() / 1000.0, live ? "" : "   " + s.line(BAR)));
    }

    private void print(String line) {
      if (live) {
        out.print("\r\033[K");
      }
      out.println(line);
      if (live) {
        out.print(model.snapshot().line(BAR));
      }
      out.flush();
    }

    private synchronized void redraw() {
      out.print("\r\033[K" + model.snapshot().line(BAR));
      out.flush();
    }

    @Override
    public synchronized void close() {
      if (ticker != null) {
        ticker.shutdownNow();
        out.print("\r\033[K");
        out.println(model.snapshot().line(BAR));
        out.flush();
      }
    }
  }
}
