package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.levee.testkit.Await;
import dev.levee.testkit.ChildJvm;
import dev.levee.testkit.RawHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The demo as Kubernetes runs it, in a process of its own: it starts without a warning from Levee,
 * then gets SIGTERM under load while a prober asks for {@code /health/ready} every 20 ms. Readiness
 * must answer 503 for the propagation delay (2 s, the demo's built-in configuration) before the
 * port closes, and every request the load generator sent must be answered.
 */
@Timeout(120)
class DemoShutdownIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING =
      Pattern.compile("Levee demo service on http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern STOPPED =
      Pattern.compile(
          "== stopped \\((clean)\\) in .*: sent=(\\d+) ok=(\\d+) failed=(\\d+)"
              + " rejected\\(fast\\)=(\\d+) unanswered=(\\d+)");

  @Test
  void sigtermUnderLoadServes503sThenClosesAndLosesNoRequest() throws Exception {
    ChildJvm demo =
        ChildJvm.start(
            Demo.class,
            List.of("-Dlevee.logging.format=json"), // each line names its logger and level
            "--port",
            "0",
            "--rate",
            "50");
    List<String> stdout = demo.stdout();
    List<String> stderr = demo.stderr();
    try {
      Await.until(
          Duration.ofSeconds(60),
          () -> "the demo says where it listens; stdout " + stdout + " stderr " + stderr,
          () -> stdout.stream().anyMatch(l -> LISTENING.matcher(l).find()));
      int port = port(stdout);
      Await.until(
          Duration.ofSeconds(60),
          "the demo is ready",
          () -> RawHttp.status(port, "GET", "/health/ready") == 200);
      Await.until(
          Duration.ofSeconds(30),
          "two status lines under load",
          () -> stdout.stream().filter(l -> l.startsWith("t=")).count() >= 2);
      List<JsonNode> lines = new ArrayList<>();
      for (String l : stderr) {
        lines.add(JSON.readTree(l)); // fails if a line is not JSON: the format was not applied
      }
      List<String> warnings =
          lines.stream()
              .filter(j -> j.path("level").asText().matches("WARN|ERROR"))
              .map(j -> j.path("logger_name").asText() + ": " + j.path("message").asText())
              .toList();
      List<String> fromLevee = warnings.stream().filter(w -> w.startsWith("dev.levee")).toList();
      System.out.printf(
          "demo start: %d log lines, %d WARN or ERROR from Levee, %d from its dependencies: %s%n",
          lines.size(), fromLevee.size(), warnings.size() - fromLevee.size(), warnings);
      assertThat(lines).as("the demo logged its start").isNotEmpty();
      assertThat(fromLevee).as("the demo's start logs no warning from Levee").isEmpty();

      List<Integer> polls = new ArrayList<>();
      List<Integer> live = new ArrayList<>();
      demo.sigterm();
      long start = System.nanoTime();
      long next = start;
      while (polls.stream().filter(s -> s == -1).count() < 3
          && System.nanoTime() - start < 30_000_000_000L) {
        polls.add(RawHttp.status(port, "GET", "/health/ready"));
        live.add(RawHttp.status(port, "GET", "/health/live"));
        next += 20_000_000L;
        LockSupport.parkNanos(next - System.nanoTime());
      }
      demo.waitForExit(Duration.ofSeconds(30));

      int firstDown = polls.indexOf(503);
      // The port closed at the first poll not answered: refused, or reset for a probe that
      // connected in the moment the listener closed (the same to a kubelet).
      int firstRefused = Math.max(firstDown, 0);
      while (firstRefused < polls.size() && polls.get(firstRefused) >= 0) {
        firstRefused++;
      }
      long downs = polls.stream().filter(s -> s == 503).count();
      String stopped =
          stdout.stream().filter(l -> l.startsWith("== stopped")).findFirst().orElse("(none)");
      System.out.printf(
          "demo shutdown: %d polls of /health/ready every 20 ms after SIGTERM: %d answered 200,"
              + " then %d answered 503 before the port closed; %s%n",
          polls.size(), Math.max(0, firstDown), downs, stopped);
      assertThat(firstDown).as("readiness fell: %s", polls).isGreaterThanOrEqualTo(0);
      // Often none: SIGTERM can turn readiness DOWN before the first poll lands.
      assertThat(polls.subList(0, firstDown))
          .as("200 until readiness fell")
          .allMatch(s -> s == 200);
      assertThat(firstRefused).as("the port closed: %s", polls).isGreaterThan(firstDown);
      assertThat(polls.subList(firstDown, firstRefused)).as("503 until closed").containsOnly(503);
      assertThat(downs)
          .as("503s over the 2 s delay, polled every 20 ms")
          .isGreaterThanOrEqualTo(50);
      Matcher m = STOPPED.matcher(stopped);
      assertThat(m.find()).as("a clean stop line: %s; stdout %s", stopped, stdout).isTrue();
      long sent = Long.parseLong(m.group(2));
      assertThat(
              Long.parseLong(m.group(3)) + Long.parseLong(m.group(4)) + Long.parseLong(m.group(5)))
          .as("every request sent was answered")
          .isEqualTo(sent);
      assertThat(m.group(6)).isEqualTo("0");
      assertThat(m.group(4))
          .as("no call failed: H2 is stopped by the demo, after the drain")
          .isEqualTo("0");
      assertThat(live)
          .as("liveness never failed during the shutdown (a kubelet would kill the pod): %s", live)
          .doesNotContain(503);
      assertThat(stdout)
          .as("the load went on during the delay, then stopped")
          .anyMatch(l -> l.startsWith("== load stopped"));
    } finally {
      demo.close();
    }
  }

  private static int port(List<String> stdout) {
    for (String l : stdout) {
      Matcher m = LISTENING.matcher(l);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no port in " + stdout);
  }
}
