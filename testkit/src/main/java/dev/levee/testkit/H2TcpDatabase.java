package dev.levee.testkit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * A real H2 database served over TCP on 127.0.0.1 (an ephemeral port, a temporary directory), that
 * a test can {@link #stop()} and {@link #restart()} on the same port to inject a database outage,
 * and pools in front of it as a service would have them.
 */
public final class H2TcpDatabase implements AutoCloseable {
  private final Path dir;
  private final int port;
  private Server server;

  private H2TcpDatabase(Path dir, Server server) {
    this.dir = dir;
    this.server = server;
    this.port = server.getPort();
  }

  /**
   * Starts a server on an ephemeral port.
   *
   * @return the running database
   * @throws SQLException if H2 cannot start
   */
  public static H2TcpDatabase start() throws SQLException {
    Path dir;
    try {
      dir = Files.createTempDirectory("levee-h2");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new H2TcpDatabase(dir, tcp("0", dir));
  }

  private static Server tcp(String port, Path dir) throws SQLException {
    return Server.createTcpServer("-tcpPort", port, "-baseDir", dir.toString(), "-ifNotExists")
        .start();
  }

  /**
   * The JDBC URL of a database on this server.
   *
   * @param database the database name
   * @return the URL
   */
  public String jdbcUrl(String database) {
    return "jdbc:h2:tcp://127.0.0.1:" + port + "/" + database;
  }

  /**
   * A HikariCP pool for a database on this server: short timeouts (a connection within 1 s, a
   * validation within 250 ms) so a test sees an outage soon, and {@link H2BrokenConnections} so the
   * pool recovers after a restart. The connection timeout is not HikariCP's 250 ms minimum: on a
   * busy machine, the first connection to a restarted server can take longer than that.
   *
   * @param database the database name
   * @param poolName the pool's name
   * @param maxSize the pool's size
   * @return the pool; the caller closes it
   */
  public HikariDataSource pool(String database, String poolName, int maxSize) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl(database));
    config.setUsername("sa");
    config.setPassword("");
    config.setMaximumPoolSize(maxSize);
    config.setConnectionTimeout(1000);
    config.setValidationTimeout(250);
    config.setPoolName(poolName);
    config.setExceptionOverrideClassName(H2BrokenConnections.class.getName());
    return new HikariDataSource(config);
  }

  /** Stops the server: every connection to it breaks. */
  public void stop() {
    server.stop();
  }

  /**
   * Starts the server again on the same port, with the same data.
   *
   * @throws SQLException if H2 cannot start
   */
  public void restart() throws SQLException {
    server = tcp(String.valueOf(port), dir);
  }

  /** Stops the server and deletes its files. */
  @Override
  public void close() {
    server.stop();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * HikariCP evicts a connection on SQLState class 08, but H2 reports a connection to a stopped
   * server as 90067 (broken) or 90121 (database closed): without this, the pool keeps lending the
   * dead connection after the server is back, and nothing recovers. Real services using H2 behind
   * HikariCP need the same.
   */
  public static final class H2BrokenConnections implements SQLExceptionOverride {
    /** Created by HikariCP by name. */
    public H2BrokenConnections() {}

    @java.lang.Override // plain @Override would name SQLExceptionOverride.Override here
    public Override adjudicate(SQLException e) {
      int code = e.getErrorCode();
      return code == 90067 || code == 90121 || code == 90098
          ? Override.MUST_EVICT
          : Override.CONTINUE_EVICT;
    }
  }
}
