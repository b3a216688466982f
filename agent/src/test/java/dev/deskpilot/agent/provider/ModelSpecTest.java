package dev.deskpilot.agent.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.agent.provider.ModelSpec.Provider;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  @Test
  void parsesTheThreeForms() {
    ModelSpec preview = ModelSpec.parse("openai:computer-use-preview");
    assertThat(preview.provider()).isEqualTo(Provider.OPENAI);
    assertThat(preview.model()).isEqualTo("computer-use-preview");
    assertThat(preview.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));

    assertThat(ModelSpec.parse("openai:gpt-5.4").model()).isEqualTo("gpt-5.4");

    ModelSpec claude = ModelSpec.parse(" anthropic:claude-sonnet-4-5 ");
    assertThat(claude.provider()).isEqualTo(Provider.ANTHROPIC);
    assertThat(claude.model()).isEqualTo("claude-sonnet-4-5");
    assertThat(claude.baseUrl()).isEqualTo(URI.create("https://api.anthropic.com/v1"));

    ModelSpec local = ModelSpec.parse("openai-compat:http://localhost:11434/v1#qwen2.5vl");
    assertThat(local.provider()).isEqualTo(Provider.OPENAI_COMPAT);
    assertThat(local.model()).isEqualTo("qwen2.5vl");
    assertThat(local.baseUrl()).isEqualTo(URI.create("http://localhost:11434/v1"));

    ModelSpec router = ModelSpec.parse("openai-compat:https://openrouter.ai/api/v1/#bytedance/ui-tars-1.5-7b");
    assertThat(router.baseUrl()).isEqualTo(URI.create("https://openrouter.ai/api/v1"));
    assertThat(router.model()).isEqualTo("bytedance/ui-tars-1.5-7b");
    assertThat(router.pathSafeName()).isEqualTo("bytedance_ui-tars-1.5-7b");
  }

  @Test
  void printsTheFormItParses() {
    for (String s : new String[] {
        "openai:gpt-5.4", "anthropic:claude-opus-4-5", "openai-compat:http://127.0.0.1:8000/v1#ui-tars"}) {
      assertThat(ModelSpec.parse(s).toString()).isEqualTo(s);
      assertThat(ModelSpec.parse(ModelSpec.parse(s).toString())).isEqualTo(ModelSpec.parse(s));
    }
  }

  @Test
  void anUnknownPrefixIsOneLineListingTheValidForms() {
    assertThatThrownBy(() -> ModelSpec.parse("gemini:gemini-2.5-pro"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown model spec 'gemini:gemini-2.5-pro'; expected openai:<model>")
        .hasMessageContaining("anthropic:<model>")
        .hasMessageContaining("openai-compat:<base-url>#<model>")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> ModelSpec.parse("gpt-5.4")).hasMessageStartingWith("unknown model spec 'gpt-5.4'");
    assertThatThrownBy(() -> ModelSpec.parse("")).hasMessageStartingWith("empty model spec");
  }

  @Test
  void refusesIncompleteSpecs() {
    assertThatThrownBy(() -> ModelSpec.parse("openai:"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no model");
    assertThatThrownBy(() -> ModelSpec.parse("openai-compat:http://localhost:11434/v1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<base-url>#<model>");
    assertThatThrownBy(() -> ModelSpec.parse("openai-compat:ftp://x/v1#m"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an http(s) URL");
    assertThatThrownBy(() -> ModelSpec.parse("openai-compat:http://user:pw@host/v1#m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not carry user info")
        .hasMessageNotContaining("pw");
  }

  @Test
  void baseUrlCanBeRedirected() {
    ModelSpec s = ModelSpec.parse("anthropic:claude-sonnet-4-5").withBaseUrl(URI.create("http://127.0.0.1:9/v1"));
    assertThat(s.baseUrl().getPort()).isEqualTo(9);
    assertThat(s.toString()).isEqualTo("anthropic:claude-sonnet-4-5");
  }
}
