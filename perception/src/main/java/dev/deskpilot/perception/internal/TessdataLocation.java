package dev.deskpilot.perception.internal;

import dev.deskpilot.perception.OcrException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Where Tesseract's trained data lives on this machine. */
public final class TessdataLocation {
  /** Debian/Ubuntu package locations, newest first. */
  static final List<Path> SYSTEM_DIRS =
      List.of(Path.of("/usr/share/tesseract-ocr/5/tessdata"), Path.of("/usr/share/tesseract-ocr/4.00/tessdata"));

  private TessdataLocation() {}

  /**
   * The first directory holding {@code <lang>.traineddata}: {@code $TESSDATA_PREFIX} (the directory
   * itself or its {@code tessdata} child), then the Debian package directories.
   *
   * @param env the environment, e.g. {@code System::getenv}
   * @throws OcrException naming every directory tried when none holds the language
   */
  public static Path find(String lang, Function<String, String> env) {
    List<Path> tried = candidates(env);
    for (Path dir : tried) {
      if (Files.isRegularFile(dir.resolve(lang + ".traineddata"))) {
        return dir;
      }
    }
    throw new OcrException(
        "tessdata for '" + lang + "' not found in " + tried + ": install tesseract-ocr-" + lang);
  }

  static List<Path> candidates(Function<String, String> env) {
    List<Path> dirs = new ArrayList<>();
    String prefix = env.apply("TESSDATA_PREFIX");
    if (prefix != null && !prefix.isBlank()) {
      Path p = Path.of(prefix.strip());
      dirs.add(p);
      dirs.add(p.resolve("tessdata"));
    }
    dirs.addAll(SYSTEM_DIRS);
    return dirs;
  }
}
