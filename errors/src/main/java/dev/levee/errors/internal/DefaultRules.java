package dev.levee.errors.internal;

import static dev.levee.errors.ErrorCategory.FATAL;
import static dev.levee.errors.ErrorCategory.INVALID_INPUT;
import static dev.levee.errors.ErrorCategory.RETRIABLE;
import static dev.levee.errors.ErrorCategory.TRANSIENT;

import dev.levee.errors.ErrorCategory;

/**
 * The rules every classifier falls back on. Types are named, not referenced, so that a runtime
 * image without {@code java.sql} or {@code java.net.http} simply lacks those rules.
 */
public final class DefaultRules {
  /** The default tier, shared by every classifier. */
  public static final RuleTier RULES = build();

  private DefaultRules() {}

  private static RuleTier build() {
    RuleTier.Builder b = new RuleTier.Builder().honourClassified().defaultHttpMapping();

    // SQLState classes (SQL:2011 and PostgreSQL/CockroachDB codes).
    b.sqlState("08", RETRIABLE); // connection exception
    b.sqlState("40001", RETRIABLE); // serialization failure: the retry code of CockroachDB, PG
    b.sqlState("40P01", RETRIABLE); // deadlock detected
    b.sqlState("53", TRANSIENT); // insufficient resources
    b.sqlState("57P01", TRANSIENT); // admin shutdown
    b.sqlState("57P02", TRANSIENT); // crash shutdown
    b.sqlState("57P03", TRANSIENT); // cannot connect now (starting up)
    b.sqlState("22", INVALID_INPUT); // data exception
    b.sqlState("23", INVALID_INPUT); // integrity constraint violation
    b.sqlState("42", INVALID_INPUT); // syntax error or access rule violation
    b.sqlState("XX", FATAL); // internal error (PostgreSQL: data corrupted, index corrupted)

    type(b, "java.net.SocketTimeoutException", RETRIABLE);
    type(b, "java.net.ConnectException", RETRIABLE);
    type(b, "java.net.NoRouteToHostException", RETRIABLE);
    type(b, "java.net.UnknownHostException", RETRIABLE); // DNS hiccups pass
    type(b, "java.net.SocketException", RETRIABLE); // connection reset, broken pipe
    type(b, "java.util.concurrent.TimeoutException", RETRIABLE);
    type(b, "java.net.http.HttpTimeoutException", RETRIABLE);
    type(b, "java.nio.channels.InterruptedByTimeoutException", RETRIABLE);
    type(b, "java.sql.SQLRecoverableException", RETRIABLE);
    type(b, "java.sql.SQLTransactionRollbackException", RETRIABLE);
    // JDBC calls these non-transient, but a lost connection is exactly what retries and breakers
    // exist for: the same call succeeds once the server is back. SQLState class 08 agrees.
    type(b, "java.sql.SQLNonTransientConnectionException", RETRIABLE);

    type(b, "java.util.concurrent.RejectedExecutionException", TRANSIENT);
    type(b, "java.sql.SQLTransientException", TRANSIENT);

    type(b, "java.lang.IllegalArgumentException", INVALID_INPUT);
    type(b, "java.sql.SQLDataException", INVALID_INPUT);
    type(b, "java.sql.SQLIntegrityConstraintViolationException", INVALID_INPUT);
    type(b, "java.sql.SQLSyntaxErrorException", INVALID_INPUT);

    // An interrupted thread must stop, not retry. SocketTimeoutException extends
    // InterruptedIOException, and being more specific, stays RETRIABLE.
    type(b, "java.lang.InterruptedException", FATAL);
    type(b, "java.io.InterruptedIOException", FATAL);
    type(b, "java.nio.channels.ClosedByInterruptException", FATAL);
    return b.build();
  }

  private static void type(RuleTier.Builder b, String className, ErrorCategory category) {
    try {
      b.type(Class.forName(className, false, ClassLoader.getPlatformClassLoader()), category);
    } catch (ClassNotFoundException | LinkageError absent) {
      // The JDK module that defines it is not in this runtime image, so nothing can throw it.
    }
  }
}
