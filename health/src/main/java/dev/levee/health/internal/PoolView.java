package dev.levee.health.internal;

import dev.levee.health.internal.hikari.HikariPoolView;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a data source check can see of, and do to, the connection pool behind a {@link DataSource}:
 * its figures and a soft eviction. Only HikariCP pools have one ({@link #of(DataSource)}).
 *
 * <p>Class loading. HikariCP is optional: a data source is recognised as a HikariCP pool by the
 * names of its class and superclasses, which loads nothing, and only then is {@link HikariPoolView}
 * (the one class that refers to HikariCP's types) loaded. The check of any other data source never
 * loads a HikariCP class, so it works without HikariCP on the class path. A data source that merely
 * wraps a pool (a proxy) is not recognised: asking it {@code isWrapperFor(HikariDataSource.class)}
 * would load HikariCP to ask.
 */
public interface PoolView {
  /** HikariCP's data source, by name only. */
  String HIKARI = "com.zaxxer.hikari.HikariDataSource";

  /**
   * A pool's connections at one moment.
   *
   * @param active lent out
   * @param idle waiting in the pool
   * @param total active and idle
   * @param awaiting threads waiting for a connection
   */
  record Figures(int active, int idle, int total, int awaiting) {}

  /**
   * The pool's name.
   *
   * @return the name
   */
  String name();

  /**
   * The figures now.
   *
   * @return the figures, or {@code null} while the pool has not started
   */
  Figures figures();

  /**
   * Asks the pool to replace its connections: idle ones are closed now, those in use when returned.
   *
   * @return whether the pool was running to be asked
   */
  boolean softEvict();

  /**
   * The pool behind {@code dataSource}, if it is a HikariCP pool.
   *
   * @param dataSource the data source
   * @return the view, or {@code null} for any other data source
   */
  static PoolView of(DataSource dataSource) {
    for (Class<?> c = dataSource.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(HIKARI)) {
        try {
          return HikariPoolView.of(dataSource);
        } catch (LinkageError | ClassCastException e) {
          // A HikariCP pool from a class loader Levee does not share (or without HikariCP where
          // Levee is loaded): check it as a plain data source, and say why its figures are missing.
          Logger log = LoggerFactory.getLogger("dev.levee.health.checks.DataSourceHealthCheck");
          log.atWarn()
              .addKeyValue("component", "health")
              .log(
                  "health: {} is a HikariCP pool that levee-health cannot read ({}): checked"
                      + " without pool figures or recovery",
                  c.getName(),
                  e.toString());
          return null;
        }
      }
    }
    return null;
  }
}
