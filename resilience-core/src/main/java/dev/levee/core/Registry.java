package dev.levee.core;

import dev.levee.common.internal.ListenerList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Named instances of one kind of primitive (circuit breakers, and later retries, rate limiters,
 * bulkheads), created on first use from named configuration templates. Metrics and health binders
 * follow a registry through its {@link Listener}s, so an instance created after binding gets its
 * meters and a removed one loses them.
 *
 * <pre>{@code
 * Registry<CircuitBreaker, CircuitBreakerConfig> breakers = CircuitBreaker.registry(defaults);
 * breakers.addTemplate("slow-dependency", slowConfig);
 * CircuitBreaker db = breakers.getOrCreate("db");                        // the default template
 * CircuitBreaker search = breakers.getOrCreate("search", "slow-dependency");
 * }</pre>
 *
 * <p>This class is thread-safe; {@link #getOrCreate(String)} of an existing name is a lock-free map
 * read. Listeners are called on the thread that added or removed the instance, after the change,
 * once per change, and in the order of the changes: creating, removing and replaying to a new
 * listener take one lock (a {@link ReentrantLock}, never held by a lookup), so no listener hears an
 * instance removed before it heard it added, or added twice.
 *
 * @param <T> the primitive
 * @param <C> its configuration
 */
public final class Registry<T, C> {
  /** The name of the template every registry starts with. */
  public static final String DEFAULT_TEMPLATE = "default";

  /**
   * Creates a primitive from its name and configuration.
   *
   * @param <T> the primitive
   * @param <C> its configuration
   */
  @FunctionalInterface
  public interface Factory<T, C> {
    /**
     * Creates the primitive.
     *
     * @param name its name
     * @param config its configuration
     * @return the primitive
     */
    T create(String name, C config);
  }

  /**
   * Follows a registry's contents. Both methods have empty defaults.
   *
   * @param <T> the primitive
   */
  public interface Listener<T> {
    /**
     * An instance was created.
     *
     * @param name its name
     * @param instance the instance
     */
    default void onAdded(String name, T instance) {}

    /**
     * An instance was removed.
     *
     * @param name its name
     * @param instance the instance
     */
    default void onRemoved(String name, T instance) {}
  }

  private final String kind;
  private final Factory<T, C> factory;
  private final ConcurrentHashMap<String, C> templates = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, T> instances = new ConcurrentHashMap<>();
  private final ListenerList<Listener<T>> listeners = new ListenerList<>(noListeners());
  private final ReentrantLock changes = new ReentrantLock(); // orders changes and their events

  private Registry(String kind, C defaultConfig, Factory<T, C> factory) {
    this.kind = kind;
    this.factory = factory;
    templates.put(DEFAULT_TEMPLATE, defaultConfig);
  }

  /**
   * Creates a registry.
   *
   * @param <T> the primitive
   * @param <C> its configuration
   * @param kind what it holds, for messages ({@code circuitBreaker})
   * @param defaultConfig the {@value #DEFAULT_TEMPLATE} template
   * @param factory creates instances
   * @return an empty registry
   */
  public static <T, C> Registry<T, C> of(String kind, C defaultConfig, Factory<T, C> factory) {
    return new Registry<>(
        Objects.requireNonNull(kind, "kind"),
        Objects.requireNonNull(defaultConfig, "defaultConfig"),
        Objects.requireNonNull(factory, "factory"));
  }

  /**
   * Adds or replaces a named configuration template. Instances already created keep theirs.
   *
   * @param template the template's name
   * @param config the configuration
   * @return this registry
   * @throws IllegalArgumentException if the name is blank
   */
  public Registry<T, C> addTemplate(String template, C config) {
    templates.put(checkName("template", template), Objects.requireNonNull(config, "config"));
    return this;
  }

  /**
   * A named template.
   *
   * @param template the template's name
   * @return its configuration, or empty
   */
  public Optional<C> template(String template) {
    return Optional.ofNullable(templates.get(template));
  }

  /**
   * The instance named {@code name}, created from the default template if it does not exist.
   *
   * @param name the instance's name
   * @return the instance
   */
  public T getOrCreate(String name) {
    return getOrCreate(name, DEFAULT_TEMPLATE);
  }

  /**
   * The instance named {@code name}, created from {@code template} if it does not exist. An
   * existing instance is returned as it is, whatever template it was made from.
   *
   * @param name the instance's name
   * @param template the template to create it from
   * @return the instance
   * @throws IllegalArgumentException if the name is blank or the template unknown
   */
  public T getOrCreate(String name, String template) {
    T existing = instances.get(checkName("name", name));
    if (existing != null) {
      return existing;
    }
    C config = templates.get(template);
    if (config == null) {
      throw new IllegalArgumentException(
          kind
              + " \""
              + name
              + "\": no template named \""
              + template
              + "\"; known templates: "
              + new TreeMap<>(templates).keySet());
    }
    return getOrCreate(name, config);
  }

  /**
   * The instance named {@code name}, created with {@code config} if it does not exist.
   *
   * @param name the instance's name
   * @param config the configuration for a new instance
   * @return the instance
   * @throws IllegalArgumentException if the name is blank
   */
  public T getOrCreate(String name, C config) {
    T existing = instances.get(checkName("name", name));
    if (existing != null) {
      return existing;
    }
    Objects.requireNonNull(config, "config");
    changes.lock();
    try {
      existing = instances.get(name);
      if (existing != null) {
        return existing;
      }
      T instance = factory.create(name, config);
      instances.put(name, instance);
      for (Listener<T> l : listeners.snapshot()) {
        l.onAdded(name, instance);
      }
      return instance;
    } finally {
      changes.unlock();
    }
  }

  /**
   * The instance named {@code name}, if it exists.
   *
   * @param name the name
   * @return the instance, or empty
   */
  public Optional<T> find(String name) {
    return Optional.ofNullable(instances.get(name));
  }

  /**
   * Every instance, by name.
   *
   * @return an immutable snapshot, sorted by name
   */
  public Map<String, T> all() {
    return Collections.unmodifiableMap(new TreeMap<>(instances));
  }

  /**
   * Removes an instance; listeners hear of it.
   *
   * @param name the name
   * @return the removed instance, or empty if there was none
   */
  public Optional<T> remove(String name) {
    changes.lock();
    try {
      T removed = instances.remove(name);
      if (removed != null) {
        for (Listener<T> l : listeners.snapshot()) {
          l.onRemoved(name, removed);
        }
      }
      return Optional.ofNullable(removed);
    } finally {
      changes.unlock();
    }
  }

  /**
   * How many instances exist.
   *
   * @return the count
   */
  public int size() {
    return instances.size();
  }

  /**
   * Adds a listener; with {@code replay}, it first hears {@code onAdded} for every instance that
   * already exists, so a binder attached late misses nothing.
   *
   * @param listener the listener
   * @param replay whether to report existing instances first
   */
  public void addListener(Listener<T> listener, boolean replay) {
    Objects.requireNonNull(listener, "listener");
    changes.lock();
    try {
      listeners.add(listener);
      if (replay) {
        List<Map.Entry<String, T>> existing = List.copyOf(new TreeMap<>(instances).entrySet());
        for (Map.Entry<String, T> e : existing) {
          listener.onAdded(e.getKey(), e.getValue());
        }
      }
    } finally {
      changes.unlock();
    }
  }

  /**
   * Removes a listener.
   *
   * @param listener the listener
   * @return whether it was registered
   */
  public boolean removeListener(Listener<T> listener) {
    return listeners.remove(listener);
  }

  @SuppressWarnings("unchecked") // an empty array holds no element of the wrong type
  private static <T> Listener<T>[] noListeners() {
    return (Listener<T>[]) new Listener<?>[0];
  }

  private String checkName(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          kind
              + ": "
              + what
              + " must not be blank, was "
              + (value == null ? "null" : "\"" + value + "\""));
    }
    return value;
  }
}
