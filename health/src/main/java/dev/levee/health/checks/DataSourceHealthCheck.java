package dev.levee.health.checks;

import dev.levee.common.internal.Require;
import dev.levee.core.Backoff;
import dev.levee.health.HealthCheck;
import dev.levee.health.HealthResult;
import dev.levee.health.Status;
import dev.levee.health.internal.PoolView;
import dev.levee.health.internal.Scrub;
import dev.levee.timeouts.Durations;
import dev.levee.timeouts.Ticker;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks any JDBC {@link DataSource}: borrows a connection and validates it ({@link
 * Connection#isValid(int)}, bounded by the validation timeout). DOWN when no valid connection can
 * be had.
 *
 * <p>HikariCP. When the data source is a HikariCP pool ({@code HikariDataSource} or a subclass),
 * the check also reports the pool's figures ({@code pool}, {@code active}, {@code idle}, {@code
 * total}, {@code threads_awaiting}), is DEGRADED when threads have been waiting for connections at
 * several checks in a row (the pool is too small or connections leak), and can recover the pool.
 * HikariCP is recognised by the name of the data source's class, so the check of any other data
 * source never loads a HikariCP class and works without HikariCP on the class path. A data source
 * that wraps a pool (a proxy) is checked as a plain one: pass the pool itself for its figures.
 *
 * <p>Recovery, off by default, for a HikariCP pool: after {@code recoverAfter} failures in a row,
 * the check asks the pool to soft-evict its connections (those in use are closed when returned), so
 * connections to a database that has restarted or failed over are replaced; evictions back off (1s,
 * 2s, 4s ... 60s) while failures go on, and the backoff resets on success.
 *
 * <p>A data source without a pool opens a new connection at each check: mind the database's
 * connection limits and the check's interval. The JDBC URL, user and password never appear: the
 * reason names the SQLState and error code only, and the error text has credentials masked. This
 * class is thread-safe.
 */
public final class DataSourceHealthCheck implements HealthCheck {
  private static final Logger LOG = LoggerFactory.getLogger(DataSourceHealthCheck.class);

  private final DataSource dataSource;
  private final PoolView pool; // null unless the data source is a HikariCP pool
  private final int validationSeconds;
  private final int waitingChecks;
  private final int recoverAfter;
  private final Backoff.Attempts evictions;
  private final Ticker ticker;
  // Guarded by lock: the bookkeeping after a check, never the connection attempt itself.
  private final ReentrantLock lock = new ReentrantLock();
  private int failures;
  private int waitingSeen;
  private long nextEvictionAt = Long.MIN_VALUE;

  private DataSourceHealthCheck(Builder b, PoolView pool) {
    this.dataSource = b.dataSource;
    this.pool = pool;
    this.validationSeconds = (int) Math.max(1, b.validationTimeout.toSeconds());
    this.waitingChecks = b.waitingChecks;
    this.recoverAfter = b.recoverAfter;
    this.ticker = b.ticker;
    this.evictions =
        Backoff.exponential(Duration.ofSeconds(1), 2, Duration.ofSeconds(60)).attempts();
  }

  /**
   * Starts a check of {@code dataSource}.
   *
   * @param dataSource any data source; a HikariCP pool also gets its figures reported
   * @return a builder: 1s validation, DEGRADED after 3 checks with waiting threads, no recovery
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  @Override
  public HealthResult check() {
    HealthResult result;
    try (Connection c = dataSource.getConnection()) {
      result =
          c.isValid(validationSeconds)
              ? HealthResult.up()
              : HealthResult.down("connection failed validation within " + validationSeconds + "s");
    } catch (SQLException e) {
      result =
          HealthResult.down(
                  "cannot get a valid connection (SQLState "
                      + e.getSQLState()
                      + ", error "
                      + e.getErrorCode()
                      + ")")
              .withError(Scrub.credentials(e.toString()));
    }
    PoolView.Figures figures = pool == null ? null : pool.figures();
    if (figures != null) {
      result =
          result
              .withData("pool", pool.name())
              .withData("active", figures.active())
              .withData("idle", figures.idle())
              .withData("total", figures.total())
              .withData("threads_awaiting", figures.awaiting());
    }
    lock.lock();
    try {
      return judge(result, figures);
    } finally {
      lock.unlock();
    }
  }

  private HealthResult judge(HealthResult measured, PoolView.Figures figures) {
    HealthResult result = measured;
    waitingSeen = figures != null && figures.awaiting() > 0 ? waitingSeen + 1 : 0;
    if (result.status() == Status.UP && waitingSeen >= waitingChecks) {
      result =
          result.withStatus(
              Status.DEGRADED,
              "threads waiting for connections at " + waitingSeen + " checks in a row");
    }
    if (result.status() == Status.DOWN) {
      failures++;
      recover();
    } else {
      failures = 0;
      evictions.reset();
      nextEvictionAt = Long.MIN_VALUE;
    }
    return result;
  }

  private void recover() {
    if (recoverAfter <= 0 || failures < recoverAfter || pool == null) {
      return;
    }
    long now = ticker.read();
    if (nextEvictionAt != Long.MIN_VALUE && now - nextEvictionAt < 0) {
      return;
    }
    if (!pool.softEvict()) {
      return; // the pool has not started: nothing to evict yet
    }
    Duration wait = evictions.next();
    nextEvictionAt = now + wait.toNanos();
    LOG.atWarn()
        .addKeyValue("component", "health")
        .addKeyValue("name", pool.name())
        .addKeyValue("failures", failures)
        .log(
            "health: soft-evicted the connections of pool \"{}\" after {} failed checks; next"
                + " eviction not before {}",
            pool.name(),
            failures,
            Durations.format(wait));
  }

  /** Builds a {@link DataSourceHealthCheck}. Not thread-safe. */
  public static final class Builder {
    private final DataSource dataSource;
    private Duration validationTimeout = Duration.ofSeconds(1);
    private int waitingChecks = 3;
    private int recoverAfter;
    private Ticker ticker = Ticker.system();

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * Sets how long validation may take (default 1s; JDBC counts whole seconds).
     *
     * @param timeout in [1s, 1m]
     * @return this builder
     */
    public Builder validationTimeout(Duration timeout) {
      this.validationTimeout =
          Require.inRange(
              "data source check: validationTimeout",
              timeout,
              Duration.ofSeconds(1),
              Duration.ofMinutes(1));
      return this;
    }

    /**
     * Sets after how many checks in a row with waiting threads a HikariCP pool's check is DEGRADED
     * (default 3). Other data sources report no waiting threads.
     *
     * @param checks at least 1
     * @return this builder
     */
    public Builder degradedAfterWaitingChecks(int checks) {
      this.waitingChecks =
          Require.atLeast("data source check: degradedAfterWaitingChecks", checks, 1);
      return this;
    }

    /**
     * Soft-evicts a HikariCP pool's connections after {@code failures} failed checks in a row,
     * backing off while failures continue (default: never).
     *
     * @param failures at least 1
     * @return this builder
     */
    public Builder recoverAfter(int failures) {
      this.recoverAfter = Require.atLeast("data source check: recoverAfter", failures, 1);
      return this;
    }

    /**
     * Sets the ticker that paces recovery.
     *
     * @param ticker the ticker
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds the check.
     *
     * @return the check
     * @throws IllegalArgumentException if recovery is asked of a data source that is not a HikariCP
     *     pool (there is no pool to evict)
     */
    public DataSourceHealthCheck build() {
      PoolView pool = PoolView.of(dataSource);
      if (recoverAfter > 0 && pool == null) {
        throw new IllegalArgumentException(
            "data source check: recoverAfter needs a HikariCP pool to soft-evict, and "
                + dataSource.getClass().getName()
                + " is not one (pass the pool itself, not a wrapper)");
      }
      return new DataSourceHealthCheck(this, pool);
    }
  }
}
