package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that cannot be read is one {@link ConfigException} line naming it and why, for a command
 * line to print as it is; a file that can is read like text.
 */
class LeveeConfigFileTest {
  @TempDir Path dir;

  /** The exception's message, checked to be the one line and the one problem. */
  private static String oneLine(ConfigException e) {
    assertThat(e.getMessage()).doesNotContain("\n");
    assertThat(e.problems()).containsExactly(e.getMessage());
    return e.getMessage();
  }

  private static ConfigException loading(Path file) {
    return catchThrowableOfType(ConfigException.class, () -> LeveeConfig.load(file));
  }

  @Test
  void aMissingFileIsOneLine() {
    Path file = dir.resolve("levee.yaml");
    assertThat(oneLine(loading(file))).isEqualTo(file + ": no such file");
  }

  @Test
  void aDirectoryIsOneLine() {
    assertThat(oneLine(loading(dir))).isEqualTo(dir + ": a directory, not a file");
  }

  @Test
  void aPathThroughAFileIsOneLine() throws IOException {
    Path file = Files.writeString(dir.resolve("levee.yaml"), "");
    assertThat(oneLine(loading(file.resolve("levee.yaml"))))
        .isEqualTo(file.resolve("levee.yaml") + ": cannot read (not a directory)");
  }

  @Test
  void anUnreadableFileIsOneLine() throws IOException {
    Path file = Files.writeString(dir.resolve("levee.yaml"), "logging: { level: info }\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(file), "the user reads any file (root): nothing to refuse");
    assertThat(oneLine(loading(file))).isEqualTo(file + ": cannot read (permission denied)");
  }

  @Test
  void bytesThatAreNotUtf8AreOneLineNamingTheFirst() throws IOException {
    byte[] good = "metrics:\n  path: /m".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = Arrays.copyOf(good, good.length + 2);
    bytes[good.length] = (byte) 0xff;
    bytes[good.length + 1] = '\n';
    Path file = Files.write(dir.resolve("levee.yaml"), bytes);
    assertThat(oneLine(loading(file)))
        .isEqualTo(file + ": not UTF-8 (invalid byte 0xFF at offset 19, line 2)");
  }

  @Test
  void aCharacterCutShortAtTheEndIsNotUtf8() throws IOException {
    byte[] e = "é".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = {'#', ' ', e[0]};
    Path file = Files.write(dir.resolve("levee.yaml"), bytes);
    assertThat(oneLine(loading(file)))
        .isEqualTo(file + ": not UTF-8 (invalid byte 0xC3 at offset 2, line 1)");
  }

  @Test
  void aFileLargerThanAnyConfigurationIsOneLine() throws IOException {
    Path file = Files.write(dir.resolve("levee.yaml"), new byte[(1 << 20) + 1]);
    assertThat(oneLine(loading(file)))
        .isEqualTo(file + ": larger than 1048576 bytes; a configuration file is far smaller");
  }

  @Test
  void aReadableFileIsReadAndItsProblemsNameIt() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("levee.yaml"), "\uFEFFresilience: { bulkhead: { max_wait: 5s } }\n");
    assertThat(LeveeConfig.load(file).bulkheadDefaults().maxWait())
        .as("a byte-order mark is allowed")
        .isEqualTo(Duration.ofSeconds(5));
    Files.writeString(file, "logging: { format: xml }\n");
    assertThat(loading(file))
        .hasMessage(
            "invalid configuration "
                + file
                + " (1 problem):\n  logging.format: must be one of [console, json], was \"xml\"");
  }

  @Test
  void aStreamThatIsNotUtf8IsOneLine() {
    byte[] bytes = {'a', ':', ' ', (byte) 0xc0, (byte) 0x80};
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> LeveeConfig.load(new ByteArrayInputStream(bytes)));
    assertThat(oneLine(e)).isEqualTo("<stream>: not UTF-8 (invalid byte 0xC0 at offset 3, line 1)");
  }
}
