package dev.deskpilot.agent.provider;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a provider policy talks to its API. Immutable; start from {@link #defaults()} or {@link
 * #builder()}.
 *
 * @param connectTimeout TCP/TLS connect limit
 * @param requestTimeout limit for one whole HTTP call (a model may think for a while)
 * @param maxRetries extra attempts after a 429, 5xx, 529, timeout or dropped connection
 * @param initialBackoff first wait when the server gives no Retry-After; doubles per attempt
 * @param maxBackoff cap of the doubling
 * @param maxRetryAfter the longest Retry-After honoured; a longer one fails the call at once
 * @param maxReasks times a malformed or unusable reply is asked for again, with the problem stated
 * @param maxOutputTokens {@code max_tokens} for APIs that need it
 * @param keepScreenshots how many of the newest screenshots stay images in a resent conversation;
 *     older ones become a short text placeholder (Anthropic, OpenAI-compatible) or, with the
 *     managed OpenAI history, their exchanges are dropped and summarised in a line each
 * @param imageBudget screenshot size limit; empty = the provider's default ({@link ImageBudget})
 * @param openAiTool which OpenAI computer tool to declare
 * @param openAiHistory how the OpenAI conversation is carried from call to call
 * @param anthropicTool which Anthropic computer tool version to declare
 * @param anthropicZoom declare {@code enable_zoom} on {@code computer_20251124} (zoom requests are
 *     answered as unsupported for now)
 * @param displayNumber the X display number declared to Anthropic
 * @param coordinates how an OpenAI-compatible model writes points
 * @param safetyChecks who approves OpenAI safety checks
 * @param extraInstructions text appended to the system prompt (may be empty)
 * @param sleeper how retries wait
 * @param clock for HTTP-date Retry-After headers
 */
public record ProviderConfig(
    Duration connectTimeout,
    Duration requestTimeout,
    int maxRetries,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration maxRetryAfter,
    int maxReasks,
    int maxOutputTokens,
    int keepScreenshots,
    Optional<ImageBudget> imageBudget,
    OpenAiTool openAiTool,
    OpenAiHistory openAiHistory,
    AnthropicTool anthropicTool,
    boolean anthropicZoom,
    int displayNumber,
    Coordinates coordinates,
    SafetyCheckHandler safetyChecks,
    String extraInstructions,
    Sleeper sleeper,
    Clock clock) {

  /** The OpenAI computer tool to declare. */
  public enum OpenAiTool {
    /** {@code computer_use_preview} for {@code computer-use-preview*} models, else the GA tool. */
    AUTO,
    /** {@code {"type":"computer_use_preview",...}}: one action per call, declared display size. */
    PREVIEW,
    /** {@code {"type":"computer"}}: batched {@code actions}, the screenshot's own size. */
    GA
  }

  /** How the OpenAI Responses conversation is carried from one call to the next. */
  public enum OpenAiHistory {
    /**
     * Deskpilot resends the conversation itself: only the newest {@link #keepScreenshots()}
     * screenshots are sent, older exchanges are dropped and summarised in one line each. Costs
     * stay flat however long the run.
     */
    MANAGED,
    /**
     * {@code previous_response_id} chaining: the server keeps the whole conversation, every
     * screenshot included, and bills all of it as input on every call.
     */
    CHAINED
  }

  /** The Anthropic computer tool version to declare. */
  public enum AnthropicTool {
    /**
     * {@code computer_20250124} for Claude 3.7 Sonnet, Sonnet 4, Opus 4, Opus 4.1, Sonnet 4.5 and
     * Haiku 4.5; {@code computer_20251124} for Opus 4.5 and any model not known to be older.
     */
    AUTO("", ""),
    COMPUTER_20250124("computer_20250124", "computer-use-2025-01-24"),
    COMPUTER_20251124("computer_20251124", "computer-use-2025-11-24");

    private final String type;
    private final String betaHeader;

    AnthropicTool(String type, String betaHeader) {
      this.type = type;
      this.betaHeader = betaHeader;
    }

    /** The tool {@code type}, e.g. {@code computer_20250124}; empty for AUTO. */
    public String type() {
      return type;
    }

    /** The {@code anthropic-beta} header value; empty for AUTO. */
    public String betaHeader() {
      return betaHeader;
    }
  }

  /** How an OpenAI-compatible model writes the points in its actions. */
  public enum Coordinates {
    /** UI-TARS-1.0 (and Qwen2-VL style): 0..1000 relative to the image on both axes. */
    UI_TARS_RELATIVE_1000,
    /**
     * UI-TARS-1.5 (Qwen2.5-VL based): absolute pixels of the image after {@code smart_resize}
     * (sides multiples of 28); Deskpilot sends that resized image itself.
     */
    UI_TARS_ABSOLUTE_SMART_RESIZE,
    /** Element ids from set-of-marks prompting: not available until perception finds elements. */
    SET_OF_MARKS
  }

  public ProviderConfig {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    requirePositive(maxRetryAfter, "maxRetryAfter");
    if (maxRetries < 0 || maxRetries > 20) {
      throw new IllegalArgumentException("maxRetries must be 0..20, was " + maxRetries);
    }
    if (maxReasks < 0 || maxReasks > 5) {
      throw new IllegalArgumentException("maxReasks must be 0..5, was " + maxReasks);
    }
    if (maxOutputTokens < 16) {
      throw new IllegalArgumentException("maxOutputTokens must be at least 16, was " + maxOutputTokens);
    }
    if (keepScreenshots < 1) {
      throw new IllegalArgumentException("keepScreenshots must be at least 1, was " + keepScreenshots);
    }
    if (displayNumber < 0) {
      throw new IllegalArgumentException("displayNumber must not be negative, was " + displayNumber);
    }
    Objects.requireNonNull(imageBudget, "imageBudget (use Optional.empty())");
    Objects.requireNonNull(openAiTool, "openAiTool");
    Objects.requireNonNull(openAiHistory, "openAiHistory");
    Objects.requireNonNull(anthropicTool, "anthropicTool");
    Objects.requireNonNull(coordinates, "coordinates");
    Objects.requireNonNull(safetyChecks, "safetyChecks");
    extraInstructions = extraInstructions == null ? "" : extraInstructions;
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(clock, "clock");
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
    }
  }

  /** 10 s connect, 180 s per call, 4 retries from 1 s doubling to 30 s, 2 re-asks. */
  public static ProviderConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.maxRetries = maxRetries;
    b.initialBackoff = initialBackoff;
    b.maxBackoff = maxBackoff;
    b.maxRetryAfter = maxRetryAfter;
    b.maxReasks = maxReasks;
    b.maxOutputTokens = maxOutputTokens;
    b.keepScreenshots = keepScreenshots;
    b.imageBudget = imageBudget.orElse(null);
    b.openAiTool = openAiTool;
    b.openAiHistory = openAiHistory;
    b.anthropicTool = anthropicTool;
    b.anthropicZoom = anthropicZoom;
    b.displayNumber = displayNumber;
    b.coordinates = coordinates;
    b.safetyChecks = safetyChecks;
    b.extraInstructions = extraInstructions;
    b.sleeper = sleeper;
    b.clock = clock;
    return b;
  }

  /** Builds a {@link ProviderConfig}; every setter has the default named in the record docs. */
  public static final class Builder {
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(180);
    private int maxRetries = 4;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofSeconds(120);
    private int maxReasks = 2;
    private int maxOutputTokens = 4096;
    private int keepScreenshots = 3;
    private ImageBudget imageBudget;
    private OpenAiTool openAiTool = OpenAiTool.AUTO;
    private OpenAiHistory openAiHistory = OpenAiHistory.MANAGED;
    private AnthropicTool anthropicTool = AnthropicTool.AUTO;
    private boolean anthropicZoom;
    private int displayNumber = 1;
    private Coordinates coordinates = Coordinates.UI_TARS_ABSOLUTE_SMART_RESIZE;
    private SafetyCheckHandler safetyChecks = SafetyCheckHandler.DENY_ALL;
    private String extraInstructions = "";
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
    public Builder maxRetries(int v) { maxRetries = v; return this; }
    public Builder initialBackoff(Duration v) { initialBackoff = v; return this; }
    public Builder maxBackoff(Duration v) { maxBackoff = v; return this; }
    public Builder maxRetryAfter(Duration v) { maxRetryAfter = v; return this; }
    public Builder maxReasks(int v) { maxReasks = v; return this; }
    public Builder maxOutputTokens(int v) { maxOutputTokens = v; return this; }
    public Builder keepScreenshots(int v) { keepScreenshots = v; return this; }
    /** {@code null} restores the provider's default. */
    public Builder imageBudget(ImageBudget v) { imageBudget = v; return this; }
    public Builder openAiTool(OpenAiTool v) { openAiTool = v; return this; }
    public Builder openAiHistory(OpenAiHistory v) { openAiHistory = v; return this; }
    public Builder anthropicTool(AnthropicTool v) { anthropicTool = v; return this; }
    public Builder anthropicZoom(boolean v) { anthropicZoom = v; return this; }
    public Builder displayNumber(int v) { displayNumber = v; return this; }
    public Builder coordinates(Coordinates v) { coordinates = v; return this; }
    public Builder safetyChecks(SafetyCheckHandler v) { safetyChecks = v; return this; }
    public Builder extraInstructions(String v) { extraInstructions = v; return this; }
    public Builder sleeper(Sleeper v) { sleeper = v; return this; }
    public Builder clock(Clock v) { clock = v; return this; }

    public ProviderConfig build() {
      return new ProviderConfig(
          connectTimeout, requestTimeout, maxRetries, initialBackoff, maxBackoff, maxRetryAfter,
          maxReasks, maxOutputTokens, keepScreenshots, Optional.ofNullable(imageBudget), openAiTool,
          openAiHistory, anthropicTool, anthropicZoom, displayNumber, coordinates, safetyChecks, extraInstructions,
          sleeper, clock);
    }
  }
}
