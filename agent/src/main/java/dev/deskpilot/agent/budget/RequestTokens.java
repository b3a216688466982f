package dev.deskpilot.agent.budget;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskpilot.agent.provider.ModelSpec;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Estimates the prompt tokens of a model request body without sending it, by the providers'
 * documented image formulas and about four characters a token for text:
 *
 * <ul>
 *   <li>Anthropic: an image costs {@code width * height / 750} tokens;
 *   <li>OpenAI: {@code detail: low} 85; otherwise the image is fitted into 2048x2048 and (except for
 *       {@code detail: original}) its shorter side scaled down to 768, then cut in 512-pixel tiles:
 *       {@code 85 + 170 * tiles};
 *   <li>OpenAI-compatible (Qwen2.5-VL / UI-TARS): one token per 28x28 patch.
 * </ul>
 *
 * Text is every string of the body except image payloads and identifiers ({@code type}, {@code
 * id}, {@code role}, ...), at {@value #CHARS_PER_TOKEN} characters a token. Tool schemas a
 * provider adds on its side are not counted. For comparing request shapes, not for billing.
 */
public final class RequestTokens {
  static final int CHARS_PER_TOKEN = 4;
  private static final Set<String> NOT_TEXT = Set.of(
      "type", "id", "call_id", "tool_use_id", "role", "model", "media_type", "detail", "status",
      "previous_response_id", "truncation", "environment", "name", "signature");

  private RequestTokens() {}

  /**
   * The estimate of one request.
   *
   * @param imageTokens tokens of its images
   * @param textTokens tokens of its text
   * @param images how many images it carries
   */
  public record Estimate(long imageTokens, long textTokens, int images) {
    public long total() {
      return imageTokens + textTokens;
    }
  }

  /** Estimates a request body of {@code provider}'s API. */
  public static Estimate estimate(ModelSpec.Provider provider, JsonNode body) {
    long[] acc = new long[3];
    walk(provider, body, null, acc);
    return new Estimate(acc[0], text(acc[1]), (int) acc[2]);
  }

  private static void walk(ModelSpec.Provider provider, JsonNode node, String field, long[] acc) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      String detail = node.path("detail").asText("");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode v = e.getValue();
        if (v.isTextual() && isImage(v.textValue())) {
          int[] wh = pngSize(v.textValue());
          acc[0] += imageTokens(provider, wh[0], wh[1], detail);
          acc[2]++;
        } else {
          walk(provider, v, e.getKey(), acc);
        }
      }
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        walk(provider, n, field, acc);
      }
    } else if (node.isTextual() && (field == null || !NOT_TEXT.contains(field))) {
      acc[1] += node.textValue().length();
    } else if (node.isNumber()) {
      acc[1] += node.asText().length();
    }
  }

  private static boolean isImage(String s) {
    return s.startsWith("data:image/") || (s.length() > 64 && s.startsWith("iVBORw0KGgo"));
  }

  /** Width and height of a PNG given as base64 or a data URL, read from its IHDR chunk. */
  static int[] pngSize(String s) {
    String b64 = s.startsWith("data:") ? s.substring(s.indexOf(',') + 1) : s;
    byte[] head = Base64.getDecoder().decode(b64.substring(0, Math.min(b64.length(), 32)));
    if (head.length < 24 || (head[1] != 'P' || head[2] != 'N' || head[3] != 'G')) {
      throw new IllegalArgumentException("an image payload that is not a PNG");
    }
    int w = ((head[16] & 0xff) << 24) | ((head[17] & 0xff) << 16) | ((head[18] & 0xff) << 8) | (head[19] & 0xff);
    int h = ((head[20] & 0xff) << 24) | ((head[21] & 0xff) << 16) | ((head[22] & 0xff) << 8) | (head[23] & 0xff);
    return new int[] {w, h};
  }

  /** Tokens of one {@code width x height} image sent to {@code provider}. */
  public static long imageTokens(ModelSpec.Provider provider, int width, int height, String detail) {
    return switch (provider) {
      case ANTHROPIC -> anthropicImage(width, height);
      case OPENAI -> openAiImage(width, height, detail);
      case OPENAI_COMPAT -> patchImage(width, height);
    };
  }

  /** Anthropic: {@code ceil(width * height / 750)}. */
  public static long anthropicImage(int width, int height) {
    return ceilDiv((long) width * height, 750);
  }

  /** OpenAI's tile formula (see the class comment). */
  public static long openAiImage(int width, int height, String detail) {
    if ("low".equals(detail)) {
      return 85;
    }
    double w = width;
    double h = height;
    double fit = Math.min(1, 2048 / Math.max(w, h));
    w *= fit;
    h *= fit;
    if (!"original".equals(detail)) {
      double shrink = Math.min(1, 768 / Math.min(w, h));
      w *= shrink;
      h *= shrink;
    }
    long tiles = (long) Math.ceil(w / 512) * (long) Math.ceil(h / 512);
    return 85 + 170 * tiles;
  }

  /** Qwen2.5-VL and UI-TARS: one token per 28x28 patch. */
  public static long patchImage(int width, int height) {
    return ceilDiv(width, 28) * ceilDiv(height, 28);
  }

  /** Text at {@value #CHARS_PER_TOKEN} characters a token. */
  public static long text(long chars) {
    return ceilDiv(chars, CHARS_PER_TOKEN);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
