package dev.levee.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The executable jar, run as a user would, with {@code --chaos} on a shorter clock: the outage
 * shows in its status lines (the breaker opens, rejections, readiness 503 while liveness stays
 * 200), recovery too, and it shuts down cleanly with every request answered.
 */
@Timeout(120)
class OrdersDemoIT {
  @Test
  void theChaosStoryPlaysOutAndEndsClean() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("demo.jar"),
                "--chaos",
                "--server.port=0",
                "--demo.chaos.outage-at=4s",
                "--demo.chaos.restore-at=9s",
                "--demo.chaos.end-at=16s",
                "--levee.shutdown.propagation-delay=500ms")
            .redirectErrorStream(true)
            .start();
    List<String> out = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  out.add(line);
                }
              } catch (Exception e) {
                out.add("(reading stopped: " + e + ")");
              }
            },
            "test-demo-stdout");
    reader.start();
    boolean exited = p.waitFor(90, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    reader.join(5000);
    String all = String.join("\n", out);
    assertThat(exited).as("the demo exits by itself within 90s:\n%s", all).isTrue();
    assertThat(p.exitValue()).as("exit status:\n%s", all).isZero();
    assertThat(out)
        .as(all)
        .anySatisfy(l -> assertThat(l).contains("[database stopped").contains("breaker db=OPEN"))
        .anySatisfy(
            l -> assertThat(l).contains("[database stopped").contains("readiness=503 liveness=200"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("[database restarted")
                    .contains("breaker db=CLOSED readiness=200 liveness=200"));
    String last = out.stream().filter(l -> l.startsWith("== stopped")).findFirst().orElse("");
    assertThat(last).as(all).startsWith("== stopped (clean)").endsWith("unanswered=0");
    long rejected = Long.parseLong(last.replaceAll(".*rejected\\(fast\\)=(\\d+).*", "$1"));
    assertThat(rejected).as("orders rejected at once by the open breaker").isPositive();
    System.out.println(all); // the run, for the record (failsafe keeps it in the report)
  }
}
