package dev.levee.examples.spring;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.HexFormat;
import org.h2.tools.Server;

/**
 * The demo's database: H2 as a TCP server on 127.0.0.1 (an ephemeral port, a password made for the
 * run), holding an in-memory database that outlives the server's stops, so {@code --chaos} can take
 * it away and bring it back as a real outage would.
 */
final class OrderDatabase implements AutoCloseable {
  private final String password;
  private final int port;
  private volatile Server server;

  private OrderDatabase(Server server, String password) {
    this.server = server;
    this.port = server.getPort();
    this.password = password;
  }

  static OrderDatabase start() throws SQLException {
    byte[] secret = new byte[12];
    new SecureRandom().nextBytes(secret);
    return new OrderDatabase(tcp("0"), HexFormat.of().formatHex(secret));
  }

  private static Server tcp(String port) throws SQLException {
    // Daemon threads: the JVM exits when the application does, whatever H2 is doing.
    return Server.createTcpServer("-tcpPort", port, "-tcpDaemon", "-ifNotExists").start();
  }

  String url() {
    return "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:orders;DB_CLOSE_DELAY=-1";
  }

  String password() {
    return password;
  }

  /** Stops the server: every connection breaks, new ones are refused. */
  void stop() {
    server.stop();
  }

  /** Starts it again on the same port; the data is still there. */
  void restart() throws SQLException {
    server = tcp(String.valueOf(port));
  }

  @Override
  public void close() {
    server.stop();
  }
}
