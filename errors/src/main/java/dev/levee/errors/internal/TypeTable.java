package dev.levee.errors.internal;

import dev.levee.errors.ErrorCategory;
import java.util.Map;

/**
 * Maps an exception class to the category of its most specific rule: the class itself, then its
 * superclasses nearest first. (Rules name classes: no interface can extend {@code Throwable}.)
 *
 * <p>The answer for a class never changes, so it is computed once per class and cached in a {@link
 * ClassValue}: after the first sighting of a type, a lookup is one {@code ClassValue.get} and
 * allocates nothing. Cached values are enum constants or a sentinel, so the cache never pins a
 * class loader.
 */
final class TypeTable extends ClassValue<Object> {
  private static final Object NONE = new Object();

  private final Map<Class<?>, ErrorCategory> rules;

  TypeTable(Map<Class<?>, ErrorCategory> rules) {
    this.rules = Map.copyOf(rules);
  }

  /** The category of the most specific rule for {@code type}, or {@code null} if none applies. */
  ErrorCategory lookup(Class<?> type) {
    Object found = get(type);
    return found == NONE ? null : (ErrorCategory) found;
  }

  @Override
  protected Object computeValue(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      ErrorCategory direct = rules.get(c);
      if (direct != null) {
        return direct;
      }
    }
    return NONE;
  }
}
