package dev.levee.health;

import dev.levee.common.internal.Require;
import dev.levee.errors.Secrets;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one run of a {@link HealthCheck} found: a status, the reason when it is not UP, flat data
 * (strings, numbers and booleans, in insertion order) and, when the check failed with an error,
 * that error as text. Immutable; {@link #withData(String, Object)} returns a copy.
 *
 * <p>Values of keys that look secret ({@link Secrets#isSecretKey(String)}: password, token, key,
 * ...) are masked when added, so no endpoint can show them.
 *
 * @param status the status
 * @param reason why the status is not UP; {@code null} only when UP
 * @param data flat values: {@link String}, {@link Number} or {@link Boolean}
 * @param error the error that made the check fail, as {@code CATEGORY: Type: message}, or {@code
 *     null}
 */
public record HealthResult(Status status, String reason, Map<String, Object> data, String error) {
  private static final HealthResult UP = new HealthResult(Status.UP, null, Map.of(), null);

  /**
   * Checks the values.
   *
   * @param status see {@link #status()}
   * @param reason see {@link #reason()}
   * @param data see {@link #data()}
   * @param error see {@link #error()}
   * @throws IllegalArgumentException if a status other than UP has no reason, or a data value is
   *     not flat
   */
  public HealthResult {
    Objects.requireNonNull(status, "status");
    if (status != Status.UP && (reason == null || reason.isBlank())) {
      throw new IllegalArgumentException("health result: a " + status + " result needs a reason");
    }
    Objects.requireNonNull(data, "data");
    if (!(data instanceof Vetted)) {
      LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
      data.forEach((k, v) -> copy.put(checkKey(k), flat(k, v, true)));
      data = new Vetted(copy);
    }
  }

  /**
   * The data of a result, read-only: built by this class entry by entry, each checked and masked as
   * it was added (the constructor, {@link #withData}, {@link #withNamedData}), so the constructor
   * takes one back as it is ({@code withError}, or a result rebuilt from its components). Only this
   * class can make one, so data from anywhere else is always checked and masked.
   */
  private static final class Vetted extends AbstractMap<String, Object>
      implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> entries; // owned: never handed out or changed

    Vetted(LinkedHashMap<String, Object> owned) {
      this.entries = owned;
    }

    /** Serialized as a plain read-only map: what is read back is outside data again. */
    private Object writeReplace() {
      return Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }

    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
      throw new java.io.InvalidObjectException("health result data is serialized as a plain map");
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      return Collections.unmodifiableMap(entries).entrySet();
    }

    @Override
    public Object get(Object key) {
      return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    @Override
    public int size() {
      return entries.size();
    }
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
    return new HealthResult(Status.DEGRADED, reason, Map.of(), null);
  }

  /**
   * A failed result.
   *
   * @param reason what is wrong
   * @return DOWN
   */
  public static HealthResult down(String reason) {
    return new HealthResult(Status.DOWN, reason, Map.of(), null);
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
        : new HealthResult(status, reason, Map.of(), null);
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
    return new HealthResult(status, reason, new Vetted(next), error);
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
    return new HealthResult(status, reason, new Vetted(next), error);
  }

  /**
   * This result with an error text.
   *
   * @param error the error, as shown to operators allowed to see details
   * @return a copy with the error
   */
  public HealthResult withError(String error) {
    return new HealthResult(status, reason, data, error);
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
