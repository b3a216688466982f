package dev.deskpilot.tasks.internal;

import dev.deskpilot.tasks.EvaluationRegistry;
import dev.deskpilot.tasks.Metric;
import dev.deskpilot.tasks.MetricCall;
import dev.deskpilot.tasks.MetricInput;
import dev.deskpilot.tasks.Value;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** OSWorld's {@code compare_archive} ({@code metrics/chrome.py}) for zip archives. */
public final class ArchiveMetrics {
  private ArchiveMetrics() {}

  /**
   * {@code compare_archive(pred, gold, file_path='', file_type='text', **kwargs)}: both zips
   * unpacked next to themselves ({@code <name>_pred}, {@code <name>_gold}); the sorted file names
   * in {@code file_path} must be equal, then each pair is scored by the metric for
   * {@code file_type} (text, pdf, docx, ppt, image, csv, table) with the remaining options, and
   * the mean is returned. 0 when the prediction is None. Only zip archives are read (OSWorld's
   * {@code shutil.unpack_archive} also reads tar files).
   */
  public static double compareArchive(MetricInput in, EvaluationRegistry registry) throws IOException {
    Path pred = switch (in.result()) {
      case Value.LocalFile f -> f.path();
      case Value.Text t when !t.text().isEmpty() -> Path.of(t.text());
      default -> null;
    };
    if (pred == null) {
      return 0;
    }
    Path gold = ImageMetrics.file(in, in.requireExpected());
    ObjectNode options = in.options().deepCopy();
    String filePath = options.has("file_path") ? options.remove("file_path").asText() : "";
    String type = options.has("file_type") ? options.remove("file_type").asText() : "text";
    String func = switch (type) {
      case "text" -> "compare_text_file";
      case "pdf" -> "compare_pdfs";
      case "docx" -> "compare_docx_files";
      case "ppt" -> "compare_pptx_files";
      case "image" -> "compare_images";
      case "csv" -> "compare_csv";
      case "table" -> "compare_table";
      case "audio" -> "compare_audios";
      case "video" -> "compare_videos";
      default -> throw in.badOption("file_type", "not a supported file type '" + type + "' (OSWorld: ValueError)");
    };
    Metric metric = registry.metric(func).orElseThrow(() -> in.fail("needs " + func + " for file_type " + type + ", which is not implemented"));
    Path predDir = unpack(in, pred, "_pred", true);
    Path goldDir = unpack(in, gold, "_gold", false);
    List<String> predFiles = list(predDir.resolve(filePath));
    List<String> goldFiles = list(goldDir.resolve(filePath));
    if (!predFiles.equals(goldFiles)) {
      return 0;
    }
    if (predFiles.isEmpty()) {
      throw in.fail("found no files to compare (OSWorld: ZeroDivisionError)");
    }
    MetricCall call = new MetricCall(func, in.call().result(), in.call().expected(), options, in.call().pointer(), in.call().optionsPointer());
    double score = 0;
    for (int i = 0; i < predFiles.size(); i++) {
      Value a = new Value.LocalFile(predDir.resolve(filePath).resolve(predFiles.get(i)));
      Value b = new Value.LocalFile(goldDir.resolve(filePath).resolve(goldFiles.get(i)));
      score += metric.score(new MetricInput(in.task(), call, a, Optional.of(b)));
    }
    return score / predFiles.size();
  }

  private static List<String> list(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("no folder " + dir + " in the unpacked archive");
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static Path unpack(MetricInput in, Path archive, String suffix, boolean fresh) throws IOException {
    String name = archive.getFileName().toString();
    int dot = name.lastIndexOf('.');
    Path dir = archive.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + suffix);
    if (Files.isDirectory(dir) && !fresh) {
      return dir; // OSWorld reuses an unpacked gold folder
    }
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    Files.createDirectories(dir);
    try (ZipFile zip = new ZipFile(archive.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        Path target = dir.resolve(e.getName()).normalize();
        if (!target.startsWith(dir)) {
          throw in.fail("archive entry escapes its folder: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          try (InputStream is = zip.getInputStream(e)) {
            Files.copy(is, target);
          }
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw in.fail("cannot unpack " + archive + " as a zip archive (Deskpilot reads zip only): " + e.getMessage());
    }
    return dir;
  }
}
