package dev.levee.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The YAML is read strictly: duplicate keys are problems, anchors, aliases and merge keys work
 * within bounds, tags other than YAML's core ones are refused, and numbers no key can hold get the
 * key's rule.
 */
class LeveeConfigStrictnessTest {
  private static List<String> problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> LeveeConfig.load(yaml)).problems();
  }

  // ---- 1. duplicate keys ------------------------------------------------------------------------

  @Test
  void aDuplicateKeyIsAProblemWithItsLinesReportedWithTheOthers() {
    assertThat(
            problems(
                """
                resilience:
                  circuit_breaker:
                    timeout: 30s
                    failure_threshold: 5
                    instances:
                      db: { failure_threshold: 3 }
                    timeout: 10s
                  bulkhead: { max_concurrent: 0 }
                """))
        .containsExactly(
            "resilience.circuit_breaker.timeout: duplicate key (lines 3 and 7)",
            "resilience.bulkhead.max_concurrent: must be at least 1, was 0");
  }

  @Test
  void duplicatesAreFoundInFlowMappingsAndAtTheRootEachTime() {
    assertThat(
            problems(
                """
                metrics: { port: 9090, port: 9091 }
                logging: { level: info }
                metrics: { path: /m }
                logging: { format: json }
                logging: { format: console }
                """))
        .as("in a flow mapping too, even in one a later duplicate replaces")
        .containsExactly(
            "metrics.port: duplicate key (line 1, columns 12 and 24)",
            "metrics: duplicate key (lines 1 and 3)",
            "logging: duplicate key (lines 2, 4 and 5)");
    assertThat(problems("health: { http: { port: 1, port: 2 } }\n"))
        .as("two on one line")
        .containsExactly("health.http.port: duplicate key (line 1, columns 19 and 28)");
  }

  @Test
  void aKeyQuotedDifferentlyIsTheSameKey() {
    assertThat(problems("logging:\n  level: info\n  'level': warn\n  \"level\": debug\n"))
        .containsExactly("logging.level: duplicate key (lines 2, 3 and 4)");
  }

  @Test
  void aBlankKeyIsNamedQuotedSoThatItsProblemStillStartsWithAPath() {
    // Found by LeveeConfigMutationProperties: "? " at the start of a file made ": unknown key".
    assertThat(problems("? \n: 1\nresilience: { ' ': {} }\n"))
        .containsExactly(
            "resilience.\" \": unknown key (known here: circuit_breaker, retry, rate_limiter,"
                + " bulkhead, adaptive_limiter, keyed_rate_limiter, hedge, timeouts)",
            "\"\": unknown key (known here: resilience, health, metrics, logging, shutdown,"
                + " pipelines, admission)");
    assertThat(problems("\"\": 1\n'': 2\n"))
        .containsExactly(
            "\"\": duplicate key (lines 1 and 2)",
            "\"\": unknown key (known here: resilience, health, metrics, logging, shutdown,"
                + " pipelines, admission)");
  }

  @Test
  void aKeyWithControlCharactersIsNamedEscapedSoThatEachProblemIsOneLine() {
    // Values are shown escaped; keys were printed as they are: a problem over two lines, and an
    // escape sequence sent to the terminal that shows it.
    assertThat(
            problems(
                "health: { \"ht\\ttp\": {} }\n"
                    + "logging: { \"\\e[31mlevel\": warn }\n"
                    + "\"a\\nb\": 1\n"))
        .containsExactly(
            "health.\"ht\\ttp\": unknown key; did you mean \"http\"? (known here: check_interval,"
                + " http, checks)",
            "logging.\"\\u001b[31mlevel\": unknown key (known here: level, format)",
            "\"a\\nb\": unknown key (known here: resilience, health, metrics, logging, shutdown,"
                + " pipelines, admission)")
        .allSatisfy(p -> assertThat(p).doesNotContainPattern("\\p{Cntrl}"));
  }

  // ---- 2. anchors, aliases, merge keys -------------------------------------------------------

  @Test
  void anAliasIsACopyOfItsAnchorsValue() {
    LeveeConfig c =
        LeveeConfig.load(
            """
            resilience:
              circuit_breaker:
                timeout: &slow 90s
                instances:
                  db: &strict { failure_threshold: 2, success_threshold: 4 }
                  cache: *strict
              timeouts: { rebalance: *slow }
            """);
    assertThat(c.timeouts().rebalance()).isEqualTo(Duration.ofSeconds(90));
    assertThat(c.circuitBreakers().get("cache").failureThreshold()).isEqualTo(2);
    assertThat(c.circuitBreakers().get("cache").successThreshold()).isEqualTo(4);
  }

  @Test
  void aMergeKeyPutsTheAnchoredKeysUnderTheMappingsOwn() {
    LeveeConfig c =
        LeveeConfig.load(
            """
            resilience:
              circuit_breaker:
                instances:
                  db: &db { failure_threshold: 3, timeout: 10s }
                  orders: &orders { success_threshold: 5, timeout: 20s }
                  search: { <<: *db, timeout: 5s }
                  both: { <<: [*orders, *db] }
            """);
    assertThat(c.circuitBreakers().get("search").failureThreshold()).isEqualTo(3);
    assertThat(c.circuitBreakers().get("search").openDuration())
        .as("the mapping's own key wins")
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(c.circuitBreakers().get("both").openDuration())
        .as("the first mapping listed wins")
        .isEqualTo(Duration.ofSeconds(20));
    assertThat(c.circuitBreakers().get("both").failureThreshold()).isEqualTo(3);
    assertThat(c.circuitBreakers().get("both").successThreshold()).isEqualTo(5);
  }

  @Test
  void anOverrideOfOneAliasedCopyLeavesTheOthers() {
    LeveeConfig c =
        LeveeConfig.load(
            "test",
            """
            resilience:
              circuit_breaker:
                instances:
                  db: &b { failure_threshold: 3 }
                  cache: *b
            """,
            Map.of("LEVEE_RESILIENCE__CIRCUIT_BREAKER__INSTANCES__CACHE__FAILURE_THRESHOLD", "8"),
            new Properties());
    assertThat(c.circuitBreakers().get("cache").failureThreshold()).isEqualTo(8);
    assertThat(c.circuitBreakers().get("db").failureThreshold()).isEqualTo(3);
  }

  @Test
  void aMergeKeyDoesNotCountAsADuplicateButTwoMergeKeysAreProblems() {
    assertThat(
            LeveeConfig.load(
                    "resilience:\n  bulkhead: &b { max_concurrent: 5 }\n"
                        + "  rate_limiter: { <<: { permits: 7 }, permits: 9 }\n")
                .rateLimiterDefaults()
                .permits())
        .isEqualTo(9);
    assertThat(problems("resilience:\n  bulkhead: { <<: 3 }\n"))
        .containsExactly(
            "resilience.bulkhead: << (merge key) takes a mapping or a list of mappings, was 3"
                + " (line 2, column 19)");
    // Two are one key written twice (YAML merges several mappings with a list: << [*a, *b]).
    assertThat(
            problems(
                """
                resilience:
                  bulkhead:
                    <<: { max_wait: 1s }
                    max_concurrent: 5
                    <<: { max_concurrent: 6 }
                """))
        .containsExactly("resilience.bulkhead.<<: duplicate key (lines 3 and 5)");
  }

  @Test
  void anAliasBombIsRefusedAfterABoundedNumberOfCopies() {
    StringBuilder bomb = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (char level = 'b'; level <= 'j'; level++) {
      String previous = "*" + (char) (level - 1);
      bomb.append(level)
          .append(": &")
          .append(level)
          .append(" [")
          .append(String.join(", ", List.of(previous, previous, previous, previous, previous)))
          .append(", ")
          .append(String.join(", ", List.of(previous, previous, previous, previous)))
          .append("]\n");
    }
    // A billion values if expanded. The bound on copies is what makes this quick; the timeout only
    // keeps a broken bound from hanging the build.
    List<String> problems =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> problems(bomb.toString()));
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith("e[")
        .endsWith(": aliases and merge keys copy more than 10000 values into the file; refused");
  }

  @Test
  void aFileWithTooManyAliasesIsRefusedAtTheAliasPastTheBound() {
    String yaml =
        "logging: { level: &l info }\n"
            + IntStream.range(0, 101)
                .mapToObj(i -> "# " + i + "\nx" + i + ": *l\n")
                .collect(Collectors.joining());
    assertThat(problems(yaml))
        .containsExactly("line 203, column 7: more than 100 aliases; refused");
  }

  @Test
  void anAliasToACollectionHoldingItIsAProblemNotAStackOverflow() {
    assertThat(problems("health: &h { checks: { db: { groups: *h } } }\n"))
        .containsExactly(
            "health.checks.db.groups: an alias to a collection that holds it (anchored at line 1,"
                + " column 9)");
    // Found by LeveeConfigMutationProperties: a list at the root made "[0]: ...".
    assertThat(problems("&a [*a]"))
        .containsExactly(
            "<root>[0]: an alias to a collection that holds it (anchored at line 1, column 1)",
            "<root>: must be a mapping, was [null]");
  }

  @Test
  void nestingIsBoundedWhateverWritesIt() {
    assertThat(problems("[".repeat(100_000)))
        .containsExactly("line 1, column 51: nested more than 50 deep; refused");
    String deepAnchor = "a: &a " + "[".repeat(40) + "]".repeat(40) + "\n";
    assertThat(problems(deepAnchor + "b: " + "[".repeat(20) + "*a" + "]".repeat(20) + "\n"))
        .as("aliases deepen what the parser saw")
        .singleElement()
        .asString()
        .startsWith("b[0]")
        .endsWith(": nested more than 50 deep; refused");
  }

  @Test
  void anUndefinedAliasIsNotValidYaml() {
    assertThat(problems("metrics: { port: *port }\n"))
        .containsExactly("not valid YAML at line 1, column 18: found undefined alias port");
  }

  @Test
  void tagsOtherThanTheCoreOnesAreProblemsAtTheirPath() {
    assertThat(
            problems(
                """
                metrics:
                  path: !!binary L21ldHJpY3M=
                  prefix: !!python/object:os.system { }
                logging: !custom { level: info }
                health: { http: { port: !!int nine } }
                """))
        .containsExactly(
            "metrics.path: tag !!binary is not supported (line 2, column 9)",
            "metrics.prefix: tag !!python/object:os.system is not supported (line 3, column 11)",
            "logging: tag !custom is not supported (line 4, column 10)",
            "health.http.port: not a valid !!int: \"nine\" (line 5, column 25)",
            "health.http.port: must be an integer, was \"nine\"",
            "metrics.path: must look like /metrics, was \"L21ldHJpY3M=\"",
            "metrics.prefix: must be a string, was {}");
    LeveeConfig c =
        LeveeConfig.load(
            "metrics: { port: !!int '9100', path: !!str /m }\nlogging: { level: ! info }\n");
    assertThat(c.metrics().port()).as("the core tags").isEqualTo(9100);
    assertThat(c.metrics().path()).isEqualTo("/m");
  }

  @Test
  void plainScalarsAreTypedByTheCoreSchemaNotYaml11() {
    assertThat(problems("metrics: { enabled: yes }\nlogging: { level: off }\n"))
        .containsExactly(
            "metrics.enabled: must be true or false, was \"yes\"",
            "logging.level: must be one of [trace, debug, info, warn, error], was \"off\"");
    LeveeConfig c = LeveeConfig.load("resilience: { rate_limiter: { permits: 1_000 } }\n");
    assertThat(c.rateLimiterDefaults().permits()).isEqualTo(1000);
    assertThat(
            LeveeConfig.load("health: { http: { bind_address: 0.0.0.0 } }\n").http().bindAddress())
        .isEqualTo("0.0.0.0");
  }

  // ---- 3. numbers no key can hold --------------------------------------------------------------

  @Test
  void nonFiniteNumbersGetTheKeysRuleNamingTheValue() {
    assertThat(
            problems(
                """
                resilience:
                  circuit_breaker: { failure_rate_threshold: .nan }
                  retry: { transient_multiplier: .inf, backoff: { multiplier: 1e400 } }
                  rate_limiter: { permits: -.inf }
                """))
        .containsExactly(
            "resilience.circuit_breaker.failure_rate_threshold: must be in (0,100], was .nan",
            "resilience.retry.transient_multiplier: must be in [1,100], was .inf",
            "resilience.retry.backoff.multiplier: must be in [1,100], was 1E+400",
            "resilience.rate_limiter.permits: must be at least 1, was -.inf");
  }

  @Test
  void anIntegerPastAnIntGetsTheKeysRuleAsAValueTooBigWould() {
    assertThat(
            problems(
                """
                resilience:
                  retry: { max_retries: 99999999999 }
                  rate_limiter: { prefetch: 1e400 }
                health:
                  http: { port: .inf }
                  checks: { db: { failure_attempts: 99999999999 } }
                """))
        .as("each rule as its key's too-big value gets it: the setter's, the builder's")
        .containsExactly(
            "resilience.retry.max_retries: must be in [0,10000], was 99999999999",
            "resilience.rate_limiter.prefetch: must be in [0, burst / 2 = 50], was 1E+400",
            "health.http.port: must be in [0, 65535], was .inf",
            "health.checks.db.failure_attempts: must be in [1, 100], was 99999999999");
    assertThat(
            problems(
                "resilience:\n  circuit_breaker: { failure_threshold: 99999999999 }\n"
                    + "  bulkhead: { max_concurrent: -99999999999 }\n"))
        .as("no bound but an int's")
        .containsExactly(
            "resilience.circuit_breaker.failure_threshold: must be at most 2147483647, was"
                + " 99999999999",
            "resilience.bulkhead.max_concurrent: must be at least 1, was -99999999999");
  }

  @Test
  void aNumberPastEvenABigDecimalIsJudgedLikeTheRest() {
    // Found by LeveeConfigMutationProperties: an exponent past an int's range threw
    // NumberFormatException where 1e400 is kept exact.
    assertThat(
            problems(
                "resilience:\n  circuit_breaker:\n    failure_threshold: 1e40099999999999\n"
                    + "    failure_rate_threshold: 1e-40099999999999\n"))
        .containsExactly(
            "resilience.circuit_breaker.failure_threshold: must be at most 2147483647, was"
                + " \"1e40099999999999\"",
            "resilience.circuit_breaker.failure_rate_threshold: must be in (0,100], was"
                + " \"1e-40099999999999\"");
    assertThat(problems("resilience: { circuit_breaker: { failure_rate_threshold: 140 } }\n"))
        .as("a double's value as written")
        .containsExactly(
            "resilience.circuit_breaker.failure_rate_threshold: must be in (0,100], was 140");
    assertThat(problems("resilience: { circuit_breaker: { failure_rate_threshold: 1e-400 } }\n"))
        .containsExactly(
            "resilience.circuit_breaker.failure_rate_threshold: must be in (0,100], was 1E-400");
  }

  @Test
  void aFractionOrNanIsNotAnInteger() {
    assertThat(
            problems(
                "resilience: { circuit_breaker: { failure_threshold: 2.5, success_threshold: .nan"
                    + " } }\n"))
        .containsExactly(
            "resilience.circuit_breaker.failure_threshold: must be an integer, was 2.5",
            "resilience.circuit_breaker.success_threshold: must be an integer, was .nan");
  }

  @Test
  void anOverrideTooBigForAnIntGetsTheKeysRuleToo() {
    assertThatThrownBy(
            () ->
                LeveeConfig.load(
                    "test", "", Map.of("LEVEE_METRICS__PORT", "99999999999"), new Properties()))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "metrics.port: must be in [0, 65535], was \"99999999999\" (set by"
                            + " LEVEE_METRICS__PORT)"));
  }

  @Test
  void aNumberPastAnIntInAnInstanceNamesItWhereverTheRuleLands() {
    assertThat(
            problems(
                """
                resilience:
                  rate_limiter:
                    prefetch: 99999999999
                    instances:
                      api: { burst: 10 }
                """))
        .containsExactly(
            "resilience.rate_limiter.prefetch: must be in [0, burst / 2 = 50], was 99999999999",
            "resilience.rate_limiter.instances.api: prefetch must be in [0, burst / 2 = 5], was"
                + " 99999999999 (set at resilience.rate_limiter.prefetch)");
  }
}
