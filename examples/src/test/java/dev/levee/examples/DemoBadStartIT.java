package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.levee.config.ConfigException;
import dev.levee.config.LeveeConfig;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a user can start the demo wrongly, as a separate process ({@code java -cp <test
 * classpath> dev.levee.examples.Demo ...}): exit status 2 within 5 s, stderr exactly the expected
 * line (an invalid configuration: its problems, one a line), nothing on stdout, no stack trace, no
 * hang. A busy port fails before anything heavy starts, so nothing is left running to keep the JVM
 * alive.
 */
@Timeout(180)
class DemoBadStartIT {
  /**
   * How long a bad start may take, the JVM's own start included. A bad start takes under a second
   * on a quiet machine (the test prints each time); a JVM on a loaded 2-core machine has taken 3 s
   * to start at all, while a start that brought up H2 and the Raft group before failing, or hung,
   * takes far longer.
   */
  private static final Duration BOUND = Duration.ofSeconds(5);

  @TempDir Path dir;

  private record Run(int exit, String stdout, List<String> stderr, Duration took) {}

  @Test
  void aBusyPortIsOneLine() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = busy.getLocalPort();
      assertBadStart(
          List.of("--port", Integer.toString(port)),
          "levee-demo: port " + port + " on 127.0.0.1 is in use");
    }
  }

  @Test
  void theConfiguredAddressAndPortAreUsedAndPortWins() throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        ServerSocket alsoBusy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path config =
          yaml(
              "levee.yaml",
              "health: { http: { bind_address: 127.0.0.1, port: " + busy.getLocalPort() + " } }");
      assertBadStart(
          List.of("--config", config.toString()),
          "levee-demo: port " + busy.getLocalPort() + " on 127.0.0.1 is in use");
      assertBadStart(
          List.of("--config", config.toString(), "--port", "" + alsoBusy.getLocalPort()),
          "levee-demo: port " + alsoBusy.getLocalPort() + " on 127.0.0.1 is in use");
    }
  }

  @Test
  void anAddressNotOfThisMachineIsOneLine() throws Exception {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    Path config = yaml("levee.yaml", "health: { http: { bind_address: 192.0.2.1, port: 0 } }");
    assertBadStartMatching(
        List.of("--config", config.toString()),
        Pattern.compile("levee-demo: cannot listen on 192\\.0\\.2\\.1:0: \\S.*"));
  }

  @Test
  void aPortOutOfRangeOrNotANumberIsOneLine() throws Exception {
    assertBadStart(
        List.of("--port", "99999"), "levee-demo: --port must be in [0, 65535], was 99999");
    assertBadStart(List.of("--port", "-1"), "levee-demo: --port must be in [0, 65535], was -1");
    assertBadStart(
        List.of("--port", "abc"),
        "levee-demo: --port must be a whole number in [0, 65535], was \"abc\"");
  }

  @Test
  void badRateDurationUnknownFlagsAndMissingValuesAreOneLine() throws Exception {
    assertBadStart(List.of("--rate", "0"), "levee-demo: --rate must be in [1, 10000], was 0");
    assertBadStart(
        List.of("--rate", "fast"),
        "levee-demo: --rate must be a whole number in [1, 10000], was \"fast\"");
    assertBadStart(
        List.of("--duration", "soon"),
        "levee-demo: --duration must look like 500ms, 90s, 2m or 1h, was \"soon\"");
    assertBadStart(
        List.of("--duration", "0s"), "levee-demo: --duration must be more than 0, was 0s");
    assertBadStart(
        List.of("--chaos", "--frobnicate"),
        "levee-demo: unknown argument: --frobnicate (try --help)");
    assertBadStart(List.of("--port"), "levee-demo: --port needs a value (try --help)");
    assertBadStart(List.of("--config"), "levee-demo: --config needs a value (try --help)");
  }

  // The next three name the file and the reason; the wording is LeveeConfig's, which is changing
  // (UncheckedIOException to ConfigException), so they match the file and the reason, not a text.

  @Test
  void aMissingConfigFileIsOneLine() throws Exception {
    Path missing = dir.resolve("missing.yaml");
    assertBadStartMatching(
        List.of("--config", missing.toString()), fileLine(missing, "no such file"));
  }

  @Test
  void aDirectoryAsConfigFileIsOneLine() throws Exception {
    Path directory = Files.createDirectory(dir.resolve("conf.d"));
    assertBadStartMatching(
        List.of("--config", directory.toString()), fileLine(directory, "directory"));
  }

  @Test
  void anUnreadableConfigFileIsOneLine() throws Exception {
    Path file = yaml("secret.yaml", "logging: { level: info }");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeFalse(
        Files.isReadable(file),
        "this test runs as root (or on a file system without permissions): a file without read"
            + " permission can still be read, so the unreadable-file case cannot be shown here");
    assertBadStartMatching(
        List.of("--config", file.toString()), fileLine(file, "(permission|access) denied"));
  }

  @Test
  void aConfigFileNotInUtf8IsOneLine() throws Exception {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, "logging: { level: d\u00e9bug }\n".getBytes(StandardCharsets.ISO_8859_1));
    assertBadStartMatching(List.of("--config", file.toString()), fileLine(file, "not UTF-8"));
  }

  @Test
  void anInvalidConfigListsItsProblemsOneALineWithoutATrace() throws Exception {
    String text =
        "resilience:\n"
            + "  circuit_breaker: { failure_threshold: -1 }\n"
            + "health: { http: { port: 70000 } }\n"
            + "loging: { level: info }\n";
    Path file = yaml("invalid.yaml", text);
    String message;
    try {
      LeveeConfig.load(file.toString(), text, System.getenv(), new Properties());
      throw new AssertionError("the test's configuration should be invalid");
    } catch (ConfigException e) {
      message = e.getMessage();
      assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(3);
    }
    String[] expected = ("levee-demo: " + message).split("\n");
    assertThat(expected).hasSizeGreaterThanOrEqualTo(4);
    assertBadStart(List.of("--config", file.toString()), expected);
  }

  private static Pattern fileLine(Path file, String reason) {
    return Pattern.compile(
        "levee-demo: .*" + Pattern.quote(file.toString()) + ".*(?i:" + reason + ").*");
  }

  private Path yaml(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text + "\n");
    return file;
  }

  private void assertBadStart(List<String> args, String... lines) throws Exception {
    List<Pattern> patterns = new ArrayList<>();
    for (String line : lines) {
      patterns.add(Pattern.compile(Pattern.quote(line)));
    }
    assertBadStartMatching(args, patterns.toArray(new Pattern[0]));
  }

  private void assertBadStartMatching(List<String> args, Pattern... lines) throws Exception {
    Run run = demo(args);
    String said = "demo " + args + " printed:\n" + String.join("\n", run.stderr());
    System.out.printf("bad start %s: exit %d in %d ms%n", args, run.exit(), run.took().toMillis());
    assertThat(run.exit()).as("exit status; " + said).isEqualTo(2);
    assertThat(run.stderr()).as(said).hasSize(lines.length);
    for (int i = 0; i < lines.length; i++) {
      assertThat(run.stderr().get(i)).as(said).matches(lines[i]);
    }
    assertThat(run.stderr())
        .as("no stack trace; " + said)
        .noneMatch(l -> l.contains("Exception") || l.trim().startsWith("at "));
    assertThat(run.stdout()).as("nothing started, so nothing on stdout").isEmpty();
    assertThat(run.took()).as("ended within %s; %s", BOUND, said).isLessThan(BOUND);
  }

  private Run demo(List<String> args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Demo.class.getName());
    command.addAll(args);
    File out = Files.createTempFile(dir, "stdout", ".txt").toFile();
    File err = Files.createTempFile(dir, "stderr", ".txt").toFile();
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(err).start();
    boolean ended = p.waitFor(30, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    if (!ended) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(ended)
        .as("demo %s ended (it hung); stderr: %s", args, Files.readString(err.toPath()))
        .isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(out.toPath()),
        Files.readString(err.toPath()).lines().toList(),
        took);
  }
}
