package dev.levee.examples.spring;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;

/**
 * HikariCP evicts a connection on SQLState class 08, but H2 reports a connection to a stopped
 * server as 90067 (broken) or 90121 (database closed): without this, the pool keeps lending dead
 * connections after the server is back. Named in {@code application.yml}.
 */
public final class H2BrokenConnections implements SQLExceptionOverride {
  /** Created by HikariCP. */
  public H2BrokenConnections() {}

  @java.lang.Override
  public Override adjudicate(SQLException e) {
    int code = e.getErrorCode();
    return code == 90067 || code == 90121 ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
  }
}
