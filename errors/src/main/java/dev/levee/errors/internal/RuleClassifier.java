package dev.levee.errors.internal;

import dev.levee.errors.ErrorCategory;
import dev.levee.errors.ErrorClassifier;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Walks an error's cause chain twice: once with the user's rules, then with the defaults, so a
 * user's rule beats a default wherever in the chain each matches. The walk stops after {@link
 * #MAX_CAUSE_DEPTH} links, which also makes it safe on cyclic chains without remembering what it
 * has seen, and so without allocating.
 */
public final class RuleClassifier implements ErrorClassifier {
  /** How many links of a cause chain are examined, starting with the error itself. */
  public static final int MAX_CAUSE_DEPTH = 64;

  private final RuleTier explicit;
  private final RuleTier defaults;
  private final StatusReader[] statusReaders;
  private final ErrorCategory fallback;

  /**
   * Creates a classifier.
   *
   * @param explicit the user's rules, or {@code null} for none
   * @param defaults the default rules, or {@code null} for none
   * @param statusReaders how to read an HTTP status from an error, tried in order
   * @param fallback the category when no rule matches
   */
  public RuleClassifier(
      RuleTier explicit,
      RuleTier defaults,
      List<StatusReader> statusReaders,
      ErrorCategory fallback) {
    this.explicit = explicit;
    this.defaults = defaults;
    this.statusReaders = statusReaders.toArray(new StatusReader[0]);
    this.fallback = Objects.requireNonNull(fallback, "fallback");
  }

  @Override
  public ErrorCategory classify(Throwable error) {
    Objects.requireNonNull(error, "error");
    if (explicit != null) {
      ErrorCategory found = walk(error, explicit);
      if (found != null) {
        return found;
      }
    }
    if (defaults != null) {
      ErrorCategory found = walk(error, defaults);
      if (found != null) {
        return found;
      }
    }
    return fallback;
  }

  private ErrorCategory walk(Throwable error, RuleTier rules) {
    Throwable link = error;
    for (int depth = 0; link != null && depth < MAX_CAUSE_DEPTH; depth++) {
      ErrorCategory found = rules.match(link, httpStatusOf(link));
      if (found != null) {
        return found;
      }
      link = link.getCause();
    }
    return null;
  }

  private int httpStatusOf(Throwable error) {
    for (StatusReader reader : statusReaders) {
      if (reader.type.isInstance(error)) {
        return reader.read(error);
      }
    }
    return -1;
  }

  /** Reads the HTTP status an exception type carries. */
  public static final class StatusReader {
    private final Class<?> type;
    private final ToIntFunction<Object> status;

    /**
     * Creates a reader.
     *
     * @param <T> the exception type
     * @param type the exception type
     * @param status reads its HTTP status
     * @return the reader
     */
    @SuppressWarnings("unchecked")
    public static <T> StatusReader of(Class<T> type, ToIntFunction<? super T> status) {
      return new StatusReader(type, (ToIntFunction<Object>) status);
    }

    private StatusReader(Class<?> type, ToIntFunction<Object> status) {
      this.type = type;
      this.status = status;
    }

    private int read(Throwable error) {
      return status.applyAsInt(error);
    }
  }
}
