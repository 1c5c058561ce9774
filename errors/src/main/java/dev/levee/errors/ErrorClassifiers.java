package dev.levee.errors;

import dev.levee.errors.internal.DefaultRules;
import dev.levee.errors.internal.HttpStatuses;
import dev.levee.errors.internal.RuleClassifier;
import dev.levee.errors.internal.RuleClassifier.StatusReader;
import dev.levee.errors.internal.RuleTier;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * The default {@link ErrorClassifier}, a builder for adding rules ahead of it, and the default
 * mappings of HTTP statuses and SQLStates.
 *
 * <h2>How an error is classified</h2>
 *
 * <p>The classifier walks the error's cause chain, outermost first, for at most {@value
 * #MAX_CAUSE_DEPTH} links (so a cyclic or absurdly deep chain is safe). It walks twice: first with
 * the rules added to the {@linkplain #builder() builder}, then with the defaults, so a rule you add
 * always beats a default, wherever in the chain each matches. The first link a tier's rules match
 * decides. When nothing matches, the category is {@link ErrorCategory#FATAL} (or what {@link
 * Builder#otherwise(ErrorCategory)} sets).
 *
 * <p>For one link, a tier tries its rules in this order: predicates (in the order added), SQLState
 * prefixes (longest first), HTTP status, exception type (most specific first: the class, then its
 * superclasses nearest first).
 *
 * <h2>Defaults</h2>
 *
 * <table class="striped">
 *   <caption>Default rules</caption>
 *   <thead><tr><th>error</th><th>category</th></tr></thead>
 *   <tbody>
 *     <tr><td>{@link ClassifiedException}</td><td>its own category</td></tr>
 *     <tr><td>{@code SQLException} with SQLState class {@code 08} (connection), or {@code 40001}
 *       (serialization failure), {@code 40P01} (deadlock)</td><td>RETRIABLE</td></tr>
 *     <tr><td>SQLState class {@code 53} (insufficient resources), {@code 57P01}-{@code 57P03}
 *       (shutting down, starting up)</td><td>TRANSIENT</td></tr>
 *     <tr><td>SQLState class {@code 22}, {@code 23}, {@code 42} (data, constraint, syntax)</td>
 *       <td>INVALID_INPUT</td></tr>
 *     <tr><td>SQLState class {@code XX} (internal error, corruption)</td><td>FATAL</td></tr>
 *     <tr><td>{@code SocketTimeoutException}, {@code ConnectException}, {@code
 *       NoRouteToHostException}, other {@code SocketException}s (reset, broken pipe), {@code
 *       UnknownHostException}, {@code java.util.concurrent.TimeoutException}, {@code
 *       HttpTimeoutException}, {@code InterruptedByTimeoutException}, {@code
 *       SQLRecoverableException}, {@code SQLTransactionRollbackException}, {@code
 *       SQLNonTransientConnectionException}</td><td>RETRIABLE</td></tr>
 *     <tr><td>{@code RejectedExecutionException}, {@code SQLTransientException}</td>
 *       <td>TRANSIENT</td></tr>
 *     <tr><td>{@code IllegalArgumentException}, {@code SQLDataException}, {@code
 *       SQLIntegrityConstraintViolationException}, {@code SQLSyntaxErrorException}</td>
 *       <td>INVALID_INPUT</td></tr>
 *     <tr><td>{@code InterruptedException}, {@code InterruptedIOException} (but not its subclass
 *       {@code SocketTimeoutException}), {@code ClosedByInterruptException}</td>
 *       <td>FATAL</td></tr>
 *     <tr><td>an HTTP status read by a {@linkplain Builder#httpStatusOf reader}</td>
 *       <td>{@link #forHttpStatus(int)}</td></tr>
 *     <tr><td>anything else</td><td>FATAL</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Interruption is FATAL so that retries stop at once. Classifying never reads or clears the
 * thread's interrupt flag; code that catches an {@code InterruptedException} must restore it, as
 * Levee's own policies do ({@link #isInterruption(Throwable)} helps).
 *
 * <p>Classifiers are thread-safe. Classifying allocates nothing, except the first time a classifier
 * meets an exception class (it caches the answer per class) and whatever user predicates and status
 * readers allocate.
 */
public final class ErrorClassifiers {
  /** How many links of a cause chain are examined, starting with the error itself. */
  public static final int MAX_CAUSE_DEPTH = RuleClassifier.MAX_CAUSE_DEPTH;

  private static final ErrorClassifier DEFAULTS =
      new RuleClassifier(null, DefaultRules.RULES, List.of(), ErrorCategory.FATAL);

  private static final Pattern SQLSTATE_PREFIX = Pattern.compile("[0-9A-Z]{1,5}");

  private ErrorClassifiers() {}

  /**
   * The default classifier, described in the class documentation.
   *
   * @return a shared, thread-safe classifier
   */
  public static ErrorClassifier defaults() {
    return DEFAULTS;
  }

  /**
   * Starts a classifier whose rules are tried before the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The default category of an HTTP error status.
   *
   * <ul>
   *   <li>RETRIABLE: 408 Request Timeout, 425 Too Early, 500 Internal Server Error, 502 Bad
   *       Gateway, 504 Gateway Timeout, and any 5xx not named below;
   *   <li>TRANSIENT (back off longer, honour {@code Retry-After}): 429 Too Many Requests, 503
   *       Service Unavailable, 507 Insufficient Storage;
   *   <li>FATAL: 501, 505, 508, 510, 511, which no retry changes;
   *   <li>INVALID_INPUT: every other 4xx.
   * </ul>
   *
   * @param status an HTTP status code from 400 to 599
   * @return its category
   * @throws IllegalArgumentException if {@code status} is not an error status
   */
  public static ErrorCategory forHttpStatus(int status) {
    ErrorCategory category = HttpStatuses.categoryOrNull(status);
    if (category == null) {
      throw new IllegalArgumentException(
          "HTTP status must be an error status in [400, 599], was " + status);
    }
    return category;
  }

  /**
   * The default category of a SQLState, as in the class documentation.
   *
   * @param sqlState a five-character SQLState, or {@code null}
   * @return its category, or empty if no default rule covers it
   */
  public static Optional<ErrorCategory> forSqlState(String sqlState) {
    return Optional.ofNullable(DefaultRules.RULES.matchSqlState(sqlState));
  }

  /**
   * Whether an error, or one of its first {@value #MAX_CAUSE_DEPTH} causes, says the thread was
   * interrupted: an {@code InterruptedException}, a {@code ClosedByInterruptException}, or an
   * {@code InterruptedIOException} other than a {@code SocketTimeoutException}.
   *
   * @param error the error
   * @return {@code true} if the work was interrupted
   * @throws NullPointerException if {@code error} is {@code null}
   */
  public static boolean isInterruption(Throwable error) {
    Throwable link = Objects.requireNonNull(error, "error");
    for (int depth = 0; link != null && depth < MAX_CAUSE_DEPTH; depth++) {
      if (link instanceof InterruptedException
          || link instanceof ClosedByInterruptException
          || (link instanceof InterruptedIOException
              && !(link instanceof SocketTimeoutException))) {
        return true;
      }
      link = link.getCause();
    }
    return false;
  }

  /**
   * Builds a classifier with rules tried before the defaults. Each setter validates at once; {@link
   * #build()} copies the rules, so later changes never reach a built classifier. Not thread-safe.
   */
  public static final class Builder {
    private final RuleTier.Builder rules = new RuleTier.Builder();
    private final List<StatusReader> statusReaders = new ArrayList<>();
    private ErrorCategory fallback = ErrorCategory.FATAL;

    private Builder() {}

    /**
     * Classifies errors of a type, and its subtypes, as {@code category}. Where several type rules
     * cover an error, the most specific type wins.
     *
     * @param type the exception type
     * @param category its category
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code type} already has a rule
     */
    public Builder type(Class<? extends Throwable> type, ErrorCategory category) {
      Objects.requireNonNull(type, "type");
      ErrorCategory previous = rules.type(type, Objects.requireNonNull(category, "category"));
      if (previous != null) {
        throw new IllegalArgumentException(
            "type " + type.getName() + " already has a rule (" + previous + ")");
      }
      return this;
    }

    /**
     * Classifies errors matching a predicate as {@code category}. Predicates are tried in the order
     * they were added, before every other kind of rule; they must be thread-safe and should not
     * throw.
     *
     * @param test tested against each link of the cause chain
     * @param category the category of a match
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public Builder when(Predicate<? super Throwable> test, ErrorCategory category) {
      rules.when(
          Objects.requireNonNull(test, "test"), Objects.requireNonNull(category, "category"));
      return this;
    }

    /**
     * Classifies {@code SQLException}s whose SQLState starts with {@code prefix} as {@code
     * category}; the longest matching prefix wins. A prefix of two characters is a SQLState class
     * ({@code "08"}), five is one state ({@code "40001"}).
     *
     * @param prefix one to five characters, digits or upper-case letters
     * @param category its category
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if the prefix is malformed or already has a rule
     */
    public Builder sqlState(String prefix, ErrorCategory category) {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(category, "category");
      if (!SQLSTATE_PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException(
            "sqlState prefix must be 1 to 5 digits or upper-case letters, was \"" + prefix + "\"");
      }
      ErrorCategory previous = rules.sqlState(prefix, category);
      if (previous != null) {
        throw new IllegalArgumentException(
            "sqlState prefix \"" + prefix + "\" already has a rule (" + previous + ")");
      }
      return this;
    }

    /**
     * Classifies errors that carry HTTP status {@code status} as {@code category}, overriding
     * {@link #forHttpStatus(int)}. The status is read by the readers given to {@link
     * #httpStatusOf}.
     *
     * @param status an HTTP error status, 400 to 599
     * @param category its category
     * @return this builder
     * @throws NullPointerException if {@code category} is {@code null}
     * @throws IllegalArgumentException if {@code status} is not an error status or already has a
     *     rule
     */
    public Builder httpStatus(int status, ErrorCategory category) {
      Objects.requireNonNull(category, "category");
      if (status < 400 || status > 599) {
        throw new IllegalArgumentException(
            "httpStatus must be an error status in [400, 599], was " + status);
      }
      ErrorCategory previous = rules.httpStatus(status, category);
      if (previous != null) {
        throw new IllegalArgumentException(
            "httpStatus " + status + " already has a rule (" + previous + ")");
      }
      return this;
    }

    /**
     * Tells the classifier how to read the HTTP status from your HTTP client's exception type, for
     * example {@code httpStatusOf(HttpResponseException.class,
     * HttpResponseException::getStatusCode)}. Errors of that type are then classified by their
     * status: rules added with {@link #httpStatus} first, then {@link #forHttpStatus(int)}. A
     * status outside 400-599 matches no rule. Readers are tried in the order added.
     *
     * @param <T> the exception type
     * @param type the exception type
     * @param status reads the status; must be thread-safe and should not throw
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public <T extends Throwable> Builder httpStatusOf(
        Class<T> type, ToIntFunction<? super T> status) {
      statusReaders.add(
          StatusReader.of(
              Objects.requireNonNull(type, "type"), Objects.requireNonNull(status, "status")));
      return this;
    }

    /**
     * Sets the category of errors no rule matches (default {@link ErrorCategory#FATAL}).
     *
     * @param category the fallback category
     * @return this builder
     * @throws NullPointerException if {@code category} is {@code null}
     */
    public Builder otherwise(ErrorCategory category) {
      this.fallback = Objects.requireNonNull(category, "category");
      return this;
    }

    /**
     * Builds the classifier.
     *
     * @return a thread-safe classifier
     */
    public ErrorClassifier build() {
      return new RuleClassifier(
          rules.isEmpty() ? null : rules.build(), DefaultRules.RULES, statusReaders, fallback);
    }
  }
}
