package dev.levee.errors;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The root of every exception Levee throws: an unchecked exception that carries its {@link
 * ErrorCategory}, the operation that failed, immutable metadata, and when it happened.
 *
 * <p>Applications may throw it too, to tell every Levee policy directly how to treat a failure:
 *
 * <pre>{@code
 * throw ClassifiedException.builder(ErrorCategory.TRANSIENT, "quota exhausted")
 *     .operation("billing.charge")
 *     .metadata("tenant", tenantId)
 *     .metadata("api_key", apiKey) // shown as **** in getMessage() and toString()
 *     .cause(e)
 *     .build();
 * }</pre>
 *
 * <p>{@link #getMessage()} and {@link #toString()} include the category, the operation and the
 * metadata, with the value of every key that {@link Secrets#isSecretKey(String) looks secret}
 * replaced by {@value Secrets#MASK}; the message is built only when asked for, so a rejection that
 * is thrown and caught costs no string work. {@link #metadata()} returns the values unmasked, for
 * code that knows what it is doing.
 *
 * <p>Subtypes thrown on hot paths (rejections) pass {@code writableStackTrace = false}: a stack
 * trace would cost more than the call it protects and says nothing the name does not.
 *
 * <p>Instances are immutable and thread-safe.
 */
public class ClassifiedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The operation name used when none is given. */
  public static final String UNSPECIFIED_OPERATION = "unspecified";

  /** The category every policy acts on. */
  private final ErrorCategory category;

  /** The name of the operation that failed. */
  private final String operation;

  /** Immutable; {@code Map.copyOf} instances are serializable. */
  @SuppressWarnings("serial")
  private final Map<String, String> metadata;

  /** When the failure happened, from the clock the thrower was given. */
  private final Instant timestamp;

  /**
   * An exception with a stack trace, no metadata, and the system clock's current time.
   *
   * @param category how policies treat the failure
   * @param operation the operation that failed
   * @param reason what went wrong, in a few words
   * @throws NullPointerException if {@code category} is {@code null}
   */
  public ClassifiedException(ErrorCategory category, String operation, String reason) {
    this(category, operation, reason, Map.of(), null, Clock.systemUTC().instant(), true);
  }

  /**
   * An exception with a cause, a stack trace, no metadata, and the system clock's current time.
   *
   * @param category how policies treat the failure
   * @param operation the operation that failed
   * @param reason what went wrong, in a few words
   * @param cause the underlying error, or {@code null}
   * @throws NullPointerException if {@code category} is {@code null}
   */
  public ClassifiedException(
      ErrorCategory category, String operation, String reason, Throwable cause) {
    this(category, operation, reason, Map.of(), cause, Clock.systemUTC().instant(), true);
  }

  /**
   * The full constructor, for subtypes.
   *
   * @param category how policies treat the failure
   * @param operation the operation that failed; {@code null} means {@link #UNSPECIFIED_OPERATION}
   * @param reason what went wrong, in a few words; {@code null} means the category's name
   * @param metadata key-value details, copied; neither keys nor values may be {@code null}
   * @param cause the underlying error, or {@code null}
   * @param timestamp when it happened
   * @param writableStackTrace {@code false} for hot-path exceptions that skip the stack trace (and
   *     suppression)
   * @throws NullPointerException if {@code category}, {@code metadata}, {@code timestamp} or a
   *     metadata key or value is {@code null}
   */
  protected ClassifiedException(
      ErrorCategory category,
      String operation,
      String reason,
      Map<String, String> metadata,
      Throwable cause,
      Instant timestamp,
      boolean writableStackTrace) {
    super(reason, cause, writableStackTrace, writableStackTrace);
    this.category = Objects.requireNonNull(category, "category");
    this.operation = operation == null ? UNSPECIFIED_OPERATION : operation;
    this.metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
  }

  /**
   * Starts building an exception.
   *
   * @param category how policies treat the failure
   * @param reason what went wrong, in a few words
   * @return a builder
   * @throws NullPointerException if {@code category} is {@code null}
   */
  public static Builder builder(ErrorCategory category, String reason) {
    return new Builder(category, reason);
  }

  /**
   * How Levee's policies treat this failure.
   *
   * @return the category, never {@code null}
   */
  public ErrorCategory category() {
    return category;
  }

  /**
   * The operation that failed, such as {@code db.query} or {@code proposal}.
   *
   * @return the operation name, never {@code null}
   */
  public String operation() {
    return operation;
  }

  /**
   * The details attached by the thrower, unmasked.
   *
   * @return an immutable map; iteration order is unspecified
   */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * When the failure happened, read from the clock the thrower was given.
   *
   * @return the instant
   */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * The reason alone, without category, operation or metadata.
   *
   * @return the reason given to the constructor, or the category's name if none was
   */
  public String reason() {
    String reason = super.getMessage();
    return reason == null ? category.name() : reason;
  }

  /**
   * The reason followed by category, operation and metadata, secret values masked: {@code
   * connection refused [category=RETRIABLE, operation=db.query, host=db-1, password=****]}.
   *
   * @return the message
   */
  @Override
  public String getMessage() {
    StringBuilder out = new StringBuilder(64).append(reason());
    out.append(" [category=").append(category).append(", operation=").append(operation);
    metadata.keySet().stream()
        .sorted()
        .forEach(
            key ->
                out.append(", ")
                    .append(key)
                    .append('=')
                    .append(Secrets.displayValue(key, metadata.get(key))));
    return out.append(']').toString();
  }

  /**
   * Builds a {@link ClassifiedException}. Not thread-safe; each {@link #build()} copies what was
   * set, so later changes never reach an exception already built.
   */
  public static final class Builder {
    private final ErrorCategory category;
    private final String reason;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private String operation = UNSPECIFIED_OPERATION;
    private Throwable cause;
    private Clock clock = Clock.systemUTC();
    private boolean stackTrace = true;

    private Builder(ErrorCategory category, String reason) {
      this.category = Objects.requireNonNull(category, "category");
      this.reason = reason;
    }

    /**
     * Names the operation that failed.
     *
     * @param operation the operation name
     * @return this builder
     * @throws NullPointerException if {@code operation} is {@code null}
     */
    public Builder operation(String operation) {
      this.operation = Objects.requireNonNull(operation, "operation");
      return this;
    }

    /**
     * Adds a detail. Values of keys that look secret are masked in messages.
     *
     * @param key the key
     * @param value the value; {@link String#valueOf(Object)} is stored
     * @return this builder
     * @throws NullPointerException if {@code key} is {@code null}
     */
    public Builder metadata(String key, Object value) {
      metadata.put(Objects.requireNonNull(key, "metadata key"), String.valueOf(value));
      return this;
    }

    /**
     * Sets the underlying error.
     *
     * @param cause the cause, or {@code null}
     * @return this builder
     */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /**
     * Sets the clock that stamps the exception (a fixed clock in tests).
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is {@code null}
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Skips the stack trace, for exceptions that are thrown often and caught nearby.
     *
     * @return this builder
     */
    public Builder withoutStackTrace() {
      this.stackTrace = false;
      return this;
    }

    /**
     * Builds the exception, stamped with the clock's current instant.
     *
     * @return a new exception
     */
    public ClassifiedException build() {
      return new ClassifiedException(
          category, operation, reason, metadata, cause, clock.instant(), stackTrace);
    }
  }
}
