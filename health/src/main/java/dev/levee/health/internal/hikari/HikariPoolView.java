package dev.levee.health.internal.hikari;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.levee.health.internal.PoolView;
import javax.sql.DataSource;

/** A HikariCP pool's figures and soft eviction, read through its pool MXBean. Thread-safe. */
public final class HikariPoolView implements PoolView {
  private final HikariDataSource pool;

  private HikariPoolView(HikariDataSource pool) {
    this.pool = pool;
  }

  /**
   * The view of a HikariCP pool; call it only for a data source whose class is (or extends) {@link
   * HikariDataSource}, as {@link PoolView#of(DataSource)} does.
   *
   * @param dataSource a HikariCP pool
   * @return its view
   * @throws ClassCastException if it is another data source, or HikariCP's class from another
   *     loader
   */
  public static PoolView of(DataSource dataSource) {
    return new HikariPoolView((HikariDataSource) dataSource);
  }

  @Override
  public String name() {
    return pool.getPoolName();
  }

  @Override
  public Figures figures() {
    HikariPoolMXBean mx = pool.getHikariPoolMXBean(); // null until the pool has started
    if (mx == null) {
      return null;
    }
    return new Figures(
        mx.getActiveConnections(),
        mx.getIdleConnections(),
        mx.getTotalConnections(),
        mx.getThreadsAwaitingConnection());
  }

  @Override
  public boolean softEvict() {
    HikariPoolMXBean mx = pool.getHikariPoolMXBean();
    if (mx == null) {
      return false;
    }
    mx.softEvictConnections();
    return true;
  }
}
