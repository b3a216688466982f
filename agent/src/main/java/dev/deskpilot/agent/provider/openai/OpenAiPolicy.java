package dev.deskpilot.agent.provider.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskpilot.actuators.Action;
import dev.deskpilot.agent.Decision;
import dev.deskpilot.agent.PolicyInput;
import dev.deskpilot.agent.Step;
import dev.deskpilot.agent.control.Verdict;
import dev.deskpilot.agent.provider.ApiKey;
import dev.deskpilot.agent.provider.ImageBudget;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.ProviderConfig;
import dev.deskpilot.agent.provider.ProviderConfig.OpenAiHistory;
import dev.deskpilot.agent.provider.ProviderConfig.OpenAiTool;
import dev.deskpilot.agent.provider.ProviderPolicy;
import dev.deskpilot.agent.provider.SafetyCheck;
import dev.deskpilot.agent.provider.Usage;
import dev.deskpilot.agent.provider.internal.ActionReport;
import dev.deskpilot.agent.provider.internal.Conversation;
import dev.deskpilot.agent.provider.internal.ModelHttp;
import dev.deskpilot.agent.provider.internal.Prompts;
import dev.deskpilot.agent.provider.internal.Reasking;
import dev.deskpilot.agent.provider.internal.ScreenFrame;
import dev.deskpilot.agent.provider.internal.Wire;
import dev.deskpilot.perception.Observation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Computer use through OpenAI's Responses API ({@code POST {base}/responses}).
 *
 * <p>The first call sends the task and a screenshot; later calls answer each {@code
 * computer_call} with a {@code computer_call_output} holding the new screenshot, plus a user note
 * when an action failed. With {@link ProviderConfig.OpenAiHistory#MANAGED} (the default) every
 * call resends the conversation itself, keeping only the newest {@link
 * ProviderConfig#keepScreenshots()} screenshots (older exchanges are dropped and summarised in one
 * line each, so a step costs about the same at step 3 and at step 50); with {@code CHAINED} calls
 * chain with {@code previous_response_id} and the server keeps everything. The preview tool declares a
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
  private ObjectNode firstUser;
  private final List<Exchange> exchanges = new ArrayList<>();
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
    return decide(PolicyInput.of(instruction, history, observation));
  }

  /**
   * Decides with the loop's extras: the person's messages go into this call as a user message;
   * when no computer call is pending and the screen did not change, no new screenshot is sent
   * (a computer call's output always carries one: the API requires it); safety checks go to the
   * loop's approval when there is one.
   */
  @Override
  public Decision decide(PolicyInput in) {
    ScreenFrame frame = frame(in.observation());
    String person = Conversation.fromPerson(in.personMessages());
    boolean managed = config.openAiHistory() == OpenAiHistory.MANAGED;
    boolean first = managed ? firstUser == null : previousResponseId == null;
    ArrayNode input = Wire.array();
    String answered = null;
    if (first) {
      String text = person.isEmpty() ? in.instruction() : in.instruction() + "\n\n" + person;
      input.add(OpenAiCodec.userMessage(text, frame.pngDataUrl(), ga));
    } else {
      String problem = null;
      if (pendingCalls.isEmpty()) {
        String text = person.isEmpty() ? "Continue with the task." : person;
        if (!in.screenChanged()) {
          text = text + "\n" + Conversation.UNCHANGED;
        }
        input.add(OpenAiCodec.userMessage(text, in.screenChanged() ? frame.pngDataUrl() : null, ga));
      } else {
        ActionReport report = ActionReport.of(previousDecision, in.history());
        List<String> problems = new ArrayList<>();
        for (OpenAiCodec.Call call : pendingCalls) {
          input.add(OpenAiCodec.callOutput(call.callId(), call.checks(), frame.pngDataUrl(), ga));
          report.problem(call.first(), call.count()).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
          problem = String.join("; ", problems);
        }
        String effect = report.effect().orElse("");
        if (problem != null || !effect.isEmpty()) {
          String said = problem == null ? effect : "The last action did not succeed: " + problem + (effect.isEmpty() ? "" : "\n" + effect);
          input.add(OpenAiCodec.userMessage(said, null, ga));
        }
        if (!person.isEmpty()) {
          input.add(OpenAiCodec.userMessage(person, null, ga));
        }
      }
      if (managed && previousDecision != null) {
        answered = Conversation.summary(exchanges.size(), previousDecision, problem);
      }
    }
    ArrayNode sent = input;
    if (managed) {
      if (first) {
        firstUser = (ObjectNode) input.get(0);
      } else {
        Exchange lastExchange = exchanges.getLast();
        exchanges.set(exchanges.size() - 1, new Exchange(lastExchange.output(), input, answered));
      }
      sent = managedInput();
    }
    ObjectNode request = OpenAiCodec.request(
        spec.model(), ga, displayWidth, displayHeight,
        Prompts.system(frame.width(), frame.height(), config.extraInstructions()),
        managed ? null : previousResponseId, sent);

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
    } catch (RuntimeException e) {
      if (managed && first) {
        firstUser = null;
      } else if (managed) {
        Exchange lastExchange = exchanges.getLast();
        exchanges.set(exchanges.size() - 1, new Exchange(lastExchange.output(), null, null));
      }
      throw e;
    } finally {
      last = used[0];
      total = total.plus(last);
    }
    previousResponseId = turn.responseId();
    pendingCalls = turn.calls();
    if (managed) {
      exchanges.add(new Exchange(turn.output(), null, null));
    }

    for (OpenAiCodec.Call call : turn.calls()) {
      for (SafetyCheck check : call.checks()) {
        Action flagged = call.count() > 0 ? turn.actions().get(call.first()) : new Action.Wait(Duration.ZERO);
        boolean approved = in.approval()
            .map(a -> a.approve(flagged, Verdict.ask("provider-check:" + (check.code().isEmpty() ? check.id() : check.code()),
                check.message())))
            .orElseGet(() -> config.safetyChecks().approve(check));
        if (!approved) {
          pendingCalls = List.of();
          previousDecision = Conversation.redacted(Decision.of(turn.thought(), new Action.Fail(
              "safety check " + (check.code().isEmpty() ? check.id() : check.code())
                  + " was not approved: " + check.message())), Optional.of(key));
          return previousDecision;
        }
      }
    }
    previousDecision = Conversation.redacted(Conversation.withQuestion(new Decision(turn.thought(), turn.actions())), Optional.of(key));
    return previousDecision;
  }

  /**
   * The managed conversation: the first user message, a summary of the exchanges dropped to keep
   * only the newest {@link ProviderConfig#keepScreenshots()} screenshots, then the kept exchanges
   * (the model's output items and what answered them). The stored items are not modified.
   */
  private ArrayNode managedInput() {
    int total = images(firstUser);
    for (Exchange e : exchanges) {
      total += images(e.followUps());
    }
    boolean firstImage = images(firstUser) > 0;
    int drop = 0;
    while (total > config.keepScreenshots()) {
      if (firstImage) {
        firstImage = false;
        total -= images(firstUser);
      } else if (drop < exchanges.size() - 1) {
        total -= images(exchanges.get(drop).followUps());
        drop++;
      } else {
        break;
      }
    }
    ArrayNode out = Wire.array();
    out.add(firstImage ? firstUser : OpenAiCodec.withoutImages(firstUser));
    if (drop > 0) {
      StringBuilder b = new StringBuilder("Earlier steps (their screenshots are no longer shown):");
      for (int i = 0; i < drop; i++) {
        String s = exchanges.get(i).summary();
        b.append('\n').append(s == null ? "Step " + (i + 1) + ": (no summary)" : s);
      }
      out.add(OpenAiCodec.userMessage(b.toString(), null, ga));
    }
    for (int i = drop; i < exchanges.size(); i++) {
      Exchange e = exchanges.get(i);
      e.output().forEach(out::add);
      if (e.followUps() != null) {
        e.followUps().forEach(out::add);
      }
    }
    return out;
  }

  private static int images(com.fasterxml.jackson.databind.JsonNode node) {
    if (node == null) {
      return 0;
    }
    String s = node.toString();
    int n = 0;
    for (int i = s.indexOf("data:image/"); i >= 0; i = s.indexOf("data:image/", i + 1)) {
      n++;
    }
    return n;
  }

  /** One model reply and the items that answered it (null until the next call). */
  private record Exchange(ArrayNode output, ArrayNode followUps, String summary) {}

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
