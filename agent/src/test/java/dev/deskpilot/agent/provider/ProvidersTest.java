package dev.deskpilot.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.agent.provider.ProviderConfig.AnthropicTool;
import dev.deskpilot.agent.provider.ProviderConfig.Coordinates;
import dev.deskpilot.agent.provider.anthropic.AnthropicPolicy;
import dev.deskpilot.agent.provider.openai.OpenAiPolicy;
import dev.deskpilot.agent.provider.openaicompat.CompatPolicy;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProvidersTest {
  private static final Map<String, String> ENV = Map.of(
      "OPENAI_API_KEY", "sk-openai-secret-1", "ANTHROPIC_API_KEY", "sk-ant-secret-2", "PATH", "/usr/bin");

  @Test
  void createsThePolicyOfEachProvider() {
    ProviderConfig c = ProviderConfig.defaults();
    try (ProviderPolicy p = Providers.create(ModelSpec.parse("openai:computer-use-preview"), c, ENV)) {
      assertThat(p).isInstanceOf(OpenAiPolicy.class);
      assertThat(((OpenAiPolicy) p).gaTool()).isFalse();
      assertThat(p.name()).isEqualTo("openai-computer-use-preview");
    }
    try (ProviderPolicy p = Providers.create(ModelSpec.parse("openai:gpt-5.4"), c, ENV)) {
      assertThat(((OpenAiPolicy) p).gaTool()).isTrue();
    }
    try (ProviderPolicy p = Providers.create(ModelSpec.parse("anthropic:claude-sonnet-4-5"), c, ENV)) {
      assertThat(((AnthropicPolicy) p).tool()).isEqualTo(AnthropicTool.COMPUTER_20250124);
    }
    try (ProviderPolicy p = Providers.create(ModelSpec.parse("anthropic:claude-opus-4-5"), c, ENV)) {
      assertThat(((AnthropicPolicy) p).tool()).isEqualTo(AnthropicTool.COMPUTER_20251124);
    }
    try (ProviderPolicy p = Providers.create(
        ModelSpec.parse("openai-compat:http://localhost:11434/v1#qwen2.5vl"), c, ENV)) {
      assertThat(p).isInstanceOf(CompatPolicy.class);
      assertThat(p.totalUsage()).isEqualTo(Usage.ZERO);
    }
  }

  @Test
  void toolChoicesCanBeOverridden() {
    ProviderConfig c = ProviderConfig.builder()
        .openAiTool(ProviderConfig.OpenAiTool.PREVIEW)
        .anthropicTool(AnthropicTool.COMPUTER_20251124).build();
    try (ProviderPolicy p = Providers.create(ModelSpec.parse("openai:gpt-5.4"), c, ENV)) {
      assertThat(((OpenAiPolicy) p).gaTool()).isFalse();
    }
    try (ProviderPolicy p = Providers.create(ModelSpec.parse("anthropic:claude-sonnet-4-5"), c, ENV)) {
      assertThat(((AnthropicPolicy) p).tool()).isEqualTo(AnthropicTool.COMPUTER_20251124);
    }
  }

  @Test
  void pickTheAnthropicToolByModelFamily() {
    for (String older : new String[] {"claude-3-7-sonnet-20250219", "claude-3-7-sonnet-latest",
        "claude-sonnet-4-20250514", "claude-sonnet-4-0", "claude-opus-4-1", "claude-opus-4-1-20250805",
        "claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "claude-haiku-4-5-20251001"}) {
      assertThat(AnthropicPolicy.toolFor(older, AnthropicTool.AUTO)).as(older).isEqualTo(AnthropicTool.COMPUTER_20250124);
    }
    for (String newer : new String[] {"claude-opus-4-5", "claude-opus-4-5-20251101", "claude-opus-4-6",
        "claude-sonnet-4-6", "some-future-model"}) {
      assertThat(AnthropicPolicy.toolFor(newer, AnthropicTool.AUTO)).as(newer).isEqualTo(AnthropicTool.COMPUTER_20251124);
    }
  }

  @Test
  void aMissingKeyNamesTheVariable() {
    assertThatThrownBy(() -> Providers.create(
            ModelSpec.parse("anthropic:claude-sonnet-4-5"), ProviderConfig.defaults(), Map.of("OPENAI_API_KEY", "x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ANTHROPIC_API_KEY is not set");
    assertThatThrownBy(() -> Providers.create(
            ModelSpec.parse("openai:gpt-5.4"), ProviderConfig.defaults(), Map.of("OPENAI_API_KEY", "  ")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("OPENAI_API_KEY is not set");
    assertThatThrownBy(() -> Providers.create(
            ModelSpec.parse("openai:gpt-5.4"), ProviderConfig.defaults(), Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("OPENAI_API_KEY is not set");
  }

  @Test
  void aKeyThatCannotBeAHeaderIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> Providers.create(ModelSpec.parse("openai:gpt-5.4"), ProviderConfig.defaults(),
            Map.of("OPENAI_API_KEY", "sk-abc def")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("OPENAI_API_KEY is not a usable API key")
        .hasMessageNotContaining("sk-abc");
  }

  @Test
  void openAiCompatNeedsNoKey() {
    try (ProviderPolicy p = Providers.create(
        ModelSpec.parse("openai-compat:http://localhost:8000/v1#ui-tars"), ProviderConfig.defaults(), Map.of())) {
      assertThat(p.spec().model()).isEqualTo("ui-tars");
    }
  }

  @Test
  void setOfMarksIsRefusedWithAClearError() {
    ProviderConfig c = ProviderConfig.builder().coordinates(Coordinates.SET_OF_MARKS).build();
    assertThatThrownBy(() -> Providers.create(
            ModelSpec.parse("openai-compat:http://localhost:8000/v1#qwen"), c, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("set-of-marks")
        .hasMessageContaining("UI_TARS_ABSOLUTE_SMART_RESIZE");
  }

  @Test
  void configRefusesNonsense() {
    assertThatThrownBy(() -> ProviderConfig.builder().maxRetries(-1).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRetries");
    assertThatThrownBy(() -> ProviderConfig.builder().keepScreenshots(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keepScreenshots");
    assertThatThrownBy(() -> ProviderConfig.builder().requestTimeout(java.time.Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("requestTimeout");
    ProviderConfig c = ProviderConfig.builder().maxReasks(1).build();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }
}
