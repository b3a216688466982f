package dev.deskpilot.agent.provider.anthropic;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.PolicyInput;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ImageBudget;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.ProviderConfig.AnthropicTool;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Computer use through Anthropic's Messages API ({@code POST {base}/messages}, {@code x-api-key},
 * {@code anthropic-version: 2023-06-01}, {@code anthropic-beta} of the tool version).
 *
 * <p>The display size declared in the tool is fixed at the first screenshot ({@link
 * ImageBudget#ANTHROPIC} by default: 1920x1080 is sent as 1366x768) and every screenshot is scaled
 * to it; model points are mapped back to screen pixels. The conversation is kept and resent whole;
 * only the newest {@link ProviderConfig#keepScreenshots()} screenshots stay images. Every {@code
 * tool_use} is answered in the next request: success (the newest screenshot goes with the last
 * successful result, or after the results when none succeeded), the action's failure, or the
 * reason it is not supported, as {@code is_error}. {@code end_turn} without a tool use ends the run
 * with {@link dev.deskpilot.actuators.Action.Done} (or {@code Fail} for {@code INFEASIBLE:} text or
 * a refusal), or with a question for the person when the text asks one.
 *
 * <p>Prompt caching: the system block (with the tools before it) and the last block of each
 * request carry {@code cache_control: ephemeral}. With {@link PolicyInput#screenChanged()} false
 * the newest tool result says the screen did not change instead of carrying a screenshot. The
 * person's messages go into the user turn after the tool results.
 */
public final class AnthropicPolicy implements ProviderPolicy {
  static final String API_VERSION = "2023-06-01";

  /** Models known to take {@code computer_20250124}; the rest get {@code computer_20251124}. */
  private static final Pattern OLDER_TOOL_MODELS =
      Pattern.compile(
          "claude-(3-7-sonnet|(sonnet|opus)-4(-0|-1)?|sonnet-4-5|haiku-4-5)(-\\d{8}|-latest|@\\d{8})?");

  private final ModelSpec spec;
  private final ProviderConfig config;
  private final ApiKey key;
  private final AnthropicTool tool;
  private final ModelHttp http;
  private final AnthropicCodec codec = new AnthropicCodec();
  private final List<ObjectNode> messages = new ArrayList<>();

  private int displayWidth;
  private int displayHeight;
  private List<AnthropicCodec.ToolCall> pendingCalls = List.of();
  private Decision previousDecision;
  private Usage last = Usage.ZERO;
  private Usage total = Usage.ZERO;

  /**
   * @throws IllegalArgumentException when {@code spec} is not an Anthropic spec
   */
  public AnthropicPolicy(ModelSpec spec, ProviderConfig config, ApiKey key) {
    if (spec.provider() != ModelSpec.Provider.ANTHROPIC) {
      throw new IllegalArgumentException("not an Anthropic model spec: " + spec);
    }
    this.spec = spec;
    this.config = Objects.requireNonNull(config, "config");
    this.key = Objects.requireNonNull(key, "key");
    this.tool = toolFor(spec.model(), config.anthropicTool());
    this.http = new ModelHttp("anthropic", config, Optional.of(key), spec.provider().keyVariable());
  }

  /** The tool version a model gets: the configured one, or by model family for AUTO. */
  public static AnthropicTool toolFor(String model, AnthropicTool choice) {
    if (choice != AnthropicTool.AUTO) {
      return choice;
    }
    return OLDER_TOOL_MODELS.matcher(model).matches()
        ? AnthropicTool.COMPUTER_20250124
        : AnthropicTool.COMPUTER_20251124;
  }

  @Override
  public Decision decide(String instruction, List<Step> history, Observation observation) {
    return decide(PolicyInput.of(instruction, history, observation));
  }

  /**
   * Decides with the loop's extras: the person's messages go into this call's user turn (after
   * any tool results), and when the screen did not change the newest tool result says so instead
   * of carrying another screenshot (unless the model asked for a screenshot).
   */
  @Override
  public Decision decide(PolicyInput in) {
    ScreenFrame frame = frame(in.observation());
    String person = Conversation.fromPerson(in.personMessages());
    boolean askedForScreenshot = pendingCalls.stream().anyMatch(c -> c.count() == 0 && c.unsupported() == null);
    boolean sendImage = messages.isEmpty() || in.screenChanged() || askedForScreenshot;
    ArrayNode content = Wire.array();
    if (messages.isEmpty()) {
      content.add(AnthropicCodec.text(in.instruction()));
      if (!person.isEmpty()) {
        content.add(AnthropicCodec.text(person));
      }
      content.add(AnthropicCodec.image(frame.pngBase64()));
    } else if (pendingCalls.isEmpty()) {
      content.add(AnthropicCodec.text(person.isEmpty() ? "Continue with the task." : person));
      content.add(sendImage ? AnthropicCodec.image(frame.pngBase64()) : AnthropicCodec.text(Conversation.UNCHANGED));
    } else {
      ActionReport report = ActionReport.of(previousDecision, in.history());
      int lastOk = -1;
      List<String> errors = new ArrayList<>();
      for (int i = 0; i < pendingCalls.size(); i++) {
        AnthropicCodec.ToolCall call = pendingCalls.get(i);
        String error = call.unsupported() != null
            ? call.unsupported()
            : report.problem(call.first(), call.count()).orElse(null);
        errors.add(error);
        if (error == null) {
          lastOk = i;
        }
      }
      for (int i = 0; i < pendingCalls.size(); i++) {
        content.add(AnthropicCodec.toolResult(pendingCalls.get(i).id(), errors.get(i),
            i == lastOk && sendImage ? frame.pngBase64() : null, i == lastOk ? Conversation.UNCHANGED : "done"));
      }
      if (lastOk < 0) {
        content.add(sendImage ? AnthropicCodec.image(frame.pngBase64()) : AnthropicCodec.text(Conversation.UNCHANGED));
      }
      report.effect().ifPresent(e -> content.add(AnthropicCodec.text(e)));
      if (!person.isEmpty()) {
        content.add(AnthropicCodec.text(person));
      }
    }
    messages.add(AnthropicCodec.message("user", content));
    AnthropicCodec.keepNewestImages(messages, config.keepScreenshots());

    ObjectNode request = AnthropicCodec.request(
        spec.model(), config.maxOutputTokens(),
        Prompts.system(displayWidth, displayHeight, config.extraInstructions()),
        AnthropicCodec.tool(tool, displayWidth, displayHeight, config.displayNumber(), config.anthropicZoom()),
        messages);

    Usage[] used = {Usage.ZERO};
    AnthropicCodec.Turn turn;
    try {
      turn = Reasking.ask(
          "anthropic", config.maxReasks(), request,
          r -> http.postJson(endpoint(), headers(), Wire.write(r)),
          body -> used[0] = used[0].plus(AnthropicCodec.usage(body)),
          body -> codec.decode(body, frame),
          (original, problem) -> {
            ObjectNode amended = original.deepCopy();
            ArrayNode msgs = (ArrayNode) amended.get("messages");
            ((ArrayNode) msgs.get(msgs.size() - 1).get("content"))
                .add(AnthropicCodec.text(Prompts.reask(problem)));
            return amended;
          });
    } catch (RuntimeException e) {
      messages.removeLast(); // the conversation stays valid if the caller tries again
      throw e;
    } finally {
      last = used[0];
      total = total.plus(last);
    }
    messages.add(AnthropicCodec.message("assistant", turn.content()));
    pendingCalls = turn.calls();
    previousDecision = Conversation.redacted(Conversation.withQuestion(new Decision(turn.thought(), turn.actions())), Optional.of(key));
    return previousDecision;
  }

  private ScreenFrame frame(Observation observation) {
    var shot = observation.screenshot();
    if (displayWidth == 0) {
      int[] wh = config.imageBudget().orElse(ImageBudget.ANTHROPIC).fit(shot.width(), shot.height());
      displayWidth = wh[0];
      displayHeight = wh[1];
    }
    return ScreenFrame.sized(shot, displayWidth, displayHeight);
  }

  private HttpUrl endpoint() {
    return HttpUrl.get(spec.baseUrl().toString()).newBuilder().addPathSegment("messages").build();
  }

  private Headers headers() {
    return new Headers.Builder()
        .add("x-api-key", key.secret())
        .add("anthropic-version", API_VERSION)
        .add("anthropic-beta", tool.betaHeader())
        .build();
  }

  /** The tool version this policy declares. */
  public AnthropicTool tool() {
    return tool;
  }

  @Override
  public String name() {
    return "anthropic-" + spec.pathSafeName();
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
    return "AnthropicPolicy[" + spec + ", " + tool.type() + "]";
  }
}
