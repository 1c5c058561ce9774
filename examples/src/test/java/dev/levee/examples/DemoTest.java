package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.levee.testkit.LeveeThreads;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DemoTest {
  @Test
  void theDemoShowsClassificationTimeoutsBreakersHealthAndMetricsAndLeavesNoThread()
      throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out)
        .contains("socket read timed out, wrapped twice", "-> RETRIABLE")
        .containsPattern("SQLState 23505 \\(unique violation\\) +-> INVALID_INPUT")
        .contains("HTTP 429 -> TRANSIENT, 503 -> TRANSIENT, 504 -> RETRIABLE, 404 -> INVALID_INPUT")
        .contains("api_key=****")
        .doesNotContain("sk-live-123")
        .contains("operation \"upstream.read\" timed out after")
        .contains("call 2: limited by the deadline")
        .contains("call 3: timed out, breaker OPEN")
        .contains("call 4: rejected at once (TRANSIENT), breaker OPEN")
        .contains("call 5: rejected at once (TRANSIENT), breaker OPEN")
        .contains("Violations counted by the limiter: 6 {upstream.read=6}")
        .containsPattern("GET /health/live +-> 200 ")
        .containsPattern("GET /health/ready +-> 503 .*circuit breaker upstream is OPEN")
        .contains("circuitbreaker_state{name=\"upstream\"} 1.0")
        .contains("timeouts_violations_total{operation=\"upstream.read\"} 6.0")
        .contains("health_status{group=\"ready\"} 0.0");
    LeveeThreads.assertNoneSurvive(Duration.ofSeconds(10));
  }
}
