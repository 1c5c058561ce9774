package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The files in {@code examples/ops}: the alert rules pass {@code promtool check rules} and their
 * unit tests ({@code promtool test rules}), and every metric the rules and the dashboard name is
 * one Levee exports.
 */
@Timeout(120)
class OpsFilesIT {
  private static final Path OPS = Path.of("ops");
  private static final Set<String> LEVEE_METRICS =
      Set.of(
          "circuitbreaker_state",
          "circuitbreaker_requests_total",
          "circuitbreaker_state_changes_total",
          "circuitbreaker_failure_ratio",
          "circuitbreaker_slow_call_ratio",
          "retry_calls_total",
          "retry_budget_exhausted_total",
          "ratelimiter_requests_total",
          "ratelimiter_available_permits",
          "bulkhead_in_flight",
          "bulkhead_max_allowed",
          "bulkhead_rejected_total",
          "health_status",
          "health_check_status",
          "health_check_duration_seconds",
          "raft_term",
          "raft_commit_index",
          "raft_applied_index",
          "raft_peers",
          "raft_leader",
          "raft_leadership_changes_total",
          "raft_follower_lag_entries",
          "timeouts_violations_total",
          "inflight_hung",
          "pipeline_calls_seconds_bucket",
          "pipeline_calls_seconds_sum",
          "pipeline_calls_seconds_count");
  private static final Pattern NAME = Pattern.compile("\\b([a-z]+_[a-z_]+)\\b");
  private static final Set<String> PROMQL =
      Set.of("sum", "rate", "increase", "by", "without", "histogram_quantile");

  @Test
  void promtoolChecksAndTestsTheAlertRules() throws Exception {
    String promtool = onPath("promtool");
    assumeTrue(
        promtool != null,
        "promtool not found on PATH: install Debian's 'prometheus' package (.ci/run does) to run"
            + " this check");
    assertThat(run(promtool, "check", "rules", "alerts.yml")).contains("SUCCESS: 6 rules found");
    assertThat(run(promtool, "test", "rules", "alerts-test.yml")).contains("SUCCESS");
  }

  @Test
  void rulesAndDashboardNameOnlyLeveeMetrics() throws Exception {
    List<String> expressions = new ArrayList<>();
    for (String line : Files.readAllLines(OPS.resolve("alerts.yml"), StandardCharsets.UTF_8)) {
      if (line.trim().startsWith("expr:") || line.startsWith("            ")) {
        expressions.add(line);
      }
    }
    JsonNode dashboard =
        new ObjectMapper().readTree(OPS.resolve("grafana-dashboard.json").toFile());
    assertThat(dashboard.get("panels")).isNotEmpty();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        expressions.add(target.get("expr").asText());
      }
    }
    assertThat(expressions).hasSizeGreaterThan(10);
    for (String e : expressions) {
      Matcher m = NAME.matcher(e.replaceAll("\\{[^}]*}", "").replaceAll("\"[^\"]*\"", ""));
      while (m.find()) {
        String name = m.group(1);
        if (!PROMQL.contains(name)) {
          assertThat(LEVEE_METRICS).as("metric in %s", e.trim()).contains(name);
        }
      }
    }
  }

  private static String run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(OPS.toFile()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS))
        .as("%s finished within 60s", List.of(command))
        .isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s said: %s", List.of(command), out).isZero();
    return out;
  }

  private static String onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(dir, tool);
      if (f.canExecute()) {
        return f.getPath();
      }
    }
    return null;
  }
}
