package dev.levee.health.checks;

import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Reports heap in use after the last garbage collection: DEGRADED above 85 % (configurable) of the
 * heap's maximum. Heap in use right now says little (garbage counts until collected); what survives
 * a collection is what the application holds. Figures come from each heap pool's collection usage
 * ({@link MemoryPoolMXBean#getCollectionUsage()}); before the first collection the check is UP with
 * no figures.
 */
public final class MemoryHealthCheck implements HealthCheck {
  private final double degradedAt;
  private final Supplier<MemoryUsage> afterGc;

  private MemoryHealthCheck(double degradedAt, Supplier<MemoryUsage> afterGc) {
    if (!(degradedAt > 0 && degradedAt <= 1)) {
      throw new IllegalArgumentException(
          "memory check: degradedAt must be in (0, 1], was " + degradedAt);
    }
    this.degradedAt = degradedAt;
    this.afterGc = afterGc;
  }

  /**
   * A check with the default threshold, 0.85.
   *
   * @return the check
   */
  public static MemoryHealthCheck create() {
    return new MemoryHealthCheck(0.85, MemoryHealthCheck::heapAfterGc);
  }

  /**
   * A check with another threshold.
   *
   * @param degradedAt share of the maximum heap above which the check is DEGRADED, in (0, 1]
   * @return the check
   * @throws IllegalArgumentException if the share is outside (0, 1]
   */
  public static MemoryHealthCheck degradedAbove(double degradedAt) {
    return new MemoryHealthCheck(degradedAt, MemoryHealthCheck::heapAfterGc);
  }

  /**
   * A check over any source of after-GC figures (for tests).
   *
   * @param degradedAt share of the maximum above which the check is DEGRADED, in (0, 1]
   * @param afterGc the figures; {@code null} when no collection has run yet
   * @return the check
   */
  public static MemoryHealthCheck of(double degradedAt, Supplier<MemoryUsage> afterGc) {
    return new MemoryHealthCheck(degradedAt, afterGc);
  }

  @Override
  public HealthResult check() {
    MemoryUsage usage = afterGc.get();
    if (usage == null || usage.getMax() <= 0) {
      return HealthResult.up().withData("after_gc", "no collection yet");
    }
    double ratio = (double) usage.getUsed() / usage.getMax();
    String text = String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    HealthResult result =
        ratio > degradedAt
            ? HealthResult.degraded(
                "heap after GC "
                    + text
                    + " of max, above "
                    + String.format(Locale.ROOT, "%.0f%%", degradedAt * 100))
            : HealthResult.up();
    return result
        .withData("heap_used_after_gc_bytes", usage.getUsed())
        .withData("heap_max_bytes", usage.getMax())
        .withData("heap_used_after_gc_ratio", Math.round(ratio * 1000) / 1000.0);
  }

  private static MemoryUsage heapAfterGc() {
    long used = 0;
    long max = 0;
    boolean any = false;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() != MemoryType.HEAP || !pool.isCollectionUsageThresholdSupported()) {
        continue;
      }
      MemoryUsage u = pool.getCollectionUsage();
      if (u == null) {
        continue;
      }
      any = true;
      used += u.getUsed();
      long poolMax = u.getMax() > 0 ? u.getMax() : u.getCommitted();
      max += poolMax;
    }
    return any && max > 0 ? new MemoryUsage(-1, used, used, Math.max(max, used)) : null;
  }
}
