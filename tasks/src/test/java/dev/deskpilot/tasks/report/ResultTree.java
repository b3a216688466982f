package dev.deskpilot.tasks.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import javax.imageio.ImageIO;

/** Writes result folders in OSWorld's layout for tests, file by file as a run would. */
final class ResultTree {
  private final Path root;
  private final String model;

  ResultTree(Path root, String model) {
    this.root = root;
    this.model = model;
  }

  Path root() {
    return root;
  }

  Task task(String domain, String id) {
    Path dir = root.resolve("computer_13").resolve("screenshot").resolve(model).resolve(domain).resolve(id);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Task(dir);
  }

  static final class Task {
    final Path dir;
    private Instant at = Instant.parse("2026-11-20T10:00:00Z");

    Task(Path dir) {
      this.dir = dir;
    }

    Task startedAt(Instant t) {
      at = t;
      return this;
    }

    Task log(String line) {
      append("runtime.log", at + " " + line + "\n");
      at = at.plusSeconds(1);
      return this;
    }

    Task environment() {
      return log("environment sandbox sb-1 on :0 (1920x1080, openbox, guest http://127.0.0.1:1) (attempt 1)");
    }

    /** One step: its steps.jsonl line, its traj.jsonl lines (one per action) and its after-screen. */
    Task step(int n, String thoughtJson, String... actionsJson) {
      String ts = "20261120@1000" + String.format("%02d", n);
      String png = "step_" + n + "_" + ts + ".png";
      StringBuilder results = new StringBuilder();
      for (int i = 0; i < actionsJson.length; i++) {
        results.append(i == 0 ? "" : ",").append("{\"ok\":true,\"error\":\"\",\"millis\":20}");
      }
      append("steps.jsonl", "{\"index\":" + n + ",\"started_at\":\"" + at + "\",\"thought\":" + thoughtJson
          + ",\"actions\":[" + String.join(",", actionsJson) + "],\"results\":[" + results
          + "],\"timings\":{\"capture_ms\":120,\"perceive_ms\":" + (100 * n) + ",\"decide_ms\":900,\"act_ms\":40},"
          + "\"screen_text\":\"\",\"usage\":{\"input_tokens\":" + (1500 + n) + ",\"output_tokens\":80,"
          + "\"cache_read_tokens\":0,\"cache_write_tokens\":0,\"calls\":1},\"cost_usd\":0.0125}\n");
      for (String a : actionsJson) {
        append("traj.jsonl", "{\"step_num\":" + n + ",\"action_timestamp\":\"" + ts + "\",\"action\":" + a
            + ",\"response\":" + thoughtJson + ",\"reward\":0.0,\"done\":false,\"info\":{},\"screenshot_file\":\"" + png + "\"}\n");
      }
      screen(png, n);
      at = at.plusSeconds(2);
      return this;
    }

    Task finish(double score, String reason) {
      write("score.json", "{\"score\":" + score + ",\"reason\":\"" + reason + "\",\"funcs\":[{\"func\":\"exact_match\","
          + "\"pointer\":\"/evaluator/func\",\"value\":" + score + ",\"result\":\"text a\",\"expected\":\"text b\",\"note\":\"\"}]}\n");
      write("result.txt", score + "\n");
      return this;
    }

    Task error(String text) {
      write("error.txt", text + "\n");
      return this;
    }

    Task raw(String file, String text) {
      append(file, text);
      return this;
    }

    /**
     * A plain desktop-like frame drawn pixel by pixel (no AWT graphics: tests run without a
     * display), at half the 1920x1080 screen the log names, as a scaled capture would be: the
     * report must still put marks where the screen coordinates point.
     */
    private void screen(String name, int n) {
      int w = 960;
      int h = 540;
      int[] px = new int[w * h];
      java.util.Arrays.fill(px, 0xe8ecf2);
      fill(px, w, 0, 0, w, 20, 0x3a4a6b);
      fill(px, w, 200, 100, 550, 325, 0xffffff);
      fill(px, w, 200, 100, 550, 18, 0xd0d6e0);
      for (int i = 0; i < n; i++) {
        fill(px, w, 230 + i * 60, 150, 45, 30, 0x5b84ee);
      }
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      img.setRGB(0, 0, w, h, px, 0, w);
      try {
        ImageIO.write(img, "png", dir.resolve(name).toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void fill(int[] px, int stride, int x, int y, int w, int h, int rgb) {
      for (int j = y; j < y + h; j++) {
        java.util.Arrays.fill(px, j * stride + x, j * stride + x + w, rgb);
      }
    }

    private void append(String file, String text) {
      try {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void write(String file, String text) {
      try {
        Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** JSON string literal of s. */
  static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
