package dev.levee.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;
import org.h2.engine.SysProperties;
import org.h2.tools.Server;

/**
 * The demo's database: H2 run as a TCP server on 127.0.0.1 only (an ephemeral port, a temporary
 * directory), behind a HikariCP pool, with a password generated for the run. The chaos script
 * {@link #stop()}s it and {@link #restart()}s it on the same port, with the same data.
 *
 * <p>Binding. H2 2.x has no server option for the address its TCP server binds: {@code
 * org.h2.util.NetUtils} binds the system property {@code h2.bindAddress}, read once, when {@code
 * org.h2.engine.SysProperties} loads, and every interface when it is unset. Without {@code
 * -tcpAllowOthers} H2 does refuse other hosts, but only after accepting their connection. So the
 * demo sets the property before H2 loads and checks that H2 read it: the port is then closed to
 * other hosts, not merely unwelcoming.
 *
 * <p>Password. The database is created by the pool's first connection ({@code -ifNotExists}) with
 * user {@code sa} and a random password that lives only in this object and the pool; H2 refuses
 * every other password, the empty one included. Not thread-safe: one thread starts, stops and
 * restarts it.
 */
final class DemoDatabase {
  static final String BIND_ADDRESS = "127.0.0.1";

  /**
   * How long a write takes when the database is well: the work a real database does for an order
   * (H2 alone takes well under a millisecond, and varies by as much; the adaptive limiter compares
   * latencies with the least it has seen, and would read that jitter as queueing).
   */
  static final java.time.Duration WRITE_TIME = java.time.Duration.ofMillis(20);

  private static final String H2_BIND_PROPERTY = "h2.bindAddress";

  private final Path dir;
  private final int port;
  private Server server;
  private HikariDataSource pool;

  private DemoDatabase(Path dir, Server server) {
    this.dir = dir;
    this.server = server;
    this.port = server.getPort();
  }

  /**
   * Starts H2 on 127.0.0.1 and a pool in front of it, and creates the orders table. On failure,
   * whatever was started is stopped and the directory deleted.
   *
   * @param workDir where the database's directory is made
   * @return the running database
   * @throws SQLException if H2 cannot start or the pool cannot connect
   * @throws IOException if the temporary directory cannot be created
   */
  static DemoDatabase start(Path workDir) throws SQLException, IOException {
    bindH2ToLoopback();
    Path dir = Files.createTempDirectory(workDir, "levee-demo-h2");
    DemoDatabase db;
    try {
      db = new DemoDatabase(dir, tcp(0, dir));
    } catch (SQLException | RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
    try {
      db.pool = pool(db.port, generatedPassword());
      try (Connection c = db.pool.getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE IF NOT EXISTS orders(id BIGINT PRIMARY KEY)");
        s.execute(
            "CREATE TRIGGER IF NOT EXISTS orders_slowdown BEFORE INSERT, UPDATE ON orders"
                + " FOR EACH ROW CALL '"
                + Slowdown.class.getName()
                + "'");
      }
    } catch (SQLException | RuntimeException e) {
      db.closeAll();
      throw e;
    }
    return db;
  }

  private static void bindH2ToLoopback() {
    System.setProperty(H2_BIND_PROPERTY, BIND_ADDRESS);
    String read = SysProperties.BIND_ADDRESS; // loads SysProperties, if nothing has yet
    if (!BIND_ADDRESS.equals(read)) {
      throw new IllegalStateException(
          "H2 was loaded before the demo could set "
              + H2_BIND_PROPERTY
              + "="
              + BIND_ADDRESS
              + " (it binds "
              + (read == null || read.isEmpty() ? "every interface" : read)
              + ")");
    }
  }

  private static Server tcp(int port, Path dir) throws SQLException {
    return Server.createTcpServer(
            "-tcpPort", Integer.toString(port), "-baseDir", dir.toString(), "-ifNotExists")
        .start();
  }

  private static String generatedPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static HikariDataSource pool(int port, String password) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl(port));
    hikari.setUsername("sa");
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(4);
    hikari.setConnectionTimeout(250);
    hikari.setValidationTimeout(250);
    hikari.setPoolName("orders-db");
    hikari.setExceptionOverrideClassName(H2BrokenConnections.class.getName());
    return new HikariDataSource(hikari);
  }

  private static String jdbcUrl(int port) {
    // DB_CLOSE_ON_EXIT=FALSE: H2 closes its databases from a JVM shutdown hook of its own, which on
    // SIGTERM ran at once, failing the calls the graceful shutdown lets finish; the demo's close
    // stops H2 itself, after the drain.
    return "jdbc:h2:tcp://" + BIND_ADDRESS + ":" + port + "/orders;DB_CLOSE_ON_EXIT=FALSE";
  }

  /**
   * The JDBC URL of the orders database.
   *
   * @return the URL (no credentials in it)
   */
  String jdbcUrl() {
    return jdbcUrl(port);
  }

  /**
   * The pool, which holds the password.
   *
   * @return the pool
   */
  HikariDataSource pool() {
    return pool;
  }

  /**
   * The H2 server's port, the same across restarts.
   *
   * @return the port
   */
  int port() {
    return port;
  }

  /**
   * Makes every write to the orders table take {@code delay} longer than {@link #WRITE_TIME},
   * inside H2: a trigger sleeps in the server's session thread while the row is written, so the
   * connection, and the pool's place, are held the whole time, as when a real database stalls on a
   * lock or a slow disk.
   *
   * @param delay the extra time of each write; zero for none
   */
  void slowDown(java.time.Duration delay) {
    Slowdown.delayMillis = WRITE_TIME.plus(delay).toMillis();
  }

  /** Stops the H2 server: every connection to it breaks. */
  void stop() {
    server.stop();
  }

  /**
   * Starts the H2 server again on its port, with the same data and password.
   *
   * @throws SQLException if it cannot start
   */
  void restart() throws SQLException {
    server = tcp(port, dir);
  }

  /**
   * Deletes the database's files; call once the server is stopped.
   *
   * @throws IOException if the directory cannot be walked
   */
  void deleteFiles() throws IOException {
    deleteTree(dir);
  }

  /** What a failed start needs: the pool closed, the server stopped, the files gone. */
  void closeAll() {
    if (pool != null) {
      pool.close();
    }
    server.stop();
    deleteQuietly(dir);
  }

  private static void deleteQuietly(Path dir) {
    try {
      deleteTree(dir);
    } catch (IOException | RuntimeException e) {
      // a temporary directory left behind is not worth hiding the start's own failure
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /**
   * The trigger that makes each write to the orders table take {@link #WRITE_TIME}, and longer
   * after {@link #slowDown}. H2, in this JVM, makes it by name.
   */
  public static final class Slowdown implements org.h2.api.Trigger {
    /** The time each write takes, in milliseconds; set by the chaos script. */
    static volatile long delayMillis = WRITE_TIME.toMillis();

    /** Created by H2 by name. */
    public Slowdown() {}

    @java.lang.Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
      long ms = delayMillis;
      if (ms > 0) {
        try {
          Thread.sleep(ms); // the slowdown itself: a write that takes this much longer
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while slowed down", "HYT00", e);
        }
      }
    }
  }

  /**
   * HikariCP evicts a connection on SQLState class 08; H2 reports a stopped server as 90067 or
   * 90121, so the pool needs telling, or it keeps lending dead connections after H2 is back.
   */
  public static final class H2BrokenConnections implements SQLExceptionOverride {
    /** Created by HikariCP by name. */
    public H2BrokenConnections() {}

    @java.lang.Override
    public Override adjudicate(SQLException e) {
      int code = e.getErrorCode();
      return code == 90067 || code == 90121 || code == 90098
          ? Override.MUST_EVICT
          : Override.CONTINUE_EVICT;
    }
  }
}
