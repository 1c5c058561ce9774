package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random valid configurations load to the values written; random invalid values always fail with a
 * problem that names their path, never with a NullPointerException or a bare stack.
 */
class LeveeConfigProperties {
  /** A key, where it lives, and how a value is written for it. */
  record Key(String section, String key) {
    String path() {
      return section + "." + key;
    }
  }

  private static final List<Key> KEYS =
      List.of(
          new Key("resilience.circuit_breaker", "failure_threshold"),
          new Key("resilience.circuit_breaker", "success_threshold"),
          new Key("resilience.circuit_breaker", "max_requests_half_open"),
          new Key("resilience.circuit_breaker", "timeout"),
          new Key("resilience.retry", "max_retries"),
          new Key("resilience.retry", "max_duration"),
          new Key("resilience.rate_limiter", "permits"),
          new Key("resilience.rate_limiter", "burst"),
          new Key("resilience.rate_limiter", "prefetch"),
          new Key("resilience.bulkhead", "max_concurrent"),
          new Key("resilience.bulkhead", "max_wait"),
          new Key("resilience.timeouts", "proposal"),
          new Key("health", "check_interval"),
          new Key("health.http", "port"),
          new Key("metrics", "port"),
          new Key("logging", "level"));

  private static String yaml(Key k, String value) {
    String[] parts = k.section().split("\\.");
    StringBuilder out = new StringBuilder();
    String indent = "";
    for (String p : parts) {
      out.append(indent).append(p).append(":\n");
      indent += "  ";
    }
    return out.append(indent).append(k.key()).append(": ").append(value).append('\n').toString();
  }

  @Provide
  Arbitrary<String> badValues() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-1_000_000, 0).map(String::valueOf),
        Arbitraries.of(
            "-5s", "abc", "\"\"", "[1, 2]", "{a: 1}", "1.5x", "99999999999999999999", "true", "ms"),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).map(s -> "\"" + s + "x\""));
  }

  @Property(tries = 400)
  void invalidValuesNameTheirPath(
      @ForAll @IntRange(min = 0, max = 15) int which, @ForAll("badValues") String value) {
    Key k = KEYS.get(which);
    Throwable t = catchThrowable(() -> LeveeConfig.load(yaml(k, value)));
    if (t == null) {
      return; // some "bad" values are fine for some keys (0 for a port, 0 for max_wait)
    }
    assertThat(t).as("%s = %s", k.path(), value).isInstanceOf(ConfigException.class);
    assertThat(((ConfigException) t).problems())
        .as("%s = %s", k.path(), value)
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p).startsWith(k.path() + ": "));
  }

  @Provide
  Arbitrary<int[]> validNumbers() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 50),
            Arbitraries.integers().between(1, 10),
            Arbitraries.integers().between(1, 10),
            Arbitraries.integers().between(1, 3600),
            Arbitraries.integers().between(0, 20),
            Arbitraries.integers().between(1, 500),
            Arbitraries.integers().between(0, 65535))
        .as((a, b, c, d, e, f, g) -> new int[] {a, b, c, d, e, f, g});
  }

  @Property(tries = 200)
  void validValuesRoundTrip(@ForAll("validNumbers") int[] v) {
    String yaml =
        "resilience:\n"
            + "  circuit_breaker:\n"
            + "    failure_threshold: "
            + v[0]
            + "\n"
            + "    success_threshold: "
            + v[1]
            + "\n"
            + "    max_requests_half_open: "
            + v[2]
            + "\n"
            + "    timeout: "
            + v[3]
            + "s\n"
            + "  retry: { max_retries: "
            + v[4]
            + ", max_duration: "
            + v[5]
            + "ms }\n"
            + "  bulkhead: { max_concurrent: "
            + v[5]
            + " }\n"
            + "  timeouts: { proposal: "
            + v[3]
            + "s }\n"
            + "health: { http: { port: "
            + v[6]
            + " } }\n";
    LeveeConfig c = LeveeConfig.load(yaml);
    assertThat(c.circuitBreakerDefaults().failureThreshold()).isEqualTo(v[0]);
    assertThat(c.circuitBreakerDefaults().successThreshold()).isEqualTo(v[1]);
    assertThat(c.circuitBreakerDefaults().halfOpenMaxCalls()).isEqualTo(v[2]);
    assertThat(c.circuitBreakerDefaults().openDuration()).isEqualTo(Duration.ofSeconds(v[3]));
    assertThat(c.retryDefaults().maxRetries()).isEqualTo(v[4]);
    assertThat(c.retryDefaults().maxDuration()).isEqualTo(Duration.ofMillis(v[5]));
    assertThat(c.bulkheadDefaults().maxConcurrent()).isEqualTo(v[5]);
    assertThat(c.timeouts().proposal()).isEqualTo(Duration.ofSeconds(v[3]));
    assertThat(c.http().port()).isEqualTo(v[6]);
  }
}
