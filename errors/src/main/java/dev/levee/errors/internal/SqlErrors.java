package dev.levee.errors.internal;

import java.sql.SQLException;

/**
 * The only class that touches {@code java.sql}. It is used only when that module is present, so
 * Levee's errors module runs on a trimmed runtime image without it.
 */
final class SqlErrors {
  static final boolean AVAILABLE = isAvailable();

  private SqlErrors() {}

  /** The SQLState of {@code error} if it is an {@code SQLException} that has one, else null. */
  static String sqlStateOf(Throwable error) {
    return error instanceof SQLException ? ((SQLException) error).getSQLState() : null;
  }

  private static boolean isAvailable() {
    try {
      Class.forName("java.sql.SQLException", false, ClassLoader.getPlatformClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
