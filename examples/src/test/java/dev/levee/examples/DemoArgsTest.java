package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.levee.config.LeveeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's flags are checked whole, before anything starts; each mistake names itself. */
class DemoArgsTest {
  @Test
  void noFlagsMeansTheBuiltInConfigurationOn127001Port8080() throws Exception {
    DemoArgs args = DemoArgs.parse();
    assertThat(args.port()).isEmpty();
    assertThat(args.rate()).isEqualTo(20);
    assertThat(args.duration()).isNull();
    LeveeConfig config = args.loadConfig();
    assertThat(config.http().bindAddress()).isEqualTo("127.0.0.1");
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.logging().format()).isEqualTo("console");
  }

  @Test
  void flagsAreRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("levee.yaml");
    Files.writeString(file, "health: { http: { bind_address: 127.0.0.2, port: 9999 } }\n");
    DemoArgs args =
        DemoArgs.parse(
            "--port",
            "0",
            "--rate",
            "7",
            "--duration",
            "1500ms",
            "--chaos",
            "--config",
            file.toString());
    assertThat(args.port()).isEqualTo(OptionalInt.of(0));
    assertThat(args.rate()).isEqualTo(7);
    assertThat(args.duration()).isEqualTo(Duration.ofMillis(1500));
    assertThat(args.chaos()).isTrue();
    LeveeConfig config = args.loadConfig();
    assertThat(config.http().bindAddress()).isEqualTo("127.0.0.2");
    assertThat(config.http().port()).isEqualTo(9999);
  }

  @Test
  void eachBadFlagIsOneLineNamingFlagValueAndRule() {
    assertBad("--port must be in [0, 65535], was 99999", "--port", "99999");
    assertBad("--port must be in [0, 65535], was -1", "--port", "-1");
    assertBad("--port must be a whole number in [0, 65535], was \"abc\"", "--port", "abc");
    assertBad("--port needs a value (try --help)", "--chaos", "--port");
    assertBad("--rate must be in [1, 10000], was 0", "--rate", "0");
    assertBad("--rate must be a whole number in [1, 10000], was \"fast\"", "--rate", "fast");
    assertBad(
        "--duration must look like 500ms, 90s, 2m or 1h, was \"5 minutes\"",
        "--duration",
        "5 minutes");
    assertBad(
        "--duration must look like 500ms, 90s, 2m or 1h, was \"9999999999h\"",
        "--duration",
        "9999999999h");
    assertBad("--duration must be more than 0, was 0s", "--duration", "0s");
    assertBad("unknown argument: --frobnicate (try --help)", "--frobnicate");
  }

  @Test
  void aFileThatCannotBeReadIsOneLineNamingItAndWhy(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> DemoArgs.parse("--config", missing.toString()).loadConfig())
        .isInstanceOf(BadStart.class)
        .message()
        .contains(missing.toString())
        .containsIgnoringCase("no such file")
        .doesNotContain("\n");
    Path notUtf8 = dir.resolve("latin1.yaml");
    Files.write(notUtf8, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    assertThatThrownBy(() -> DemoArgs.parse("--config", notUtf8.toString()).loadConfig())
        .isInstanceOf(BadStart.class)
        .message()
        .contains(notUtf8.toString())
        .contains("not UTF-8")
        .doesNotContain("\n");
  }

  private static void assertBad(String message, String... args) {
    assertThatThrownBy(() -> DemoArgs.parse(args))
        .as("%s", String.join(" ", args))
        .isInstanceOf(BadStart.class)
        .hasMessage(message)
        .hasNoCause();
  }
}
