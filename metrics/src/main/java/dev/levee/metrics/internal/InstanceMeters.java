package dev.levee.metrics.internal;

import dev.levee.core.Registry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one family's meters in step with a Levee {@link Registry}: meters for every instance that
 * exists when bound and for every instance created later, removed with their instance. Meters read
 * the instance at scrape time; nothing is added to a call.
 *
 * <p>Each meter registry is followed by its own {@link Registry.Listener}, added with replay: the
 * registry reports the instances that exist and every later change under one lock, so a binding
 * cannot miss a removal or hear an instance twice. The listener's state is only touched inside its
 * callbacks, that is under the registry's lock.
 *
 * <p>Two Levee registries with an instance of the same name, bound to the same meter registry,
 * would share one meter id and silently merge: the second is refused with an error naming both, and
 * the refused bind leaves no meter behind and follows nothing.
 *
 * @param <T> the primitive
 */
public final class InstanceMeters<T> {
  private static final Logger LOG = LoggerFactory.getLogger("dev.levee.metrics.LeveeMetrics");

  /** Registers one instance's meters. */
  @FunctionalInterface
  public interface Family<T> {
    /**
     * Registers the meters of one instance.
     *
     * @param meters where to register them
     * @param name the instance's name
     * @param instance the instance
     */
    void register(InstanceMeters<T>.Scope meters, String name, T instance);
  }

  private final String kind;
  private final Registry<T, ?> registry;
  private final Family<T> family;
  private final Function<String, String> naming;
  private final ReentrantLock binding = new ReentrantLock(); // orders binds; guards bindings
  private final Map<MeterRegistry, Binding> bindings = new IdentityHashMap<>();

  /**
   * Creates the follower.
   *
   * @param kind the family's kind, for messages ({@code circuit breaker})
   * @param registry the Levee registry to follow
   * @param family registers an instance's meters
   * @param naming maps the family's meter names (a prefix, a renamed family)
   */
  public InstanceMeters(
      String kind, Registry<T, ?> registry, Family<T> family, Function<String, String> naming) {
    this.kind = kind;
    this.registry = registry;
    this.family = family;
    this.naming = naming;
  }

  /**
   * Binds to a meter registry: meters for every instance now and later. Binding again to the same
   * meter registry does nothing.
   *
   * @param meterRegistry the meter registry
   * @throws IllegalStateException if an instance's meters are already registered by another Levee
   *     registry; then no meter of this family is left registered and nothing is followed
   */
  public void bindTo(MeterRegistry meterRegistry) {
    Objects.requireNonNull(meterRegistry, "meterRegistry");
    binding.lock();
    try {
      if (bindings.containsKey(meterRegistry)) {
        return;
      }
      Binding b = new Binding(meterRegistry);
      b.replaying = Thread.currentThread();
      try {
        registry.addListener(b, true); // replays the instances under the registry's lock
      } catch (RuntimeException | Error e) {
        // The listener undid its meters and went deaf before the exception left the lock.
        registry.removeListener(b);
        throw e;
      } finally {
        b.replaying = null;
      }
      bindings.put(meterRegistry, b);
    } finally {
      binding.unlock();
    }
  }

  /**
   * One meter registry's meters, by instance. Called only by the registry, under its lock: replayed
   * instances on the binding thread during {@link Registry#addListener}, later changes on the
   * thread that made them.
   */
  private final class Binding implements Registry.Listener<T> {
    private final MeterRegistry meters;
    private final Map<String, List<Meter>> byName = new HashMap<>();
    private volatile Thread replaying; // the binding thread while addListener replays
    private boolean refused; // a replayed instance clashed: deaf from then on

    Binding(MeterRegistry meters) {
      this.meters = meters;
    }

    @Override
    public void onAdded(String name, T instance) {
      if (refused) {
        return; // between a refused replay and removeListener
      }
      if (Thread.currentThread() == replaying) {
        try {
          add(name, instance);
        } catch (RuntimeException | Error e) {
          refused = true;
          for (String bound : List.copyOf(byName.keySet())) {
            drop(bound); // the instances replayed before this one
          }
          throw e; // out of addListener: bindTo refuses the bind
        }
        return;
      }
      try {
        add(name, instance);
      } catch (IllegalStateException clash) {
        LOG.error("{}", clash.getMessage());
      }
    }

    @Override
    public void onRemoved(String name, T instance) {
      drop(name);
    }

    private void drop(String name) {
      List<Meter> gone = byName.remove(name);
      if (gone != null) {
        for (Meter m : gone) {
          meters.remove(m);
        }
      }
    }

    private void add(String name, T instance) {
      if (byName.containsKey(name)) {
        return;
      }
      Scope scope = new Scope(meters, name);
      try {
        family.register(scope, name, instance);
      } catch (RuntimeException | Error e) {
        for (Meter m : scope.registered) { // the instance's meters registered before the failure
          meters.remove(m);
        }
        throw e;
      }
      byName.put(name, scope.registered);
    }
  }

  /** The meters of one instance in one meter registry. */
  public final class Scope {
    private final MeterRegistry registry;
    private final String instance;
    private final List<Meter> registered = new ArrayList<>();

    Scope(MeterRegistry registry, String instance) {
      this.registry = registry;
      this.instance = instance;
    }

    private String checked(String name, Tags tags) {
      String full = naming.apply(name);
      if (registry.find(full).tags(tags).meter() != null) {
        throw new IllegalStateException(
            "metrics: "
                + kind
                + " \""
                + instance
                + "\" is in two Levee registries bound to one meter registry; their meters ("
                + full
                + " "
                + tags
                + ") would merge. Give the instances distinct names or bind the registries to"
                + " different meter registries.");
      }
      return full;
    }

    /**
     * Registers a gauge tagged with the instance's name.
     *
     * @param <S> the object read
     * @param name the meter's name, before naming
     * @param description what it means
     * @param baseUnit the base unit, or {@code null}
     * @param object what to read (held strongly)
     * @param value reads it
     * @param tags more tags, as key-value pairs
     */
    public <S> void gauge(
        String name,
        String description,
        String baseUnit,
        S object,
        ToDoubleFunction<S> value,
        String... tags) {
      Tags all = Tags.of("name", instance).and(tags);
      registered.add(
          Gauge.builder(checked(name, all), object, value)
              .description(description)
              .baseUnit(baseUnit)
              .tags(all)
              .strongReference(true)
              .register(registry));
    }

    /**
     * Registers a function counter tagged with the instance's name.
     *
     * @param <S> the object read
     * @param name the meter's name, before naming
     * @param description what it counts
     * @param object what to read
     * @param count reads the count
     * @param tags more tags, as key-value pairs
     */
    public <S> void counter(
        String name, String description, S object, ToDoubleFunction<S> count, String... tags) {
      Tags all = Tags.of("name", instance).and(tags);
      registered.add(
          FunctionCounter.builder(checked(name, all), object, count)
              .description(description)
              .tags(all)
              .register(registry));
    }
  }
}
