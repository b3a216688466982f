package dev.deskpilot.agent.provider.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ImageBudget;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.ProviderConfig.OpenAiTool;
import dev.deskpilot.agent.provider.ProviderPolicy;
import dev.deskpilot.agent.provider.SafetyCheck;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.ActionReport;
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
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Computer use through OpenAI's Responses API ({@code POST {base}/responses}).
 *
 * <p>The first call sends the task and a screenshot; later calls chain with {@code
 * previous_response_id} and answer each {@code computer_call} with a {@code computer_call_output}
 * holding the new screenshot, plus a user note when an action failed. The preview tool declares a
 * display size fixed at the first screenshot ({@link ImageBudget#OPENAI_PREVIEW} by default) and
 * every later screenshot is scaled to it; the GA tool sends each screenshot scaled to the budget
 * ({@link ImageBudget#OPENAI_GA}). Model points are mapped back to screen pixels.
 *
 * <p>{@code pending_safety_checks} go to the {@link ProviderConfig#safetyChecks()} handler one by
 * one; approved checks are echoed as {@code acknowledged_safety_checks}; the first denied one ends
 * the run with a {@link Action.Fail} giving its message. A reply without a {@code computer_call}
 * ends the run: {@link Action.Done} with the text as the thought, or {@link Action.Fail} for a
 * refusal or a text starting with {@code INFEASIBLE:}.
 */
public final class OpenAiPolicy implements ProviderPolicy {
  private final ModelSpec spec;
  private final ProviderConfig config;
  private final ApiKey key;
  private final boolean ga;
  private final ModelHttp http;
  private final OpenAiCodec codec = new OpenAiCodec();

  private int displayWidth;
  private int displayHeight;
  private String previousResponseId;
  private List<OpenAiCodec.Call> pendingCalls = List.of();
  private Decision previousDecision;
  private Usage last = Usage.ZERO;
  private Usage total = Usage.ZERO;

  /**
   * @throws IllegalArgumentException when {@code spec} is not an OpenAI spec
   */
  public OpenAiPolicy(ModelSpec spec, ProviderConfig config, ApiKey key) {
    if (spec.provider() != ModelSpec.Provider.OPENAI) {
      throw new IllegalArgumentException("not an OpenAI model spec: " + spec);
    }
    this.spec = spec;
    this.config = Objects.requireNonNull(config, "config");
    this.key = Objects.requireNonNull(key, "key");
    this.ga = usesGaTool(spec.model(), config.openAiTool());
    this.http = new ModelHttp("openai", config, Optional.of(key), spec.provider().keyVariable());
  }

  /** Whether {@code model} gets the GA {@code computer} tool (else {@code computer_use_preview}). */
  public static boolean usesGaTool(String model, OpenAiTool choice) {
    return switch (choice) {
      case GA -> true;
      case PREVIEW -> false;
      case AUTO -> !model.startsWith("computer-use-preview");
    };
  }

  @Override
  public Decision decide(String instruction, List<Step> history, Observation observation) {
    ScreenFrame frame = frame(observation);
    ArrayNode input = Wire.array();
    if (previousResponseId == null) {
      input.add(OpenAiCodec.userMessage(instruction, frame.pngDataUrl(), ga));
    } else if (pendingCalls.isEmpty()) {
      input.add(OpenAiCodec.userMessage("Continue with the task.", frame.pngDataUrl(), ga));
    } else {
      ActionReport report = ActionReport.of(previousDecision, history);
      List<String> problems = new ArrayList<>();
      for (OpenAiCodec.Call call : pendingCalls) {
        input.add(OpenAiCodec.callOutput(call.callId(), call.checks(), frame.pngDataUrl(), ga));
        report.problem(call.first(), call.count()).ifPresent(problems::add);
      }
      if (!problems.isEmpty()) {
        input.add(OpenAiCodec.userMessage(
            "The last action did not succeed: " + String.join("; ", problems), null, ga));
      }
    }
    ObjectNode request = OpenAiCodec.request(
        spec.model(), ga, displayWidth, displayHeight,
        Prompts.system(frame.width(), frame.height(), config.extraInstructions()),
        previousResponseId, input);

    Usage[] used = {Usage.ZERO};
    OpenAiCodec.Turn turn;
    try {
      turn = Reasking.ask(
          "openai", config.maxReasks(), request,
          r -> http.postJson(endpoint(), headers(), Wire.write(r)),
          body -> used[0] = used[0].plus(OpenAiCodec.usage(body)),
          body -> codec.decode(body, frame),
          (original, problem) -> {
            ObjectNode amended = original.deepCopy();
            ((ArrayNode) amended.get("input"))
                .add(OpenAiCodec.userMessage(Prompts.reask(problem), null, ga));
            return amended;
          });
    } finally {
      last = used[0];
      total = total.plus(last);
    }
    previousResponseId = turn.responseId();
    pendingCalls = turn.calls();

    for (OpenAiCodec.Call call : turn.calls()) {
      for (SafetyCheck check : call.checks()) {
        if (!config.safetyChecks().approve(check)) {
          pendingCalls = List.of();
          previousDecision = Decision.of(turn.thought(), new Action.Fail(
              "safety check " + (check.code().isEmpty() ? check.id() : check.code())
                  + " was not approved: " + check.message()));
          return previousDecision;
        }
      }
    }
    previousDecision = new Decision(turn.thought(), turn.actions());
    return previousDecision;
  }

  private ScreenFrame frame(Observation observation) {
    var shot = observation.screenshot();
    if (ga) {
      return ScreenFrame.fit(shot, config.imageBudget().orElse(ImageBudget.OPENAI_GA));
    }
    if (displayWidth == 0) {
      int[] wh = config.imageBudget().orElse(ImageBudget.OPENAI_PREVIEW).fit(shot.width(), shot.height());
      displayWidth = wh[0];
      displayHeight = wh[1];
    }
    return ScreenFrame.sized(shot, displayWidth, displayHeight);
  }

  private HttpUrl endpoint() {
    HttpUrl base = HttpUrl.get(spec.baseUrl().toString());
    return base.newBuilder().addPathSegment("responses").build();
  }

  private Headers headers() {
    return new Headers.Builder().add("Authorization", "Bearer " + key.secret()).build();
  }

  /** Whether this policy declares the GA {@code computer} tool. */
  public boolean gaTool() {
    return ga;
  }

  @Override
  public String name() {
    return "openai-" + spec.pathSafeName();
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
    return "OpenAiPolicy[" + spec + (ga ? ", GA computer tool" : ", computer_use_preview") + "]";
  }
}
