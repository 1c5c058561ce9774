package dev.levee.health.checks;

import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reports how full the file system holding a path is: DEGRADED from 75 % used, DOWN from 90 % (both
 * configurable), with total, free and used figures in the data. An optional action runs when use
 * reaches the degraded threshold (prune old files, drop caches); it runs on the check's thread, at
 * most once per check, and what it frees is seen by the same check.
 *
 * <pre>{@code
 * monitor.register(HealthCheckConfig.builder("disk").build(),
 *     DiskSpaceHealthCheck.builder(Path.of("/var/lib/app")).onDegraded(usage -> pruneSnapshots()).build());
 * }</pre>
 */
public final class DiskSpaceHealthCheck implements HealthCheck {
  /**
   * What the check saw: a file system's size and the bytes still writable. Immutable. A class
   * rather than a record, as every snapshot in Levee, so that it can hold more figures later
   * without breaking a {@link SpaceSource} or its readers.
   */
  public static final class Usage {
    private final long totalBytes;
    private final long usableBytes;

    private Usage(long totalBytes, long usableBytes) {
      this.totalBytes = totalBytes;
      this.usableBytes = usableBytes;
    }

    /**
     * The file system's size.
     *
     * @return the size in bytes
     */
    public long totalBytes() {
      return totalBytes;
    }

    /**
     * The bytes this JVM may still write.
     *
     * @return the count
     */
    public long usableBytes() {
      return usableBytes;
    }

    /**
     * A reading.
     *
     * @param totalBytes the file system's size
     * @param usableBytes the bytes this JVM may still write
     * @return the usage
     */
    public static Usage of(long totalBytes, long usableBytes) {
      return new Usage(totalBytes, usableBytes);
    }

    /**
     * The share of the space in use.
     *
     * @return used / total, 0 for an empty file system
     */
    public double usedRatio() {
      return totalBytes <= 0 ? 0 : (double) (totalBytes - usableBytes) / totalBytes;
    }

    /**
     * Whether {@code other} is a {@code Usage} with equal components.
     *
     * @param other the object to compare with
     * @return {@code true} if equal
     */
    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof Usage)) {
        return false;
      }
      Usage o = (Usage) other;
      return totalBytes == o.totalBytes && usableBytes == o.usableBytes;
    }

    @Override
    public int hashCode() {
      return Objects.hash(totalBytes, usableBytes);
    }

    @Override
    public String toString() {
      return "Usage[" + "totalBytes=" + totalBytes + ", usableBytes=" + usableBytes + "]";
    }
  }

  /** Reads a file system's space: {@link FileStore} by default, a fake in tests. */
  @FunctionalInterface
  public interface SpaceSource {
    /**
     * Reads the space now.
     *
     * @return the usage
     * @throws IOException if the file system cannot be read
     */
    Usage read() throws IOException;
  }

  private final String path;
  private final SpaceSource source;
  private final double degradedAt;
  private final double downAt;
  private final Consumer<Usage> onDegraded;

  private DiskSpaceHealthCheck(Builder b) {
    this.path = b.path;
    this.source = b.source;
    this.degradedAt = b.degradedAt;
    this.downAt = b.downAt;
    this.onDegraded = b.onDegraded;
  }

  /**
   * Starts a check of the file system holding {@code path}.
   *
   * @param path a path on the file system to watch; it must exist when the check runs
   * @return a builder
   */
  public static Builder builder(Path path) {
    Objects.requireNonNull(path, "path");
    return new Builder(
        path.toString(),
        () -> {
          FileStore store = Files.getFileStore(path);
          return Usage.of(store.getTotalSpace(), store.getUsableSpace());
        });
  }

  /**
   * Starts a check over any source of figures (for tests, or a volume Levee cannot see as a path).
   *
   * @param label names the volume in the data
   * @param source reads the figures
   * @return a builder
   */
  public static Builder builder(String label, SpaceSource source) {
    return new Builder(
        Objects.requireNonNull(label, "label"), Objects.requireNonNull(source, "source"));
  }

  @Override
  public HealthResult check() throws IOException {
    Usage usage = source.read();
    if (usage.usedRatio() >= degradedAt && onDegraded != null) {
      onDegraded.accept(usage);
      usage = source.read();
    }
    double used = usage.usedRatio();
    String pct = String.format(Locale.ROOT, "%.1f%%", used * 100);
    HealthResult result =
        used >= downAt
            ? HealthResult.down(pct + " used, at or above " + percent(downAt))
            : used >= degradedAt
                ? HealthResult.degraded(pct + " used, at or above " + percent(degradedAt))
                : HealthResult.up();
    return result
        .withData("path", path)
        .withData("total_bytes", usage.totalBytes())
        .withData("free_bytes", usage.usableBytes())
        .withData("used_ratio", Math.round(used * 1000) / 1000.0);
  }

  private static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
  }

  /** Builds a {@link DiskSpaceHealthCheck}. Not thread-safe. */
  public static final class Builder {
    private final String path;
    private final SpaceSource source;
    private double degradedAt = 0.75;
    private double downAt = 0.90;
    private Consumer<Usage> onDegraded;

    private Builder(String path, SpaceSource source) {
      this.path = path;
      this.source = source;
    }

    /**
     * Sets the thresholds (defaults 0.75 and 0.90).
     *
     * @param degradedAt used share from which the check is DEGRADED, in (0, 1]
     * @param downAt used share from which it is DOWN, in [degradedAt, 1]
     * @return this builder
     * @throws IllegalArgumentException naming the bad value
     */
    public Builder thresholds(double degradedAt, double downAt) {
      if (!(degradedAt > 0 && degradedAt <= 1)) {
        throw new IllegalArgumentException(
            "disk space check: degradedAt must be in (0, 1], was " + degradedAt);
      }
      if (!(downAt >= degradedAt && downAt <= 1)) {
        throw new IllegalArgumentException(
            "disk space check: downAt must be in [degradedAt ("
                + degradedAt
                + "), 1], was "
                + downAt);
      }
      this.degradedAt = degradedAt;
      this.downAt = downAt;
      return this;
    }

    /**
     * Sets an action to run when use reaches the degraded threshold, before the check judges.
     *
     * @param action receives what the check saw; may free space
     * @return this builder
     */
    public Builder onDegraded(Consumer<Usage> action) {
      this.onDegraded = Objects.requireNonNull(action, "action");
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     */
    public DiskSpaceHealthCheck build() {
      return new DiskSpaceHealthCheck(this);
    }
  }
}
