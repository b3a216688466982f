package dev.deskpilot.agent.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskpilot.agent.provider.ModelSpec;
import dev.deskpilot.agent.provider.Usage;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetTest {
  private static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int[] px = new int[w * h];
    Arrays.fill(px, rgb);
    img.setRGB(0, 0, w, h, px, 0, w);
    return img;
  }

  @Test
  void theDocumentedImageFormulas() {
    assertThat(RequestTokens.anthropicImage(1366, 768)).isEqualTo(1399); // 1,049,088 / 750
    assertThat(RequestTokens.anthropicImage(1920, 1080)).isEqualTo(2765);
    // 1280x720 fits 768 on the short side already: 3 x 2 tiles
    assertThat(RequestTokens.openAiImage(1280, 720, "")).isEqualTo(85 + 170 * 6);
    // 1920x1080 -> 1365x768: 3 x 2 tiles; with detail original 4 x 3 tiles
    assertThat(RequestTokens.openAiImage(1920, 1080, "high")).isEqualTo(85 + 170 * 6);
    assertThat(RequestTokens.openAiImage(1920, 1080, "original")).isEqualTo(85 + 170 * 12);
    assertThat(RequestTokens.openAiImage(4000, 4000, "low")).isEqualTo(85);
    assertThat(RequestTokens.patchImage(1932, 1092)).isEqualTo(69 * 39);
    assertThat(RequestTokens.text(9)).isEqualTo(3);
  }

  @Test
  void aRequestBodyIsEstimatedFromItsImagesAndText() throws Exception {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(solid(1366, 768, 0x123456), "png", png);
    String b64 = Base64.getEncoder().encodeToString(png.toByteArray());
    String body = """
        {"model":"claude-sonnet-4-5","system":[{"type":"text","text":"12345678"}],
         "messages":[{"role":"user","content":[{"type":"text","text":"1234"},
           {"type":"image","source":{"type":"base64","media_type":"image/png","data":"%s"}}]}]}""".formatted(b64);
    RequestTokens.Estimate e = RequestTokens.estimate(ModelSpec.Provider.ANTHROPIC, new ObjectMapper().readTree(body));
    assertThat(e.images()).isEqualTo(1);
    assertThat(e.imageTokens()).isEqualTo(1399);
    assertThat(e.textTokens()).isEqualTo(3); // "12345678" + "1234" = 12 chars; "base64" is an identifier too
  }

  @Test
  void pricesByLongestPrefixAndTheProvidersCacheAccounting() {
    PriceTable t = PriceTable.defaults();
    ModelSpec sonnet = ModelSpec.parse("anthropic:claude-sonnet-4-5-20250929");
    assertThat(t.find(sonnet)).contains(new Price(3, 15, 0.30, 3.75));
    assertThat(t.find(ModelSpec.parse("openai:gpt-5.4-mini"))).contains(new Price(0.75, 4.50, 0.075, 0));
    assertThat(t.find(ModelSpec.parse("openai:gpt-4o"))).isEmpty();
    // Anthropic: cache reads apart from input; 1M input + 1M cache read + 1M output
    assertThat(PriceTable.cost(ModelSpec.Provider.ANTHROPIC, new Price(3, 15, 0.3, 3.75),
        new Usage(1_000_000, 1_000_000, 1_000_000, 0, 1))).isCloseTo(3 + 15 + 0.3, within(1e-9));
    // OpenAI: cached tokens are inside the input count
    assertThat(PriceTable.cost(ModelSpec.Provider.OPENAI, new Price(2.5, 15, 0.25, 0),
        new Usage(1_000_000, 0, 400_000, 0, 1))).isCloseTo(0.6 * 2.5 + 0.4 * 0.25, within(1e-9));
  }

  @Test
  void aPriceFileAddsModels(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("prices.json");
    Files.writeString(f, "{\"openai-compat:ui-tars\": {\"input\": 0, \"output\": 0}}");
    Budget b = Budget.maxCost(2).withPrices(PriceTable.read(f));
    assertThat(b.prices().find(ModelSpec.parse("openai-compat:http://h/v1#ui-tars-1.5-7b"))).contains(Price.FREE);
    Files.writeString(f, "{\"ui-tars\": {\"input\": 0, \"output\": 0}}");
    assertThatThrownBy(() -> PriceTable.read(f)).hasMessageContaining("is not <provider>:<model prefix>");
    Files.writeString(f, "{\"openai:x\": {\"input\": -1, \"output\": 0}}");
    assertThatThrownBy(() -> PriceTable.read(f)).hasMessage(f + ": \"openai:x\": input price must be a finite number >= 0 (USD per million tokens), was -1.0");
    assertThatThrownBy(() -> Budget.maxCost(0)).hasMessageContaining("positive");
  }

  @Test
  void theSameScreenIsRecognisedAndOneTypedCharacterIsAChange() {
    BufferedImage a = solid(1920, 1080, 0xffffff);
    BufferedImage b = solid(1920, 1080, 0xffffff);
    assertThat(FrameFingerprint.of(a).sameScreen(FrameFingerprint.of(b))).isTrue();
    // a blinking text cursor: 2x16 px
    for (int y = 500; y < 516; y++) {
      b.setRGB(700, y, 0);
      b.setRGB(701, y, 0);
    }
    assertThat(FrameFingerprint.of(a).sameScreen(FrameFingerprint.of(b))).isTrue();
    // a typed letter: about 8x12 px, 50 of them dark
    int dark = 0;
    for (int y = 300; y < 312 && dark < 50; y++) {
      for (int x = 900; x < 908 && dark < 50; x += (y % 2 == 0 ? 1 : 2)) {
        b.setRGB(x, y, 0);
        dark++;
      }
    }
    assertThat(FrameFingerprint.of(a).sameScreen(FrameFingerprint.of(b))).isFalse();
    assertThat(FrameFingerprint.of(a).sameScreen(FrameFingerprint.of(solid(1280, 800, 0xffffff)))).isFalse();
  }
}
