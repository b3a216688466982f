package dev.deskpilot.agent.provider.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.deskpilot.agent.provider.Sleeper;
import dev.deskpilot.perception.Observation;
import dev.deskpilot.perception.ScreenMapping;
import dev.deskpilot.perception.Screenshot;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/** Test fixtures shared by the provider tests: screens, golden files, request normalising. */
public final class Fixtures {
  public static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** A screen of the given size with some structure drawn on it (identity mapping). */
  public static Observation screen(int width, int height) {
    return screen(width, height, ScreenMapping.IDENTITY);
  }

  public static Observation screen(int width, int height, ScreenMapping mapping) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] px = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        boolean inner = x >= width / 4 && x < width / 4 + width / 2 && y >= height / 4 && y < height / 4 + height / 2;
        px[y * width + x] = inner ? 0x0000ff : 0xffffff;
      }
    }
    img.setRGB(0, 0, width, height, px, 0, width);
    return new Observation(
        new Screenshot(img, mapping, Instant.parse("2026-01-01T00:00:00Z")), List.of(), List.of(), "");
  }

  /** A golden reply from {@code src/test/resources/providers/}. */
  public static String golden(String path) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/providers/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file providers/" + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A request body with every PNG (data URLs and Anthropic base64 sources) decoded and replaced by
   * {@code <png WxH>}, so that whole requests can be compared with expected JSON.
   */
  public static JsonNode normalised(String body) {
    JsonNode root = tree(body);
    replacePngs(root);
    return root;
  }

  private static void replacePngs(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if ("base64".equals(o.path("type").asText()) && "image/png".equals(o.path("media_type").asText())) {
        o.put("data", describePng(o.get("data").asText()));
      }
      List<String> keys = new ArrayList<>();
      o.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        JsonNode v = o.get(k);
        if (v.isTextual() && v.textValue().startsWith("data:image/png;base64,")) {
          o.set(k, new TextNode("data:image/png;base64," + describePng(v.textValue().substring(22))));
        } else {
          replacePngs(v);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (JsonNode v : a) {
        replacePngs(v);
      }
    }
  }

  /** Decodes base64 PNG and returns {@code <png WxH>}. */
  public static String describePng(String base64) {
    try {
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
      if (img == null) {
        throw new AssertionError("not a PNG: " + base64.substring(0, Math.min(20, base64.length())));
      }
      return "<png " + img.getWidth() + "x" + img.getHeight() + ">";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records the waits asked for instead of sleeping. */
  public static final class RecordingSleeper implements Sleeper {
    public final List<Duration> waits = new ArrayList<>();

    @Override
    public void sleep(Duration d) {
      waits.add(d);
    }
  }
}
