package dev.deskpilot.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.actuators.ActionResult;
import dev.deskpilot.actuators.Command;
import dev.deskpilot.actuators.CommandResult;
import dev.deskpilot.actuators.Desktop;
import dev.deskpilot.agent.Agent;
import dev.deskpilot.agent.Outcome;
import dev.deskpilot.agent.budget.RequestTokens;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.ProviderConfig.OpenAiHistory;
import dev.deskpilot.agent.provider.ProviderPolicy;
import dev.deskpilot.agent.provider.Providers;
import dev.deskpilot.agent.replay.RecordedStep;
import dev.deskpilot.agent.replay.StepJson;
import dev.deskpilot.perception.OcrEngine;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.ScreenReader;
import dev.deskpilot.perception.Screenshot;
import dev.deskpilot.perception.TextLine;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * {@code deskpilot bench tokens}: how many prompt tokens a step costs per provider, against a
 * naive agent.
 *
 * <p>A recorded 20-step trajectory over real 1920x1080 screens (bundled; some steps see an
 * unchanged screen) is replayed through the real loop ({@link Agent}) and each provider's real
 * policy, which talks to a local HTTP server on the loopback interface: the server keeps every
 * request body and answers with the recorded action in that provider's wire format. Nothing
 * leaves the machine and no key is needed. Each request body is estimated with {@link
 * RequestTokens} (Anthropic {@code w*h/750} per image, OpenAI 512-pixel tiles {@code 85 + 170 per
 * tile}, UI-TARS one token per 28x28 patch, text at 4 characters a token). A request chained with
 * {@code previous_response_id} also counts the context the server keeps (earlier inputs and
 * replies).
 *
 * <p>Naive is the same conversation with the full-resolution screenshot sent at every step and
 * every past screenshot kept: step k costs the step's text plus k full-size images. The target is
 * a median (p50, nearest rank) step at most half the naive one.
 */
public final class TokensBenchmark {
  /** The ratio to naive a provider must stay within. */
  public static final double TARGET_RATIO = 0.5;

  /** The models measured: each provider's default request shape. */
  public static final List<String> MODELS = List.of(
      "anthropic:claude-sonnet-4-5",
      "openai:computer-use-preview",
      "openai:gpt-5.4",
      "openai-compat:http://127.0.0.1/v1#ui-tars-1.5-7b");

  private static final String RESOURCES = "/bench/tokens/";
  private static final String INSTRUCTION =
      "Add the heading 'Shopping list' to notes.txt in the editor, save it, and check the file in the terminal.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TokensBenchmark() {}

  /** One step of the trajectory: the frame it is decided on and its action. */
  record BenchStep(String frameName, BufferedImage frame, String thought, Action action) {}

  /** Runs the benchmark on the bundled trajectory and returns its JSON report. */
  public static ObjectNode run() {
    List<BenchStep> steps = bundledTrajectory();
    ObjectNode report = JSON.createObjectNode();
    report.put("benchmark", "tokens");
    ObjectNode t = report.putObject("trajectory");
    t.put("steps", steps.size());
    t.put("unchanged_screens", unchanged(steps));
    t.put("screen", steps.getFirst().frame().getWidth() + "x" + steps.getFirst().frame().getHeight());
    t.put("source", "bundled: " + RESOURCES + "trajectory.jsonl (perception's real screens)");
    report.put("method", "the real loop and provider policies against a loopback server; request bodies"
        + " estimated: Anthropic w*h/750 per image, OpenAI 85+170 per 512px tile, UI-TARS 1 per 28x28 patch,"
        + " text chars/4; naive = full-resolution screenshot every step, every past screenshot kept;"
        + " p50 = nearest-rank median over the steps");
    report.put("target_ratio", TARGET_RATIO);
    ObjectNode providers = report.putObject("providers");
    boolean all = true;
    for (String model : MODELS) {
      ModelSpec spec = ModelSpec.parse(model);
      ObjectNode row = measure(spec, ProviderConfig.defaults(), steps);
      providers.set(model, row);
      all &= row.get("within_target").asBoolean();
    }
    ObjectNode chained = measure(ModelSpec.parse("openai:gpt-5.4"),
        ProviderConfig.builder().openAiHistory(OpenAiHistory.CHAINED).build(), steps);
    chained.put("reference", "previous_response_id chaining (not the default): the server keeps every screenshot");
    providers.set("openai:gpt-5.4 chained", chained);
    report.put("all_within_target", all);
    return report;
  }

  /** Replays the steps through one provider and summarises the tokens per step. */
  static ObjectNode measure(ModelSpec spec, ProviderConfig config, List<BenchStep> steps) {
    List<JsonNode> requests = Collections.synchronizedList(new ArrayList<>());
    WireReplies replies = new WireReplies(spec, steps);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a loopback port for the benchmark's model server", e);
    }
    server.createContext("/", exchange -> {
      try (exchange) {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        String reply;
        synchronized (requests) {
          requests.add(body);
          reply = replies.reply(requests.size(), body);
        }
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    });
    server.start();
    Outcome outcome;
    try {
      URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
      ModelSpec local = spec.withBaseUrl(base);
      try (ProviderPolicy policy = Providers.create(local, config, Optional.of(ApiKey.of("bench-no-network")))) {
        outcome = Agent.builder(new TrajectoryDesktop(steps), new ScreenReader(new NoText()), policy)
            .limits(new Agent.Limits(steps.size() + 5, Duration.ofMinutes(10)))
            .build()
            .run(INSTRUCTION);
      }
    } finally {
      server.stop(0);
    }
    if (outcome.status() != Outcome.Status.DONE || requests.size() != steps.size()) {
      throw new IllegalStateException("the benchmark run of " + spec + " did not replay the trajectory: "
          + outcome.status() + " after " + requests.size() + " model calls: " + outcome.reason());
    }
    boolean chained = false;
    long context = 0;
    long fullImage = RequestTokens.imageTokens(spec.provider(), steps.getFirst().frame().getWidth(),
        steps.getFirst().frame().getHeight(), "original");
    List<Long> ours = new ArrayList<>();
    List<Long> naive = new ArrayList<>();
    long images = 0;
    for (int k = 0; k < requests.size(); k++) {
      JsonNode body = requests.get(k);
      RequestTokens.Estimate e = RequestTokens.estimate(spec.provider(), body);
      long tokens = e.total();
      if (body.hasNonNull("previous_response_id")) {
        chained = true;
        tokens += context;
      }
      if (spec.provider() == ModelSpec.Provider.OPENAI) {
        // what a chained server keeps: this call's input items and the reply
        context += RequestTokens.estimate(spec.provider(), body.path("input")).total()
            + RequestTokens.text(replies.replyTextChars(k + 1));
      }
      ours.add(tokens);
      images += e.images();
      naive.add(e.textTokens() + (long) (k + 1) * fullImage);
    }
    long p50 = percentile(ours, 50);
    long naiveP50 = percentile(naive, 50);
    ObjectNode row = JSON.createObjectNode();
    row.put("model", spec.toString());
    row.put("history", switch (spec.provider()) {
      case OPENAI -> chained ? "chained (previous_response_id)" : "managed, newest " + config.keepScreenshots() + " screenshots";
      default -> "conversation, newest " + config.keepScreenshots() + " screenshots";
    });
    row.put("model_calls", requests.size());
    row.put("images_sent", images);
    row.put("tokens_per_step_p50", p50);
    row.put("tokens_per_step_p90", percentile(ours, 90));
    row.put("tokens_per_step_max", Collections.max(ours));
    row.put("tokens_total", ours.stream().mapToLong(Long::longValue).sum());
    row.put("full_resolution_image_tokens", fullImage);
    row.put("naive_tokens_per_step_p50", naiveP50);
    row.put("ratio", Math.round(1000.0 * p50 / naiveP50) / 1000.0);
    row.put("within_target", p50 <= TARGET_RATIO * naiveP50);
    ArrayNode per = row.putArray("tokens_per_step");
    ours.forEach(per::add);
    return row;
  }

  /** Nearest-rank percentile. */
  static long percentile(List<Long> values, int p) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static int unchanged(List<BenchStep> steps) {
    int n = 0;
    for (int i = 1; i < steps.size(); i++) {
      n += steps.get(i).frameName().equals(steps.get(i - 1).frameName()) ? 1 : 0;
    }
    return n;
  }

  /** The bundled trajectory: {@code trajectory.jsonl} and its frames. */
  static List<BenchStep> bundledTrajectory() {
    List<BenchStep> steps = new ArrayList<>();
    Map<String, BufferedImage> frames = new HashMap<>();
    try (InputStream in = resource("trajectory.jsonl");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        n++;
        JsonNode o = JSON.readTree(line);
        ObjectNode asStep = JSON.createObjectNode().put("index", n);
        asStep.putArray("actions").add(o.get("action"));
        RecordedStep step = StepJson.read(asStep, RESOURCES + "trajectory.jsonl line " + n, Optional.empty());
        String name = o.path("frame").asText();
        BufferedImage frame = frames.computeIfAbsent(name, TokensBenchmark::frame);
        steps.add(new BenchStep(name, frame, o.path("thought").asText(""), step.actions().getFirst()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled benchmark trajectory", e);
    }
    return steps;
  }

  /** {@code name.png}, or {@code name.png#N}: the screen with N dark bars where text appeared. */
  private static BufferedImage frame(String name) {
    int hash = name.indexOf('#');
    String file = hash < 0 ? name : name.substring(0, hash);
    int bars = hash < 0 ? 0 : Integer.parseInt(name.substring(hash + 1));
    BufferedImage base;
    try (InputStream in = resource(file)) {
      base = ImageIO.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read benchmark frame " + file, e);
    }
    int w = base.getWidth();
    int h = base.getHeight();
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, w, h, base.getRGB(0, 0, w, h, null, 0, w), 0, w);
    for (int b = 0; b < bars; b++) {
      int y0 = 260 + 22 * b;
      for (int y = y0; y < y0 + 12; y++) {
        for (int x = 220; x < 420; x++) {
          img.setRGB(x, y, 0x202020);
        }
      }
    }
    return img;
  }

  private static InputStream resource(String name) {
    InputStream in = TokensBenchmark.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      throw new IllegalStateException("benchmark resource " + RESOURCES + name + " is missing from the build");
    }
    return in;
  }

  /** Replies in each provider's wire format, carrying the recorded actions in model pixels. */
  private static final class WireReplies {
    private static final Pattern PNG = Pattern.compile("(?:data:image/png;base64,|\"data\":\")(iVBORw0KGgo[A-Za-z0-9+/=]{30})");
    private final ModelSpec spec;
    private final List<BenchStep> steps;
    private final boolean ga;
    private final Map<Integer, Integer> replyChars = new HashMap<>();
    private int modelWidth;
    private int modelHeight;

    WireReplies(ModelSpec spec, List<BenchStep> steps) {
      this.spec = spec;
      this.steps = steps;
      this.ga = !spec.model().startsWith("computer-use-preview");
    }

    int replyTextChars(int call) {
      return replyChars.getOrDefault(call, 0);
    }

    String reply(int call, JsonNode request) {
      Matcher m = PNG.matcher(request.toString());
      String last = null;
      while (m.find()) {
        last = m.group(1);
      }
      if (last != null) {
        byte[] head = Base64.getDecoder().decode(last.substring(0, 32));
        modelWidth = ((head[16] & 0xff) << 24) | ((head[17] & 0xff) << 16) | ((head[18] & 0xff) << 8) | (head[19] & 0xff);
        modelHeight = ((head[20] & 0xff) << 24) | ((head[21] & 0xff) << 16) | ((head[22] & 0xff) << 8) | (head[23] & 0xff);
      }
      BenchStep step = steps.get(Math.min(call, steps.size()) - 1);
      String reply = switch (spec.provider()) {
        case ANTHROPIC -> anthropic(call, step);
        case OPENAI -> openAi(call, step);
        case OPENAI_COMPAT -> compat(call, step);
      };
      replyChars.put(call, step.thought().length() + step.action().toString().length());
      return reply;
    }

    private int[] model(dev.deskpilot.perception.Point p) {
      int w = steps.getFirst().frame().getWidth();
      int h = steps.getFirst().frame().getHeight();
      return new int[] {(int) ((long) p.x() * modelWidth / w), (int) ((long) p.y() * modelHeight / h)};
    }

    private String anthropic(int call, BenchStep step) {
      ObjectNode r = JSON.createObjectNode().put("id", "msg_" + call).put("type", "message").put("role", "assistant");
      ArrayNode content = r.putArray("content");
      content.addObject().put("type", "text").put("text", step.thought());
      ObjectNode input = JSON.createObjectNode();
      switch (step.action()) {
        case Action.Click c -> {
          int[] xy = model(c.at());
          input.put("action", "left_click").putArray("coordinate").add(xy[0]).add(xy[1]);
        }
        case Action.TypeText t -> input.put("action", "type").put("text", t.text());
        case Action.KeyChord k -> input.put("action", "key").put("text", String.join("+", k.keys()));
        default -> input = null;
      }
      if (input != null) {
        content.addObject().put("type", "tool_use").put("id", "toolu_" + call).put("name", "computer").set("input", input);
      }
      r.put("stop_reason", input != null ? "tool_use" : "end_turn");
      r.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
      return r.toString();
    }

    private String openAi(int call, BenchStep step) {
      ObjectNode r = JSON.createObjectNode().put("id", "resp_" + call).put("status", "completed");
      ArrayNode output = r.putArray("output");
      ObjectNode action = JSON.createObjectNode();
      switch (step.action()) {
        case Action.Click c -> {
          int[] xy = model(c.at());
          action.put("type", "click").put("button", "left").put("x", xy[0]).put("y", xy[1]);
        }
        case Action.TypeText t -> action.put("type", "type").put("text", t.text());
        case Action.KeyChord k -> {
          action.put("type", "keypress");
          k.keys().forEach(action.putArray("keys")::add);
        }
        default -> action = null;
      }
      if (action == null) {
        ObjectNode msg = output.addObject().put("type", "message").put("id", "msg_" + call)
            .put("status", "completed").put("role", "assistant");
        msg.putArray("content").addObject().put("type", "output_text").put("text", step.thought()).putArray("annotations");
      } else {
        output.addObject().put("type", "reasoning").put("id", "rs_" + call)
            .putArray("summary").addObject().put("type", "summary_text").put("text", step.thought());
        ObjectNode cc = output.addObject().put("type", "computer_call").put("id", "cu_" + call)
            .put("call_id", "call_" + call).put("status", "completed");
        if (ga) {
          cc.putArray("actions").add(action);
        } else {
          cc.set("action", action);
        }
        cc.putArray("pending_safety_checks");
      }
      r.putObject("usage").put("input_tokens", 0).put("output_tokens", 0);
      return r.toString();
    }

    private String compat(int call, BenchStep step) {
      String act = switch (step.action()) {
        case Action.Click c -> {
          int[] xy = model(c.at());
          yield "click(start_box='<|box_start|>(" + xy[0] + "," + xy[1] + ")<|box_end|>')";
        }
        case Action.TypeText t -> "type(content='" + t.text().replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "')";
        case Action.KeyChord k -> "hotkey(key='" + String.join(" ", k.keys()) + "')";
        default -> "finished(content='" + step.thought().replace("'", "\\'") + "')";
      };
      ObjectNode r = JSON.createObjectNode().put("id", "chat_" + call).put("object", "chat.completion");
      ObjectNode choice = r.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
      choice.putObject("message").put("role", "assistant").put("content", "Thought: " + step.thought() + "\nAction: " + act);
      r.putObject("usage").put("prompt_tokens", 0).put("completion_tokens", 0);
      return r.toString();
    }
  }

  /** The desktop of the replay: step k's capture is the trajectory's frame k; actions succeed. */
  private static final class TrajectoryDesktop implements Desktop {
    private final List<BenchStep> steps;
    private int captures;

    TrajectoryDesktop(List<BenchStep> steps) {
      this.steps = steps;
    }

    @Override
    public synchronized Screenshot capture() {
      BenchStep s = steps.get(Math.min(captures, steps.size() - 1));
      captures++;
      return new Screenshot(s.frame(), ScreenMapping.IDENTITY, Instant.EPOCH);
    }

    @Override
    public ActionResult perform(Action action) {
      return ActionResult.success(0);
    }

    @Override
    public CommandResult run(Command command) {
      throw new UnsupportedOperationException("the benchmark desktop runs no commands");
    }

    @Override
    public void launch(Command command) {
      throw new UnsupportedOperationException("the benchmark desktop runs no commands");
    }

    @Override
    public byte[] readFile(String path) {
      throw new UnsupportedOperationException("the benchmark desktop has no files");
    }

    @Override
    public void writeFile(String path, byte[] content) {
      throw new UnsupportedOperationException("the benchmark desktop has no files");
    }

    @Override
    public void close() {}
  }

  /** Token counting needs no OCR: the providers send pixels. */
  private static final class NoText implements OcrEngine {
    @Override
    public List<TextLine> read(BufferedImage image) {
      return List.of();
    }

    @Override
    public void close() {}
  }
}
