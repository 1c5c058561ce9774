package dev.levee.config.internal;

import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.HedgeConfig;
import dev.levee.core.KeyedRateLimiterConfig;
import dev.levee.core.RetryBudget;
import dev.levee.timeouts.Scheduler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads the overload-control families under {@code resilience:}: {@code adaptive_limiter}, {@code
 * keyed_rate_limiter} and {@code hedge}, each as defaults plus named {@code instances}, like the
 * other families (see {@link ConfigReader}). Each value is judged by the core builder's own rule,
 * so a bad one is reported at its path, with its value and the rule.
 *
 * <p>A hedge needs a scheduler, which a file cannot name: the hedges read here hold {@link
 * #NO_SCHEDULER}, and {@link #withScheduler} gives one the runtime's.
 */
public final class OverloadReader {
  /** Read value. */
  public final AdaptiveLimiterConfig adaptiveDefaults;

  /** Read value. */
  public final Map<String, AdaptiveLimiterConfig> adaptive = new LinkedHashMap<>();

  /** Read value. */
  public final KeyedRateLimiterConfig keyedDefaults;

  /** Read value. */
  public final Map<String, KeyedRateLimiterConfig> keyed = new LinkedHashMap<>();

  /** Read value, holding {@link #NO_SCHEDULER}. */
  public final HedgeConfig hedgeDefaults;

  /** Read values, each holding {@link #NO_SCHEDULER}. */
  public final Map<String, HedgeConfig> hedges = new LinkedHashMap<>();

  /**
   * The scheduler of a hedge as read: it refuses every task, so that a hedge built from a
   * configuration without the runtime's scheduler fails loudly instead of never hedging.
   */
  public static final Scheduler NO_SCHEDULER =
      new Scheduler() {
        @Override
        public Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
          throw new IllegalStateException(
              "a hedge read from the configuration has no scheduler: use"
                  + " LeveeConfig.hedges(scheduler) or Levee.hedges()");
        }

        @Override
        public String toString() {
          return "Scheduler[none: given by the runtime]";
        }
      };

  /** A hedge builder and the budget read so far for it: ratio and capacity. */
  private static final class HedgeDraft {
    final String name;
    final HedgeConfig.Builder builder;
    double ratio = HedgeConfig.DEFAULT_BUDGET_RATIO;
    int capacity = HedgeConfig.DEFAULT_BUDGET_CAPACITY;
    boolean budgetSet;

    HedgeDraft(String name) {
      this.name = name;
      this.builder = HedgeConfig.builder(name).scheduler(NO_SCHEDULER);
    }

    HedgeConfig build() {
      if (budgetSet) {
        builder.budget(RetryBudget.of(name, ratio, capacity));
      }
      return builder.build();
    }
  }

  /**
   * Reads the three families.
   *
   * @param resilience the {@code resilience} section
   * @param problems where problems go
   */
  OverloadReader(Section resilience, List<String> problems) {
    adaptiveDefaults =
        ConfigReader.family(
            resilience.section("adaptive_limiter"),
            problems,
            AdaptiveLimiterConfig::builder,
            OverloadReader::adaptive,
            AdaptiveLimiterConfig.Builder::build,
            Map.of(),
            adaptive,
            AdaptiveLimiterConfig.builder("default").build());
    keyedDefaults =
        ConfigReader.family(
            resilience.section("keyed_rate_limiter"),
            problems,
            KeyedRateLimiterConfig::builder,
            OverloadReader::keyed,
            KeyedRateLimiterConfig.Builder::build,
            Map.of(),
            keyed,
            KeyedRateLimiterConfig.builder("default").build());
    hedgeDefaults =
        ConfigReader.family(
            resilience.section("hedge"),
            problems,
            HedgeDraft::new,
            OverloadReader::hedge,
            HedgeDraft::build,
            Map.of(),
            hedges,
            new HedgeDraft("default").build());
  }

  private static void adaptive(Section s, AdaptiveLimiterConfig.Builder b) {
    s.choice(
        "algorithm",
        List.of("gradient", "vegas", "aimd"),
        a -> b.algorithm(AdaptiveLimiterConfig.Algorithm.valueOf(a.toUpperCase(Locale.ROOT))));
    s.integer("initial_limit", b::initialLimit);
    s.integer("min_limit", b::minLimit);
    s.integer("max_limit", b::maxLimit);
    s.number("smoothing", b::smoothing);
    s.duration("sample_window", b::sampleWindow);
    s.integer("min_samples", b::minSamples);
    s.duration("baseline_refresh", b::baselineRefresh);
  }

  private static void keyed(Section s, KeyedRateLimiterConfig.Builder b) {
    s.integer("permits", b::permits);
    s.duration("period", b::period);
    s.integer("burst", b::burst);
    s.integer("max_keys", b::maxKeys);
    s.duration("idle_timeout", b::idleTimeout);
    s.choice(
        "overflow",
        List.of("shared_bucket", "reject"),
        o -> b.overflow(KeyedRateLimiterConfig.Overflow.valueOf(o.toUpperCase(Locale.ROOT))));
  }

  private static void hedge(Section s, HedgeDraft d) {
    s.duration("delay", d.builder::delay);
    s.number("percentile", d.builder::percentile);
    s.duration("window", d.builder::window);
    // Each by RetryBudget's own rule as it is read, so that a bad one is reported at its key.
    s.number(
        "budget_ratio",
        r -> {
          RetryBudget.of(d.name, r, d.capacity);
          d.ratio = r;
          d.budgetSet = true;
        });
    s.integer(
        "budget_capacity",
        c -> {
          RetryBudget.of(d.name, d.ratio, c);
          d.capacity = c;
          d.budgetSet = true;
        });
  }

  /**
   * {@code config} with {@code scheduler} in place of {@link #NO_SCHEDULER}.
   *
   * @param config a hedge's configuration as read
   * @param scheduler the scheduler that times its second attempts
   * @return the configuration to build a hedge from
   */
  public static HedgeConfig withScheduler(HedgeConfig config, Scheduler scheduler) {
    return config.toBuilder(config.label()).scheduler(scheduler).build();
  }
}
