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
 * registers meters for each thing not seen before. Thread-safe.
 *
 * <p>The meters are registered while a scrape is collecting, so that scrape may not show them:
 * Prometheus collects its families in the identity-hash order of their collectors, and a family
 * collected before the counting gauge misses the series added to it. A thing's series appear by the
 * second scrape (that reads the counting gauge) after it appeared, not always the first. For health
 * checks nothing earlier is at hand: Micrometer has no hook for "a scrape begins", and a health
 * monitor tells its listeners of status changes, not of registrations.
 *
 * <p>A key is what the meters depend on, not merely a name: a thing whose key changes (a health
 * check registered again in other groups) is new again, so {@code register} must tolerate meters
 * that the old key already registered. Micrometer returns the registered meter for an id it has,
 * but warns when that meter is a gauge: {@code register} should skip the meters it has registered
 * (as {@code HealthMetrics} does) rather than register them again.
 *
 * @param <K> the key of one thing's meters
 */
public final class ScrapeDiscovery<K> {
  private final Set<K> known = ConcurrentHashMap.newKeySet();
  private final Supplier<? extends Collection<? extends K>> keys;
  private final BiConsumer<MeterRegistry, ? super K> register;

  private ScrapeDiscovery(
      Supplier<? extends Collection<? extends K>> keys,
      BiConsumer<MeterRegistry, ? super K> register) {
    this.keys = keys;
    this.register = register;
  }

  /**
   * Registers meters for every key now, and a gauge {@code name} (the number of keys) whose every
   * reading registers meters for keys not seen before.
   *
   * @param <K> the key of one thing's meters
   * @param registry the meter registry
   * @param name the counting gauge's name
   * @param description the counting gauge's description
   * @param keys the keys now, one per thing counted
   * @param register registers one key's meters
   */
  public static <K> void bind(
      MeterRegistry registry,
      String name,
      String description,
      Supplier<? extends Collection<? extends K>> keys,
      BiConsumer<MeterRegistry, ? super K> register) {
    ScrapeDiscovery<K> d = new ScrapeDiscovery<>(keys, register);
    d.discover(registry);
    Gauge.builder(name, d, x -> x.discover(registry))
        .description(description)
        .strongReference(true)
        .register(registry);
  }

  private double discover(MeterRegistry registry) {
    Collection<? extends K> now = keys.get();
    for (K key : now) {
      if (known.add(key)) {
        register.accept(registry, key);
      }
    }
    return now.size();
  }
}
