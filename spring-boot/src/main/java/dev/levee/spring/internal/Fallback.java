package dev.levee.spring.internal;

import dev.levee.common.internal.DidYouMean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A {@code fallbackMethod}: the methods of that name on the bean's class that take the guarded
 * method's parameters, optionally followed by one exception, and return what it returns (type
 * arguments included: a {@code List<Integer>} does not fit a {@code List<String>}). Found and
 * checked once, when the bean is created; at a failure, the overload whose exception type is
 * closest to the failure's is called, else the one without an exception parameter, else the failure
 * is thrown as it is. Thread-safe.
 */
final class Fallback {
  private final List<Method> withFailure;
  private final Method withoutFailure;

  private Fallback(List<Method> withFailure, Method withoutFailure) {
    this.withFailure = withFailure;
    this.withoutFailure = withoutFailure;
  }

  /**
   * Finds the fallback, or records why there is none that fits.
   *
   * @param type the bean's class
   * @param guarded the guarded method
   * @param name the {@code fallbackMethod} named
   * @param where names the method and annotation in problems
   * @param problems takes what is wrong
   * @return the fallback, or {@code null} (a problem was recorded)
   */
  static Fallback find(
      Class<?> type, Method guarded, String name, String where, List<String> problems) {
    List<Method> named = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    ReflectionUtils.doWithMethods(
        type,
        m -> {
          names.add(m.getName());
          if (m.getName().equals(name) && !m.isBridge()) {
            named.add(m);
          }
        },
        m -> m.getDeclaringClass() != Object.class);
    String wanted =
        "it must take ("
            + params(guarded.getParameterTypes())
            + ") or ("
            + params(guarded.getParameterTypes())
            + (guarded.getParameterCount() == 0 ? "" : ", ")
            + "an exception) and return "
            + shown(guarded.getGenericReturnType(), guarded.getReturnType());
    if (named.isEmpty()) {
      String suggestion = DidYouMean.closest(name, names);
      problems.add(
          where
              + ": fallbackMethod \""
              + name
              + "\": no method of that name in "
              + type.getSimpleName()
              + (suggestion == null ? "" : "; did you mean \"" + suggestion + "\"?")
              + " ("
              + wanted
              + ")");
      return null;
    }
    List<Method> withFailure = new ArrayList<>();
    Method withoutFailure = null;
    List<String> misfits = new ArrayList<>();
    Class<?>[] args = guarded.getParameterTypes();
    for (Method m : named) {
      Class<?>[] p = m.getParameterTypes();
      boolean returns =
          guarded.getReturnType() == void.class
              ? m.getReturnType() == void.class
              : ClassUtils.isAssignable(guarded.getReturnType(), m.getReturnType())
                  && typeArgumentsFit(type, guarded, m);
      if (returns && Arrays.equals(p, args)) {
        withoutFailure = m;
      } else if (returns
          && p.length == args.length + 1
          && Arrays.equals(Arrays.copyOf(p, args.length), args)
          && Throwable.class.isAssignableFrom(p[args.length])) {
        withFailure.add(m);
      } else {
        misfits.add(
            m.getName()
                + "("
                + params(p)
                + ") returning "
                + shown(m.getGenericReturnType(), m.getReturnType()));
      }
    }
    if (withFailure.isEmpty() && withoutFailure == null) {
      problems.add(
          where
              + ": fallbackMethod \""
              + name
              + "\" does not fit: "
              + String.join(", ", misfits)
              + "; "
              + wanted);
      return null;
    }
    withFailure.forEach(ReflectionUtils::makeAccessible);
    if (withoutFailure != null) {
      ReflectionUtils.makeAccessible(withoutFailure);
    }
    return new Fallback(List.copyOf(withFailure), withoutFailure);
  }

  /**
   * Whether the fallback's return type fits the guarded method's type arguments too: a {@code
   * List<Integer>} is no {@code List<String>}, though both erase to {@code List}. Type variables
   * and wildcards that cannot be resolved are not judged.
   */
  private static boolean typeArgumentsFit(Class<?> type, Method guarded, Method fallback) {
    ResolvableType wanted = ResolvableType.forMethodReturnType(guarded, type);
    return !wanted.hasGenerics()
        || wanted.isAssignableFromResolvedPart(ResolvableType.forMethodReturnType(fallback, type));
  }

  /** A return type as written: {@code List<String>}, {@code String}. */
  private static String shown(Type generic, Class<?> raw) {
    return generic instanceof ParameterizedType
        ? generic.getTypeName().replaceAll("\\b[a-z][a-z0-9_]*\\.", "")
        : raw.getSimpleName();
  }

  private static String params(Class<?>[] types) {
    return Arrays.stream(types).map(Class::getSimpleName).collect(Collectors.joining(", "));
  }

  /**
   * Calls the fallback that takes {@code failure}.
   *
   * @param target the bean
   * @param args the call's arguments
   * @param failure why the call failed
   * @return what the fallback returns
   * @throws Throwable the failure, if no overload takes it; or what the fallback throws
   */
  Object invoke(Object target, Object[] args, Throwable failure) throws Throwable {
    Method best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Method m : withFailure) {
      Class<?> takes = m.getParameterTypes()[args.length];
      if (takes.isInstance(failure)) {
        int d = distance(failure.getClass(), takes);
        if (d < bestDistance) {
          best = m;
          bestDistance = d;
        }
      }
    }
    try {
      if (best != null) {
        Object[] withIt = Arrays.copyOf(args, args.length + 1);
        withIt[args.length] = failure;
        return best.invoke(target, withIt);
      }
      if (withoutFailure != null && failure instanceof Exception) {
        return withoutFailure.invoke(target, args);
      }
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    throw failure;
  }

  private static int distance(Class<?> from, Class<?> to) {
    int d = 0;
    for (Class<?> c = from; c != null && c != to; c = c.getSuperclass()) {
      d++;
    }
    return d;
  }
}
