package dev.deskpilot.perception.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskpilot.perception.OcrException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TessdataLocationTest {
  @Test
  void prefersTessdataPrefixItselfOrItsTessdataChild(@TempDir Path prefix) throws IOException {
    Path child = Files.createDirectories(prefix.resolve("tessdata"));
    Files.writeString(child.resolve("xyz.traineddata"), "not a model");
    assertThat(TessdataLocation.find("xyz", Map.of("TESSDATA_PREFIX", prefix.toString())::get)).isEqualTo(child);
    Files.writeString(prefix.resolve("xyz.traineddata"), "not a model");
    assertThat(TessdataLocation.find("xyz", Map.of("TESSDATA_PREFIX", prefix.toString())::get)).isEqualTo(prefix);
  }

  @Test
  void missingLanguageListsEveryDirectoryTriedAndThePackageToInstall(@TempDir Path prefix) {
    assertThatThrownBy(() -> TessdataLocation.find("qqq", Map.of("TESSDATA_PREFIX", prefix.toString())::get))
        .isInstanceOf(OcrException.class)
        .hasMessage(
            "tessdata for 'qqq' not found in ["
                + prefix
                + ", "
                + prefix.resolve("tessdata")
                + ", /usr/share/tesseract-ocr/5/tessdata, /usr/share/tesseract-ocr/4.00/tessdata]"
                + ": install tesseract-ocr-qqq");
  }

  @Test
  void withoutPrefixSearchesTheDebianDirectories() {
    assertThat(TessdataLocation.candidates(Map.<String, String>of()::get)).isEqualTo(TessdataLocation.SYSTEM_DIRS);
  }
}
