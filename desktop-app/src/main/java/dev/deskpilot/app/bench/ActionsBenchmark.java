package dev.deskpilot.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionJson;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.actuators.DesktopException;
import dev.deskpilot.actuators.ModelFrame;
import dev.deskpilot.actuators.internal.HumanControlProbe;
import dev.deskpilot.perception.Point;
import dev.deskpilot.perception.Rect;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.vm.Sandbox;
import dev.deskpilot.vm.SandboxOptions;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The actuators benchmark ({@code deskpilot bench actions}): in a fresh sandbox with a real GTK
 * editor (mousepad), measures
 *
 * <ul>
 *   <li>{@code typing_exact}: the fraction of a fixed set of strings (ASCII with every symbol,
 *       Latin-1, CJK, emoji, tabs and newlines) typed through the in-guest server into mousepad,
 *       saved, and read back exactly from the file;
 *   <li>{@code typing_chars_per_s}: ASCII typing speed (a long string, checked exact too);
 *   <li>{@code click_accuracy}: the fraction of clicks on small (10x10) targets that land inside
 *       them when the model sees the screen scaled down by 1, 1.25, 1.5 and 2 and its coordinates
 *       are mapped back ({@link ModelFrame}); the landing point is the pointer read back in the guest;
 *   <li>{@code killswitch_p50_ms}, {@code takeover_detect_p50_ms}, {@code false_takeovers}: from
 *       {@link HumanControlProbe} run in a JVM on the sandbox's display (the global hook must live
 *       in a JVM that sees the display), over the real jnativehook hook;
 *   <li>{@code bad_input_refused}: the fraction of malformed actions refused with a clear error
 *       before anything reaches the screen.
 * </ul>
 */
public final class ActionsBenchmark {
  private ActionsBenchmark() {}

  /**
   * How much to measure.
   *
   * @param agentActions agent actions watched for false takeovers
   * @param trials kill-switch and takeover trials
   * @param clicksPerScale click targets per scale factor
   */
  public record Options(int agentActions, int trials, int clicksPerScale) {
    public Options {
      if (agentActions < 1 || trials < 1 || clicksPerScale < 1) {
        throw new IllegalArgumentException(
            "benchmark sizes must be positive: actions " + agentActions + ", trials " + trials + ", clicks " + clicksPerScale);
      }
    }

    /** 500 actions, 20 trials, 50 clicks per scale. */
    public static Options defaults() {
      return new Options(500, 20, 50);
    }
  }

  /** The strings of {@code typing_exact}. */
  public static final List<String> TYPING_SET =
      List.of(
          "ASCII !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
          "Latin-1: àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞß ¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿",
          "CJK: 日本語のテキストを入力します。中文输入测试，简体和繁體。한국어 입력 시험입니다.",
          "emoji: 😀😃😄😁 🎉🎊 👍🏽👋🏿 ❤️ 🚀🌍 🇫🇷🇯🇵 👨‍👩‍👧",
          "newlines and tabs:\nline two\n\tindented\n\n\tdouble\tinner tab\nend",
          "mixed: naïve café — “quotes” ‘single’ … €5 東京 🍣 Ωμέγα Привет עברית",
          "symbols again ~`!@#$%^&*()-_=+[{]}\\|;:'\",<.>/? done");

  /** Runs the benchmark in a new sandbox; progress lines go to {@code progress}. */
  public static ObjectNode run(Options options, PrintStream progress) {
    Objects.requireNonNull(options, "options");
    ObjectMapper json = new ObjectMapper();
    ObjectNode out = json.createObjectNode();
    out.put("benchmark", "actions");
    out.put("started", Instant.now().toString());
    long t0 = System.nanoTime();
    try (Sandbox sandbox = Sandbox.start(SandboxOptions.defaults())) {
      out.put("environment", sandbox.description());
      Desktop desktop = sandbox.desktop();
      progress.println("bench actions: clicks at scale factors 1, 1.25, 1.5, 2");
      clicks(desktop, options, out);
      progress.println("bench actions: typing into mousepad");
      typing(sandbox, desktop, out);
      progress.println("bench actions: kill switch, takeover and false takeovers (hook on " + sandbox.display() + ")");
      humanControl(sandbox, options, out, json);
    }
    progress.println("bench actions: malformed actions");
    badInput(out);
    out.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    return out;
  }

  // ---- clicks ----

  private static void clicks(Desktop desktop, Options options, ObjectNode out) {
    Random r = new Random(20260401);
    ObjectNode per = out.putObject("click_accuracy_by_scale");
    int hit = 0;
    int total = 0;
    List<String> misses = new ArrayList<>();
    for (double scale : new double[] {1, 1.25, 1.5, 2}) {
      ModelFrame frame = ModelFrame.scaledDown(1920, 1080, ScreenMapping.IDENTITY, scale);
      int ok = 0;
      for (int i = 0; i < options.clicksPerScale(); i++) {
        Rect target = new Rect(20 + r.nextInt(1860), 20 + r.nextInt(1020), 10, 10);
        // The model sees the target scaled down and names the model pixel under its centre.
        Point c = target.center();
        double mx = Math.floor(c.x() / frame.scaleX());
        double my = Math.floor(c.y() / frame.scaleY());
        Point screen = frame.toScreen(mx, my);
        ActionResult res = desktop.perform(Action.Click.left(screen));
        Point landed = res.pointer();
        if (res.ok() && landed != null && target.contains(landed)) {
          ok++;
        } else if (misses.size() < 10) {
          misses.add("scale " + scale + " target " + target + " landed " + landed + " " + res.error());
        }
      }
      per.put(Double.toString(scale), (double) ok / options.clicksPerScale());
      hit += ok;
      total += options.clicksPerScale();
    }
    out.put("click_accuracy", (double) hit / total);
    out.put("clicks", total);
    ArrayNode m = out.putArray("click_misses");
    misses.forEach(m::add);
    ActionResult off = desktop.perform(Action.Click.left(new Point(5000, 20)));
    out.put("off_screen_click_refused", !off.ok());
    out.put("off_screen_click_error", off.error());
  }

  // ---- typing ----

  private static void typing(Sandbox sandbox, Desktop desktop, ObjectNode out) {
    String file = sandbox.home().resolve("typed.txt").toString();
    desktop.writeFile(file, new byte[0]);
    desktop.launch(Command.of("mousepad", file));
    CommandResult found =
        desktop.run(Command.of("xdotool", "search", "--sync", "--onlyvisible", "--name", "typed.txt").withTimeout(Duration.ofSeconds(30)));
    if (found.exitCode() != 0) {
      throw new DesktopException(DesktopException.Kind.FAILED, "mousepad did not open a window in 30 s: " + found.stderr());
    }
    ArrayNode details = out.putArray("typing_results");
    int exact = 0;
    for (String s : TYPING_SET) {
      String got = typeAndSave(desktop, file, s);
      boolean same = got.equals(s);
      exact += same ? 1 : 0;
      ObjectNode d = details.addObject();
      d.put("text", s);
      d.put("exact", same);
      if (!same) {
        d.put("got", got);
      }
    }
    out.put("typing_exact", (double) exact / TYPING_SET.size());
    // Speed: a long ASCII string, timed in the guest (the action's own time) and end to end.
    StringBuilder sb = new StringBuilder();
    String alphabet = "The quick brown fox jumps over the lazy dog; 0123456789 {}[]()<>!?@#$%^&*_+=~ ";
    while (sb.length() < 3000) {
      sb.append(alphabet);
    }
    String longText = sb.substring(0, 3000);
    desktop.perform(Action.KeyChord.parse("ctrl+a"));
    long w0 = System.nanoTime();
    ActionResult typed = desktop.perform(new Action.TypeText(longText));
    long wallMillis = (System.nanoTime() - w0) / 1_000_000;
    desktop.perform(Action.KeyChord.parse("ctrl+s"));
    String got = waitForFile(desktop, file, longText);
    out.put("typing_chars_per_s", Math.round(longText.length() * 1000.0 / Math.max(1, typed.millis())));
    out.put("typing_chars_per_s_end_to_end", Math.round(longText.length() * 1000.0 / Math.max(1, wallMillis)));
    out.put("typing_speed_text_exact", got.equals(longText));
  }

  private static String typeAndSave(Desktop desktop, String file, String text) {
    desktop.perform(Action.KeyChord.parse("ctrl+a"));
    ActionResult r = desktop.perform(new Action.TypeText(text));
    if (!r.ok()) {
      return "(type failed: " + r.error() + ")";
    }
    desktop.perform(Action.KeyChord.parse("ctrl+s"));
    return waitForFile(desktop, file, text);
  }

  private static String waitForFile(Desktop desktop, String file, String want) {
    String got = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      got = new String(desktop.readFile(file), StandardCharsets.UTF_8);
      if (got.equals(want)) {
        return got;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return got;
      }
    }
    return got;
  }

  // ---- the person's brake ----

  private static void humanControl(Sandbox sandbox, Options options, ObjectNode out, ObjectMapper json) {
    List<String> argv =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "-Djava.awt.headless=false",
            "-cp",
            absoluteClassPath(),
            HumanControlProbe.class.getName(),
            Integer.toString(options.agentActions()),
            Integer.toString(options.trials()));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("DISPLAY", sandbox.display());
    pb.environment().put("HOME", sandbox.home().toString());
    pb.environment().remove("DBUS_SESSION_BUS_ADDRESS");
    try {
      Path log = Files.createTempFile("deskpilot-probe", ".log");
      pb.redirectError(log.toFile());
      Process p = pb.start();
      byte[] stdout = p.getInputStream().readAllBytes();
      if (!p.waitFor(15, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        out.put("human_control_error", "the probe did not finish in 15 minutes");
        return;
      }
      String text = new String(stdout, StandardCharsets.UTF_8).strip();
      String last = text.lines().reduce((a, b) -> b).orElse("");
      JsonNode probe;
      try {
        probe = json.readTree(last);
      } catch (IOException e) {
        out.put("human_control_error", "the probe printed no JSON: " + last + " / " + Files.readString(log));
        return;
      } finally {
        Files.deleteIfExists(log);
      }
      for (String k : List.of("killswitch_p50_ms", "takeover_detect_p50_ms", "false_takeovers")) {
        out.set(k, probe.get(k));
      }
      out.set("human_control", probe);
    } catch (IOException e) {
      out.put("human_control_error", "cannot run the probe: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.put("human_control_error", "interrupted");
    }
  }

  private static String absoluteClassPath() {
    List<String> entries = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!e.isEmpty()) {
        entries.add(Path.of(e).toAbsolutePath().toString());
      }
    }
    return String.join(File.pathSeparator, entries);
  }

  // ---- bad input ----

  /** Malformed actions; each must be refused by {@link ActionJson} or the record itself. */
  static final List<String> BAD_INPUT =
      List.of(
          "{\"type\":\"click\",\"button\":\"LEFT\",\"count\":1}",
          "{\"type\":\"click\",\"at\":{\"x\":10},\"button\":\"LEFT\",\"count\":1}",
          "{\"type\":\"click\",\"at\":{\"x\":-3,\"y\":10},\"button\":\"LEFT\",\"count\":1}",
          "{\"type\":\"move\",\"to\":{\"x\":NaN,\"y\":10}}",
          "{\"type\":\"move\",\"to\":{\"x\":12.7,\"y\":10}}",
          "{\"type\":\"move\",\"to\":{\"x\":\"12\",\"y\":10}}",
          "{\"type\":\"key\",\"keys\":[]}",
          "{\"type\":\"key\",\"keys\":[\"ctrl\",\"\"]}",
          "{\"type\":\"key\",\"keys\":[\"hyperdrive\"]}",
          "{\"type\":\"click\",\"at\":{\"x\":1,\"y\":1},\"button\":\"THUMB\",\"count\":1}",
          "{\"type\":\"click\",\"at\":{\"x\":1,\"y\":1},\"button\":\"LEFT\",\"count\":7}",
          "{\"type\":\"type\",\"text\":\"\"}",
          "{\"type\":\"type\",\"text\":\"bell\\u0007here\"}",
          "{\"type\":\"type\",\"text\":\"escape \\u001b[31m\"}",
          "{\"type\":\"scroll\",\"at\":{\"x\":1,\"y\":1},\"dx\":0,\"dy\":0}",
          "{\"type\":\"wait\",\"duration\":\"PT-5S\"}",
          "{\"type\":\"drag\",\"from\":{\"x\":1,\"y\":1}}",
          "{\"type\":\"zoom\",\"region\":{\"x\":0,\"y\":0,\"width\":0,\"height\":5}}",
          "{\"type\":\"teleport\",\"to\":{\"x\":1,\"y\":1}}",
          "{\"type\":\"click\",\"at\":{\"x\":1,\"y\":1},\"button\":\"LEFT\",\"count\":1,\"force\":true}");

  private static void badInput(ObjectNode out) {
    ArrayNode details = out.putArray("bad_input");
    int refused = 0;
    List<String> inputs = new ArrayList<>(BAD_INPUT);
    inputs.add("{\"type\":\"type\",\"text\":\"" + "x".repeat(1_000_000) + "\"}");
    for (String in : inputs) {
      ObjectNode d = details.addObject();
      d.put("input", in.length() > 120 ? in.substring(0, 60) + "... (" + in.length() + " chars)" : in);
      try {
        Action a = ActionJson.read(in);
        d.put("refused", false);
        d.put("parsed", a.toString());
      } catch (IllegalArgumentException e) {
        refused++;
        d.put("refused", true);
        d.put("error", e.getMessage().length() > 300 ? e.getMessage().substring(0, 300) + "..." : e.getMessage());
      }
    }
    out.put("bad_input_refused", (double) refused / inputs.size());
  }

  /**
   * Runs the benchmark and writes its JSON: {@code ActionsBenchmark [--out FILE] [--actions N]
   * [--trials N] [--clicks N]}. (The {@code deskpilot bench actions} command calls {@link #run}.)
   */
  public static void main(String[] args) throws IOException {
    Path outFile = null;
    Options o = Options.defaults();
    for (int i = 0; i < args.length; i += 2) {
      String v = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--out" -> outFile = Path.of(v);
        case "--actions" -> o = new Options(Integer.parseInt(v), o.trials(), o.clicksPerScale());
        case "--trials" -> o = new Options(o.agentActions(), Integer.parseInt(v), o.clicksPerScale());
        case "--clicks" -> o = new Options(o.agentActions(), o.trials(), Integer.parseInt(v));
        default -> {
          System.err.println("unknown argument " + args[i] + " (expected --out FILE, --actions N, --trials N, --clicks N)");
          System.exit(2);
        }
      }
    }
    ObjectNode result = run(o, System.err);
    String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
    if (outFile != null) {
      Files.writeString(outFile, text + "\n");
    }
    System.out.println(text);
    System.exit(0);
  }
}
