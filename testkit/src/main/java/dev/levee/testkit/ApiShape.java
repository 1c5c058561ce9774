package dev.levee.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

/**
 * Checks that a packaged module's public API can grow without breaking its users (issue 16): every
 * public type of an exported package is one of these:
 *
 * <ul>
 *   <li>not a record, unless the module names it as a value kept as a record (a record's canonical
 *       constructor and its deconstruction pattern change with every component added);
 *   <li>a configuration ({@code *Config}) has no public constructor: only its builder makes one;
 *   <li>no public constructor or method takes or returns a type of a package the module does not
 *       export to everyone (its internals, even those exported only to Levee's other modules);
 *   <li>it has a public or protected member of its own: an exported type with none has no purpose.
 * </ul>
 *
 * <p>Reads the jar named by {@value ModuleDescriptors#JAR_PROPERTY}, as {@link ModuleDescriptors}
 * does, and loads its classes from the test's class path (the same classes).
 */
public final class ApiShape {
  private ApiShape() {}

  /**
   * Asserts the rules above for every public type of the packaged module's exported packages.
   *
   * @param keptRecords fully qualified names of the public records the module keeps on purpose
   */
  public static void assertCanGrow(Set<String> keptRecords) {
    ModuleDescriptor descriptor = ModuleDescriptors.packaged();
    // Users' API: packages exported to everyone. A package exported only to Levee's own modules
    // is machinery, and a public signature must not show its types either.
    Set<String> exported =
        descriptor.exports().stream()
            .filter(e -> !e.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    Set<String> records = new TreeSet<>();
    for (Class<?> type : publicTypes(exported)) {
      if (type.isRecord()) {
        records.add(type.getName());
        if (!keptRecords.contains(type.getName())) {
          problems.add(type.getName() + " is a record: its canonical constructor is frozen");
        }
      }
      if (type.getSimpleName().endsWith("Config") && type.getConstructors().length > 0) {
        problems.add(type.getName() + " is a configuration with a public constructor");
      }
      if (!hasApi(type)) {
        problems.add(type.getName() + " is exported with no public member of its own");
      }
      for (Executable e : api(type)) {
        List<Class<?>> types = new ArrayList<>(List.of(e.getParameterTypes()));
        if (e instanceof Method) {
          types.add(((Method) e).getReturnType());
        }
        for (Class<?> t : types) {
          Class<?> c = t.isArray() ? t.getComponentType() : t;
          String pkg = c.getPackageName();
          boolean sameModule = descriptor.packages().contains(pkg);
          if (sameModule && !exported.contains(pkg)) {
            problems.add(type.getName() + ": " + e + " uses the unexported " + c.getName());
          }
        }
      }
    }
    assertThat(problems).as("API shape of " + descriptor.name()).isEmpty();
    assertThat(records)
        .as("records kept on purpose by " + descriptor.name() + " (remove stale names)")
        .containsExactlyInAnyOrderElementsOf(keptRecords);
  }

  private static boolean hasApi(Class<?> type) {
    if (type.isEnum() || !api(type).isEmpty()) {
      return true;
    }
    for (java.lang.reflect.Field f : type.getDeclaredFields()) {
      if (visible(f)) {
        return true;
      }
    }
    return false;
  }

  private static List<Executable> api(Class<?> type) {
    List<Executable> api = new ArrayList<>();
    for (Constructor<?> c : type.getDeclaredConstructors()) {
      if (visible(c)) {
        api.add(c);
      }
    }
    for (Method m : type.getDeclaredMethods()) {
      if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
        api.add(m);
      }
    }
    return api;
  }

  private static boolean visible(Member m) {
    return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
  }

  private static List<Class<?>> publicTypes(Set<String> packages) {
    List<Class<?>> types = new ArrayList<>();
    String jar = System.getProperty(ModuleDescriptors.JAR_PROPERTY);
    try (JarFile file = new JarFile(jar)) {
      for (JarEntry entry : file.stream().collect(Collectors.toList())) {
        String name = entry.getName();
        if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
          continue;
        }
        String className = name.substring(0, name.length() - 6).replace('/', '.');
        String pkg = className.substring(0, className.lastIndexOf('.'));
        if (!packages.contains(pkg)) {
          continue;
        }
        Class<?> type = Class.forName(className, false, ApiShape.class.getClassLoader());
        if (isPublicApi(type)) {
          types.add(type);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new AssertionError("a class of " + jar + " is not on the test class path", e);
    }
    return types;
  }

  private static boolean isPublicApi(Class<?> type) {
    for (Class<?> t = type; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }
}
