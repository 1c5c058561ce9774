package dev.levee.errors.internal;

import dev.levee.errors.ClassifiedException;
import dev.levee.errors.ErrorCategory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One tier of classification rules (the user's, or the defaults), applied to a single throwable.
 *
 * <p>Within a tier the kinds of rule are tried in a fixed order, most particular first: a {@link
 * ClassifiedException}'s own category (defaults only), predicates in the order they were added,
 * SQLState prefixes (longest first), HTTP status, then exception type (most specific first). The
 * arrays are fixed when built, so matching allocates nothing. Thread-safe once built.
 */
public final class RuleTier {
  private final boolean honourClassified;
  private final Predicate<? super Throwable>[] predicates;
  private final ErrorCategory[] predicateCategories;
  private final String[] sqlPrefixes;
  private final ErrorCategory[] sqlCategories;
  private final int[] httpStatuses;
  private final ErrorCategory[] httpCategories;
  private final boolean defaultHttpMapping;
  private final TypeTable types;

  @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array cannot be created otherwise
  private RuleTier(Builder b) {
    this.honourClassified = b.honourClassified;
    this.predicates = b.predicates.toArray(new Predicate[0]);
    this.predicateCategories = b.predicateCategories.toArray(new ErrorCategory[0]);
    List<Map.Entry<String, ErrorCategory>> sql = new ArrayList<>(b.sqlStates.entrySet());
    sql.sort(
        Comparator.comparingInt((Map.Entry<String, ErrorCategory> e) -> e.getKey().length())
            .reversed());
    this.sqlPrefixes = sql.stream().map(Map.Entry::getKey).toArray(String[]::new);
    this.sqlCategories = sql.stream().map(Map.Entry::getValue).toArray(ErrorCategory[]::new);
    this.httpStatuses = b.httpStatuses.keySet().stream().mapToInt(Integer::intValue).toArray();
    this.httpCategories = b.httpStatuses.values().stream().toArray(ErrorCategory[]::new);
    this.defaultHttpMapping = b.defaultHttpMapping;
    this.types = new TypeTable(b.types);
  }

  /**
   * The rule a single throwable matches in this tier.
   *
   * @param error one link of a cause chain
   * @param httpStatus the HTTP status read from it, or -1
   * @return the category, or {@code null} when no rule of this tier matches
   */
  public ErrorCategory match(Throwable error, int httpStatus) {
    if (honourClassified && error instanceof ClassifiedException) {
      return ((ClassifiedException) error).category();
    }
    for (int i = 0; i < predicates.length; i++) {
      if (predicates[i].test(error)) {
        return predicateCategories[i];
      }
    }
    if (sqlPrefixes.length > 0 && SqlErrors.AVAILABLE) {
      ErrorCategory bySqlState = matchSqlState(SqlErrors.sqlStateOf(error));
      if (bySqlState != null) {
        return bySqlState;
      }
    }
    if (httpStatus >= 0) {
      ErrorCategory byStatus =
          defaultHttpMapping ? HttpStatuses.categoryOrNull(httpStatus) : lookupStatus(httpStatus);
      if (byStatus != null) {
        return byStatus;
      }
    }
    return types.lookup(error.getClass());
  }

  /** The category of the longest prefix rule matching {@code sqlState}, or {@code null}. */
  public ErrorCategory matchSqlState(String sqlState) {
    if (sqlState == null) {
      return null;
    }
    for (int i = 0; i < sqlPrefixes.length; i++) {
      String prefix = sqlPrefixes[i];
      if (sqlState.startsWith(prefix)) { // SQLStates are upper case by the standard
        return sqlCategories[i];
      }
    }
    return null;
  }

  private ErrorCategory lookupStatus(int status) {
    // A scan over a handful of ints: no boxing, no iterator.
    for (int i = 0; i < httpStatuses.length; i++) {
      if (httpStatuses[i] == status) {
        return httpCategories[i];
      }
    }
    return null;
  }

  /** Collects one tier's rules; validation of each rule happens in the public builder. */
  public static final class Builder {
    private boolean honourClassified;
    private boolean defaultHttpMapping;
    private final List<Predicate<? super Throwable>> predicates = new ArrayList<>();
    private final List<ErrorCategory> predicateCategories = new ArrayList<>();
    private final Map<String, ErrorCategory> sqlStates = new HashMap<>();
    private final Map<Integer, ErrorCategory> httpStatuses = new HashMap<>();
    private final Map<Class<?>, ErrorCategory> types = new HashMap<>();

    /** Creates an empty tier. */
    public Builder() {}

    /** Makes this tier answer a {@link ClassifiedException}'s own category first. */
    Builder honourClassified() {
      honourClassified = true;
      return this;
    }

    /** Makes this tier map any HTTP status read from an error with the default mapping. */
    Builder defaultHttpMapping() {
      defaultHttpMapping = true;
      return this;
    }

    /**
     * Adds a predicate rule.
     *
     * @param test the predicate
     * @param category its category
     * @return this builder
     */
    public Builder when(Predicate<? super Throwable> test, ErrorCategory category) {
      predicates.add(test);
      predicateCategories.add(category);
      return this;
    }

    /**
     * Adds a SQLState prefix rule.
     *
     * @param prefix the prefix, upper case
     * @param category its category
     * @return the category previously registered for the prefix, or {@code null}
     */
    public ErrorCategory sqlState(String prefix, ErrorCategory category) {
      return sqlStates.putIfAbsent(prefix, category);
    }

    /**
     * Adds an HTTP status rule.
     *
     * @param status the status
     * @param category its category
     * @return the category previously registered for the status, or {@code null}
     */
    public ErrorCategory httpStatus(int status, ErrorCategory category) {
      return httpStatuses.putIfAbsent(status, category);
    }

    /**
     * Adds an exception type rule.
     *
     * @param type the type
     * @param category its category
     * @return the category previously registered for the type, or {@code null}
     */
    public ErrorCategory type(Class<?> type, ErrorCategory category) {
      return types.putIfAbsent(type, category);
    }

    /**
     * Whether no rule was added.
     *
     * @return {@code true} if the tier would match nothing
     */
    public boolean isEmpty() {
      return !honourClassified
          && !defaultHttpMapping
          && predicates.isEmpty()
          && sqlStates.isEmpty()
          && httpStatuses.isEmpty()
          && types.isEmpty();
    }

    /**
     * Fixes the rules.
     *
     * @return the tier
     */
    public RuleTier build() {
      return new RuleTier(this);
    }
  }
}
