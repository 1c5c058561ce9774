package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo, as a separate process, with {@code logging.format: json}: every line of its log stream
 * (stderr) is one flat JSON object, Ratis's included (its shaded gRPC logs through {@code
 * java.util.logging}, bridged to SLF4J), and Levee's key-values are typed top-level fields. The
 * status lines go to stdout.
 */
@Timeout(120)
class DemoJsonLogsIT {
  @Test
  void everyLogLineIsFlatJsonWithTypedFields(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("levee.yaml");
    Files.writeString(
        config,
        "logging: { level: info, format: json }\nhealth: { http: { bind_address: 127.0.0.1 } }\n");
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                // Ratis at INFO, not the demo's WARN: its gRPC's java.util.logging lines show.
                "-Ddemo.ratis.level=INFO",
                "-cp",
                System.getProperty("java.class.path"),
                Demo.class.getName(),
                "--port",
                "0",
                "--rate",
                "5",
                "--duration",
                "3s",
                "--config",
                config.toString())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the demo ended within 60s").isTrue();
    String out = Files.readString(stdout);
    String err = Files.readString(stderr);
    String both = "stdout:\n" + out + "\nstderr:\n" + err;
    assertThat(p.exitValue()).as("exit code; " + both).isZero();
    assertThat(out).as("status lines on stdout").contains("Levee demo service on http://");

    ObjectMapper json = new ObjectMapper();
    List<JsonNode> logs = new ArrayList<>();
    for (String line : err.split("\n")) {
      JsonNode node;
      try {
        node = json.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("a log line that is not JSON: " + line + "\n" + both, e);
      }
      assertThat(node != null && node.isObject()).as("one JSON object: %s", line).isTrue();
      logs.add(node);
    }
    assertThat(logs).as("JSON log lines in:\n" + err).hasSizeGreaterThan(5);
    assertThat(logs)
        .as("a Ratis line, from its gRPC's java.util.logging, in:\n" + err)
        .anyMatch(
            l -> l.path("logger_name").asText().startsWith("org.apache.ratis.thirdparty.io.grpc"));
    assertThat(logs)
        .as("a line from Ratis itself (SLF4J), in:\n" + err)
        .anyMatch(l -> l.path("logger_name").asText().startsWith("org.apache.ratis.server"));
    JsonNode change =
        logs.stream()
            .filter(l -> "health".equals(l.path("component").asText()) && l.has("to"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no health change line in:\n" + err));
    assertThat(change.get("level").asText()).isIn("INFO", "WARN");
    assertThat(change.get("from").isTextual()).isTrue();
    assertThat(change.get("message").asText()).startsWith("health ");
    JsonNode withDuration =
        logs.stream()
            .filter(l -> l.has("duration_ms"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no duration_ms field in:\n" + err));
    assertThat(withDuration.get("duration_ms").isNumber()).as("typed, not a string").isTrue();
  }
}
