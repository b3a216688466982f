package dev.deskpilot.agent.provider.openaicompat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.PolicyInput;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.ProviderPolicy;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.ActionReport;
import dev.deskpilot.agent.provider.internal.Conversation;
import dev.deskpilot.agent.provider.internal.ModelHttp;
import dev.deskpilot.agent.provider.internal.Prompts;
import dev.deskpilot.agent.provider.internal.Reasking;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import dev.deskpilot.agent.provider.internal.Wire;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.Screenshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * UI-TARS style models behind an OpenAI-compatible chat endpoint ({@code POST
 * {base}/chat/completions}: vLLM, Ollama, LM Studio, OpenRouter), with an optional bearer key.
 *
 * <p>The conversation is one user message with the action syntax and the task, then per step a
 * user message with the screenshot (and a note when the last action failed) and the model's
 * answer; only the newest {@link ProviderConfig#keepScreenshots()} screenshots stay images.
 * Screenshots are sent at the {@code smart_resize} size (sides multiples of 28, within UI-TARS's
 * pixel bounds, after the optional {@link ProviderConfig#imageBudget()}), so that UI-TARS-1.5's
 * absolute points refer to the image it was sent; UI-TARS-1.0's 0..1000 points are scaled by that
 * image's size. Set-of-marks mode is refused at construction (perception has no elements yet).
 */
public final class CompatPolicy implements ProviderPolicy {
  private final ModelSpec spec;
  private final ProviderConfig config;
  private final Optional<ApiKey> key;
  private final CompatCodec codec;
  private final ModelHttp http;
  private final List<ObjectNode> messages = new ArrayList<>();

  private Decision previousDecision;
  private Usage last = Usage.ZERO;
  private Usage total = Usage.ZERO;

  /**
   * @param key the bearer key, empty for servers that need none (local vLLM, Ollama)
   * @throws IllegalArgumentException when {@code spec} is not an openai-compat spec, or set-of-marks
   *     coordinates are asked for
   */
  public CompatPolicy(ModelSpec spec, ProviderConfig config, Optional<ApiKey> key) {
    if (spec.provider() != ModelSpec.Provider.OPENAI_COMPAT) {
      throw new IllegalArgumentException("not an openai-compat model spec: " + spec);
    }
    this.spec = spec;
    this.config = Objects.requireNonNull(config, "config");
    this.key = Objects.requireNonNull(key, "key");
    this.codec = new CompatCodec(config.coordinates());
    this.http = new ModelHttp("openai-compat", config, key, spec.provider().keyVariable());
  }

  @Override
  public Decision decide(String instruction, List<Step> history, Observation observation) {
    return decide(PolicyInput.of(instruction, history, observation));
  }

  /**
   * Decides with the loop's extras: the person's messages go into this step's user message, and
   * when the screen did not change the message says so instead of carrying another screenshot.
   * {@code call_user()} becomes a question for the person.
   */
  @Override
  public Decision decide(PolicyInput in) {
    ScreenFrame frame = frame(in.observation().screenshot());
    if (messages.isEmpty()) {
      messages.add(CompatCodec.userText(CompatCodec.prompt(in.instruction(), config.coordinates())));
    }
    List<String> notes = new ArrayList<>();
    if (previousDecision != null) {
      ActionReport report = ActionReport.of(previousDecision, in.history());
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < previousDecision.actions().size(); i++) {
        report.problem(i).ifPresent(problems::add);
      }
      if (!problems.isEmpty()) {
        notes.add("The last action did not succeed: " + String.join("; ", problems));
      }
      report.effect().ifPresent(notes::add);
    }
    if (!in.personMessages().isEmpty()) {
      notes.add(Conversation.fromPerson(in.personMessages()));
    }
    boolean sendImage = previousDecision == null || in.screenChanged();
    if (!sendImage) {
      notes.add(Conversation.UNCHANGED);
    }
    String note = notes.isEmpty() ? null : String.join("\n", notes);
    messages.add(sendImage ? CompatCodec.userImage(note, frame.pngDataUrl()) : CompatCodec.userText(note));
    CompatCodec.keepNewestImages(messages, config.keepScreenshots());
    ObjectNode request = CompatCodec.request(spec.model(), config.maxOutputTokens(), messages);

    Usage[] used = {Usage.ZERO};
    CompatCodec.Turn turn;
    try {
      turn = Reasking.ask(
          "openai-compat", config.maxReasks(), request,
          r -> http.postJson(endpoint(), headers(), Wire.write(r)),
          body -> used[0] = used[0].plus(CompatCodec.usage(body)),
          body -> codec.decode(body, frame),
          (original, problem) -> {
            ObjectNode amended = original.deepCopy();
            ((ArrayNode) amended.get("messages")).add(CompatCodec.userText(Prompts.reask(problem)));
            return amended;
          });
    } catch (RuntimeException e) {
      messages.removeLast();
      throw e;
    } finally {
      last = used[0];
      total = total.plus(last);
    }
    messages.add(CompatCodec.assistant(turn.text()));
    previousDecision = Conversation.redacted(callUser(new Decision(turn.thought(), turn.actions())), key);
    return previousDecision;
  }

  /** {@code call_user()} as a question for the person, with the model's thought as the question. */
  static Decision callUser(Decision d) {
    if (d.actions().size() == 1 && d.actions().getFirst() instanceof Action.Fail f && f.reason().equals(CompatCodec.CALL_USER)) {
      String q = d.thought().isBlank() ? "The model needs your help to go on (call_user): what should it do?" : d.thought();
      return Decision.ask(d.thought(), q);
    }
    return d;
  }

  /** The screenshot at its {@code smart_resize} size (after the optional budget). */
  ScreenFrame frame(Screenshot shot) {
    int w = shot.width();
    int h = shot.height();
    if (config.imageBudget().isPresent()) {
      int[] fit = config.imageBudget().get().fit(w, h);
      w = fit[0];
      h = fit[1];
    }
    long max = config.imageBudget().map(b -> Math.max(b.maxPixels(), SmartResize.MIN_PIXELS))
        .orElse(SmartResize.MAX_PIXELS);
    int[] wh = SmartResize.resize(w, h, SmartResize.FACTOR, SmartResize.MIN_PIXELS, max);
    return ScreenFrame.sized(shot, wh[0], wh[1]);
  }

  private HttpUrl endpoint() {
    return HttpUrl.get(spec.baseUrl().toString()).newBuilder()
        .addPathSegment("chat").addPathSegment("completions").build();
  }

  private Headers headers() {
    Headers.Builder h = new Headers.Builder();
    key.ifPresent(k -> h.add("Authorization", "Bearer " + k.secret()));
    return h.build();
  }

  @Override
  public String name() {
    return "openai-compat-" + spec.pathSafeName();
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public Usage lastUsage() {
    return last;
  }

  @Override
  public Usage totalUsage() {
    return total;
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "CompatPolicy[" + spec + ", " + config.coordinates() + "]";
  }
}
