package dev.levee.health;

import dev.levee.common.internal.Require;
import dev.levee.errors.Secrets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one run of a {@link HealthCheck} found: a status, the reason when it is not UP, flat data
 * (strings, numbers and booleans, in insertion order) and, when the check failed with an error,
 * that error as text. Immutable and thread-safe; make one with {@link #up()}, {@link
 * #degraded(String)}, {@link #down(String)} or {@link #of(Status, String)}, and add to it with
 * {@link #withData(String, Object)}, {@link #withNamedData(Map)} and {@link #withError(String)},
 * each of which returns a copy.
 *
 * <p>Values of keys that look secret ({@link Secrets#isSecretKey(String)}: password, token, key,
 * ...) are masked when added by {@link #withData(String, Object)}, so no endpoint can show them;
 * data enters a result only through these methods.
 *
 * <p>A class rather than a record, as every snapshot and result in Levee: a result gains parts as
 * health checks learn to report more, and a record's canonical constructor and deconstruction
 * pattern would change with each.
 */
public final class HealthResult {
  private static final HealthResult UP =
      new HealthResult(Status.UP, null, new LinkedHashMap<>(), null);

  private final Status status;
  private final String reason;
  private final Map<String, Object> data; // a read-only view of a map no one else holds
  private final String error;

  /**
   * A result.
   *
   * @param owned the data, checked and masked as it was added; owned: never handed out or changed
   */
  private HealthResult(
      Status status, String reason, LinkedHashMap<String, Object> owned, String error) {
    Objects.requireNonNull(status, "status");
    if (status != Status.UP && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("health result: a " + status + " result needs a reason");
    }
    this.status = status;
    this.reason = reason;
    this.data = Collections.unmodifiableMap(owned);
    this.error = error;
  }

  /**
   * The status.
   *
   * @return the status
   */
  public Status status() {
    return status;
  }

  /**
   * Why the status is not UP.
   *
   * @return the reason; {@code null} only when UP (and an UP may have one)
   */
  public String reason() {
    return reason;
  }

  /**
   * Flat values: {@link String}, {@link Number} or {@link Boolean}, in the order added.
   *
   * @return the data, read-only
   */
  public Map<String, Object> data() {
    return data;
  }

  /**
   * The error that made the check fail, as {@code CATEGORY: Type: message}.
   *
   * @return the error, or {@code null}
   */
  public String error() {
    return error;
  }

  /**
   * A healthy result with no data.
   *
   * @return UP
   */
  public static HealthResult up() {
    return UP;
  }

  /**
   * A working result with less margin than intended.
   *
   * @param reason what is wrong
   * @return DEGRADED
   */
  public static HealthResult degraded(String reason) {
    return new HealthResult(Status.DEGRADED, reason, new LinkedHashMap<>(), null);
  }

  /**
   * A failed result.
   *
   * @param reason what is wrong
   * @return DOWN
   */
  public static HealthResult down(String reason) {
    return new HealthResult(Status.DOWN, reason, new LinkedHashMap<>(), null);
  }

  /**
   * A result of this status.
   *
   * @param status the status
   * @param reason why, when not UP
   * @return the result
   */
  public static HealthResult of(Status status, String reason) {
    return status == Status.UP && reason == null
        ? UP
        : new HealthResult(status, reason, new LinkedHashMap<>(), null);
  }

  /**
   * This result with one more data entry (replacing one of the same key).
   *
   * @param key the key, not blank
   * @param value a {@link String}, {@link Number} or {@link Boolean}; masked if the key looks
   *     secret
   * @return a copy with the entry
   * @throws IllegalArgumentException if the key is blank or the value is not flat
   */
  public HealthResult withData(String key, Object value) {
    LinkedHashMap<String, Object> next = new LinkedHashMap<>(data);
    next.put(checkKey(key), flat(key, value, true));
    return new HealthResult(status, reason, next, error);
  }

  /**
   * This result with the entries of {@code entries} added, never masked: for values that cannot
   * hold a secret (a state, a count, an age) under keys that are names chosen elsewhere, which
   * {@link #withData} would mask if they merely look secret (a breaker called {@code auth-service},
   * a peer called {@code keystore}). Use {@link #withData} for anything else.
   *
   * @param entries keys (not blank) to {@link String}, {@link Number} or {@link Boolean} values, in
   *     the order to show them
   * @return a copy with the entries
   * @throws IllegalArgumentException if a key is blank or a value is not flat
   */
  public HealthResult withNamedData(Map<String, ?> entries) {
    LinkedHashMap<String, Object> next = new LinkedHashMap<>(data);
    for (Map.Entry<String, ?> e : entries.entrySet()) {
      next.put(checkKey(e.getKey()), flat(e.getKey(), e.getValue(), false));
    }
    return new HealthResult(status, reason, next, error);
  }

  /**
   * This result with an error text.
   *
   * @param error the error, as shown to operators allowed to see details
   * @return a copy with the error
   */
  public HealthResult withError(String error) {
    return new HealthResult(status, reason, new LinkedHashMap<>(data), error);
  }

  /**
   * This result with another status and reason, its data and error kept (a check that judges
   * figures it has gathered, say, or one that turns a measurement into a verdict).
   *
   * @param status the status
   * @param reason why, when not UP
   * @return a copy with the status and reason
   * @throws IllegalArgumentException if a status other than UP has no reason
   */
  public HealthResult withStatus(Status status, String reason) {
    return new HealthResult(status, reason, new LinkedHashMap<>(data), error);
  }

  /**
   * Whether {@code other} is a result with the same status, reason, data and error.
   *
   * @param other the object to compare with
   * @return {@code true} if equal
   */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof HealthResult)) {
      return false;
    }
    HealthResult o = (HealthResult) other;
    return status == o.status
        && Objects.equals(reason, o.reason)
        && data.equals(o.data)
        && Objects.equals(error, o.error);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, reason, data, error);
  }

  @Override
  public String toString() {
    return "HealthResult[status="
        + status
        + ", reason="
        + reason
        + ", data="
        + data
        + ", error="
        + error
        + "]";
  }

  private static String checkKey(String key) {
    return Require.notBlank("health result: a data key", key);
  }

  private static Object flat(String key, Object value, boolean mask) {
    if (value instanceof String || value instanceof Boolean || value instanceof Number) {
      return mask && Secrets.isSecretKey(key) ? Secrets.MASK : value;
    }
    throw new IllegalArgumentException(
        "health result: data \""
            + key
            + "\" must be a String, Number or Boolean (flat, as MicroProfile Health requires),"
            + " was "
            + (value == null ? "null" : value.getClass().getName()));
  }
}
