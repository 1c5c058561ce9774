package dev.levee.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Series for things that appear after binding (health checks registered later, time limiter
 * operations seen later), found when they are scraped: a gauge counting the things, whose reading
 * registers meters for each thing not seen before. Micrometer has no hook for "a scrape begins",
 * and a gauge read is the first thing a scrape does with a family. Thread-safe.
 */
public final class ScrapeDiscovery {
  private final Set<String> known = ConcurrentHashMap.newKeySet();
  private final Supplier<? extends Collection<String>> keys;
  private final BiConsumer<MeterRegistry, String> register;

  private ScrapeDiscovery(
      Supplier<? extends Collection<String>> keys, BiConsumer<MeterRegistry, String> register) {
    this.keys = keys;
    this.register = register;
  }

  /**
   * Registers meters for every key now, and a gauge {@code name} (the number of keys) whose every
   * reading registers meters for keys not seen before.
   *
   * @param registry the meter registry
   * @param name the counting gauge's name
   * @param description the counting gauge's description
   * @param keys the keys now
   * @param register registers one key's meters
   */
  public static void bind(
      MeterRegistry registry,
      String name,
      String description,
      Supplier<? extends Collection<String>> keys,
      BiConsumer<MeterRegistry, String> register) {
    ScrapeDiscovery d = new ScrapeDiscovery(keys, register);
    d.discover(registry);
    Gauge.builder(name, d, x -> x.discover(registry))
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  private double discover(MeterRegistry registry) {
    Collection<String> now = keys.get();
    for (String key : now) {
      if (known.add(key)) {
        register.accept(registry, key);
      }
    }
    return now.size();
  }
}
