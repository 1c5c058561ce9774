package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo, as a separate process, with {@code logging.format: json}: every log line is one flat
 * JSON object, and Levee's key-values are typed top-level fields.
 */
@Timeout(120)
class DemoJsonLogsIT {
  @Test
  void logLinesAreFlatJsonWithTypedFields(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("levee.yaml");
    Files.writeString(
        config,
        "logging: { level: info, format: json }\nhealth: { http: { bind_address: 127.0.0.1 } }\n");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
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
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the demo ended within 60s").isTrue();
    assertThat(p.exitValue()).as("exit code; it printed:\n" + output).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> logs = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (line.startsWith("{")) {
        logs.add(json.readTree(line));
      }
    }
    assertThat(logs).as("JSON log lines in:\n" + output).isNotEmpty();
    JsonNode change =
        logs.stream()
            .filter(l -> "health".equals(l.path("component").asText()) && l.has("to"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no health change line in:\n" + output));
    assertThat(change.get("level").asText()).isIn("INFO", "WARN");
    assertThat(change.get("from").isTextual()).isTrue();
    assertThat(change.get("message").asText()).startsWith("health ");
    JsonNode withDuration =
        logs.stream()
            .filter(l -> l.has("duration_ms"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no duration_ms field in:\n" + output));
    assertThat(withDuration.get("duration_ms").isNumber()).as("typed, not a string").isTrue();
  }
}
