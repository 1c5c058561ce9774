package dev.levee.spring.internal;

import dev.levee.common.internal.DidYouMean;
import dev.levee.config.Levee;
import dev.levee.config.LeveeConfig;
import dev.levee.core.Pipeline;
import dev.levee.spring.Bulkhead;
import dev.levee.spring.CircuitBreaker;
import dev.levee.spring.RateLimiter;
import dev.levee.spring.Resilient;
import dev.levee.spring.ResilientMethodException;
import dev.levee.spring.Retry;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Every guarded method of the application's beans, prepared when each bean is created: the
 * annotations read (the method's over its type's; a type's covering the methods it and its
 * subclasses declare, not those inherited from an unannotated superclass), the names checked
 * against Levee's configuration, the pipeline built, the fallback found. A bean with any problem
 * fails with {@link ResilientMethodException}, listing them all. Calls then find their preparation
 * by method and class. Thread-safe.
 */
public final class ResilientMethods {
  /** The annotations this module reads, for pointcuts. */
  public static final List<Class<? extends Annotation>> ANNOTATIONS =
      List.of(
          Resilient.class, CircuitBreaker.class, Retry.class, RateLimiter.class, Bulkhead.class);

  private final Supplier<Levee> levee;
  private final Map<MethodClassKey, ResilientCall> calls = new ConcurrentHashMap<>();

  /**
   * The same by method alone, for the common case of a method guarded in one class only: a call
   * then finds its preparation without making a key. A method prepared for two classes (inherited
   * by both) maps to {@link #AMBIGUOUS}, and its calls look up by method and class.
   */
  private final Map<Method, ResilientCall> byMethod = new ConcurrentHashMap<>();

  private static final ResilientCall AMBIGUOUS = new ResilientCall(null, null, null, false);
  private final Set<Class<?>> prepared = ConcurrentHashMap.newKeySet();

  /**
   * Prepares methods with Levee's registries and pipelines.
   *
   * @param levee Levee, asked for when the first guarded bean is created
   */
  public ResilientMethods(Supplier<Levee> levee) {
    this.levee = levee;
  }

  /**
   * Whether a class has any of the annotations, on itself or a method.
   *
   * @param type the class
   * @return whether it is guarded
   */
  public static boolean guarded(Class<?> type) {
    for (Class<? extends Annotation> a : ANNOTATIONS) {
      if (AnnotatedElementUtils.hasAnnotation(type, a)) {
        return true;
      }
    }
    boolean[] found = {false};
    ReflectionUtils.doWithMethods(
        type,
        m -> found[0] = true,
        m -> ANNOTATIONS.stream().anyMatch(a -> AnnotatedElementUtils.hasAnnotation(m, a)));
    return found[0];
  }

  /**
   * Prepares every guarded method of a bean's class, once per class.
   *
   * @param beanName the bean's name, for problems
   * @param type the bean's class (not a proxy's)
   * @throws ResilientMethodException listing every problem
   */
  public void prepare(String beanName, Class<?> type) {
    if (prepared.contains(type) || !guarded(type)) {
      return;
    }
    List<String> problems = new ArrayList<>();
    Map<MethodClassKey, ResilientCall> found = new java.util.HashMap<>();
    Map<Method, ResilientCall> foundByMethod = new java.util.HashMap<>();
    ReflectionUtils.doWithMethods(
        type,
        m -> {
          ResilientCall call = prepare(type, m, problems);
          if (call != null) {
            found.put(new MethodClassKey(m, type), call);
            foundByMethod.put(m, call);
          }
        },
        m ->
            Modifier.isPublic(m.getModifiers())
                    && !Modifier.isStatic(m.getModifiers())
                    && m.getDeclaringClass() != Object.class
                    && !m.isBridge()
                || ANNOTATIONS.stream().anyMatch(a -> AnnotatedElementUtils.hasAnnotation(m, a)));
    if (!problems.isEmpty()) {
      throw new ResilientMethodException(beanName, problems);
    }
    calls.putAll(found);
    foundByMethod.forEach((m, call) -> byMethod.merge(m, call, (a, b) -> a == b ? a : AMBIGUOUS));
    prepared.add(type);
  }

  /**
   * The preparation of a call, if the method is guarded.
   *
   * @param method the method invoked (possibly an interface's)
   * @param targetClass the bean's class
   * @return the call, or {@code null}
   */
  ResilientCall find(Method method, Class<?> targetClass) {
    ResilientCall only = byMethod.get(method);
    if (only != null && only != AMBIGUOUS) {
      return only;
    }
    ResilientCall c = calls.get(new MethodClassKey(method, targetClass));
    if (c == null && targetClass != null) {
      Method specific = ClassUtils.getMostSpecificMethod(method, targetClass);
      c = calls.get(new MethodClassKey(specific, targetClass));
      if (c != null) {
        calls.putIfAbsent(new MethodClassKey(method, targetClass), c);
      }
    }
    return c;
  }

  private ResilientCall prepare(Class<?> type, Method m, List<String> problems) {
    String where = type.getSimpleName() + "." + m.getName() + "(" + params(m) + ")";
    Resilient resilient = declared(m, Resilient.class);
    CircuitBreaker breaker = declared(m, CircuitBreaker.class);
    Retry retry = declared(m, Retry.class);
    RateLimiter limiter = declared(m, RateLimiter.class);
    Bulkhead bulkhead = declared(m, Bulkhead.class);
    boolean perPolicy = breaker != null || retry != null || limiter != null || bulkhead != null;
    if (resilient == null && !perPolicy) {
      return null;
    }
    // A JDK proxy (an HTTP interface client, a repository) is advised through its interfaces, not
    // subclassed: its methods being final is no problem.
    boolean subclassed = !Proxy.isProxyClass(type);
    if (!Modifier.isPublic(m.getModifiers())
        || (subclassed && Modifier.isFinal(m.getModifiers()))) {
      problems.add(
          where
              + ": a guarded method must be public and not final, for Spring's proxy to call it"
              + " through the pipeline");
      return null;
    }
    ReturnKind kind = ReturnKind.of(m.getReturnType());
    if (kind == null) {
      problems.add(
          where
              + ": returns "
              + m.getReturnType().getSimpleName()
              + "; an asynchronous method must return CompletionStage or CompletableFuture (or"
              + " Reactor's Mono or Flux)");
      return null;
    }
    Levee l = levee.get();
    LeveeConfig config = l.config();
    Pipeline pipeline;
    boolean retries;
    String fallbackName;
    if (resilient != null) {
      if (perPolicy) { // both on the method, or both on the type: the method's replace the type's
        problems.add(
            where
                + ": @Resilient and per-policy annotations (@CircuitBreaker, @Retry, @RateLimiter,"
                + " @Bulkhead) on one method: name the whole chain in one pipeline instead");
        return null;
      }
      String name = resilient.value();
      if (!l.pipelines().containsKey(name)) {
        problems.add(
            where
                + ": @Resilient(\""
                + name
                + "\"): "
                + missing(
                    "pipeline",
                    name,
                    List.copyOf(l.pipelines().keySet()),
                    List.copyOf(l.pipelines().keySet())));
        return null;
      }
      pipeline = l.pipeline(name);
      LeveeConfig.PipelineSpec spec = config.pipelines().get(name);
      retries = spec.retry() != null;
      fallbackName = resilient.fallbackMethod();
    } else {
      int before = problems.size();
      Pipeline.Builder b = Pipeline.builder(type.getSimpleName() + "." + m.getName());
      if (retry != null
          && known(where, "@Retry", "retry", retry.name(), config.retries().keySet(), problems)) {
        b.retry(l.retries().getOrCreate(retry.name()));
      }
      if (breaker != null
          && known(
              where,
              "@CircuitBreaker",
              "circuit breaker",
              breaker.name(),
              config.circuitBreakers().keySet(),
              problems)) {
        b.circuitBreaker(l.circuitBreakers().getOrCreate(breaker.name()));
      }
      if (limiter != null
          && known(
              where,
              "@RateLimiter",
              "rate limiter",
              limiter.name(),
              config.rateLimiters().keySet(),
              problems)) {
        b.rateLimiter(l.rateLimiters().getOrCreate(limiter.name()));
      }
      if (bulkhead != null
          && known(
              where,
              "@Bulkhead",
              "bulkhead",
              bulkhead.name(),
              config.bulkheads().keySet(),
              problems)) {
        b.bulkhead(l.bulkheads().getOrCreate(bulkhead.name()));
      }
      List<String> fallbacks =
          Arrays.asList(
                  breaker == null ? "" : breaker.fallbackMethod(),
                  retry == null ? "" : retry.fallbackMethod(),
                  limiter == null ? "" : limiter.fallbackMethod(),
                  bulkhead == null ? "" : bulkhead.fallbackMethod())
              .stream()
              .filter(f -> !f.isEmpty())
              .distinct()
              .collect(Collectors.toList());
      if (fallbacks.size() > 1) {
        problems.add(
            where
                + ": per-policy annotations name different fallback methods "
                + fallbacks
                + "; name one");
      }
      if (problems.size() > before) {
        return null;
      }
      pipeline = b.build();
      retries = retry != null;
      fallbackName = fallbacks.isEmpty() ? "" : fallbacks.get(0);
    }
    Fallback fallback = null;
    if (!fallbackName.isEmpty()) {
      fallback = Fallback.find(type, m, fallbackName, where, problems);
      if (fallback == null) {
        return null;
      }
    }
    return new ResilientCall(pipeline, kind, fallback, retries);
  }

  /** Whether any of the annotations is on the method itself (not only on its type). */
  private static boolean onMethod(Method m) {
    return ANNOTATIONS.stream().anyMatch(a -> AnnotatedElementUtils.hasAnnotation(m, a));
  }

  private static <A extends Annotation> A declared(Method m, Class<A> annotation) {
    A onMethod = AnnotatedElementUtils.findMergedAnnotation(m, annotation);
    if (onMethod != null) {
      return onMethod;
    }
    if (onMethod(m)) {
      return null; // the method's own annotations replace the type's
    }
    // The type that declares the method (or one it extends): as with Spring's @Transactional, a
    // type's annotation covers what it and its subclasses declare, not what it inherits from an
    // unannotated superclass (a framework base class and its public final methods).
    return AnnotatedElementUtils.findMergedAnnotation(m.getDeclaringClass(), annotation);
  }

  private static boolean known(
      String where,
      String annotation,
      String family,
      String name,
      Set<String> configured,
      List<String> problems) {
    if (name.equals("default") || configured.contains(name)) {
      return true;
    }
    List<String> candidates = new ArrayList<>(configured);
    candidates.add("default");
    problems.add(
        where
            + ": "
            + annotation
            + "(name = \""
            + name
            + "\"): "
            + missing(family, name, candidates, List.copyOf(configured)));
    return false;
  }

  /**
   * No instance of {@code family} is named {@code name}: the problem, with the candidate it most
   * likely meant and the names the user configured ({@code default}, always there, is a candidate
   * but not listed as configured).
   */
  private static String missing(
      String family, String name, List<String> candidates, List<String> known) {
    String suggestion = suggestion(name, candidates);
    return "no "
        + family
        + " named \""
        + name
        + "\" is configured"
        + (suggestion == null ? "" : "; did you mean \"" + suggestion + "\"?")
        + " (configured: "
        + (known.isEmpty() ? "none" : String.join(", ", known))
        + ")";
  }

  /**
   * The candidate {@code name} most likely means: the closest by edit distance, else the only one
   * that begins with it or that it begins with, ignoring case and separators ({@code orders} for
   * {@code orders-db}, too far apart by edits for a short name).
   */
  static String suggestion(String name, List<String> candidates) {
    String closest = DidYouMean.closest(name, candidates);
    if (closest != null) {
      return closest;
    }
    String n = PropertyTree.normalized(name);
    List<String> extending =
        candidates.stream()
            .filter(
                c -> {
                  String k = PropertyTree.normalized(c);
                  return !n.isEmpty() && !k.isEmpty() && (k.startsWith(n) || n.startsWith(k));
                })
            .toList();
    return extending.size() == 1 ? extending.get(0) : null;
  }

  private static String params(Method m) {
    return Arrays.stream(m.getParameterTypes())
        .map(Class::getSimpleName)
        .collect(Collectors.joining(", "));
  }
}
