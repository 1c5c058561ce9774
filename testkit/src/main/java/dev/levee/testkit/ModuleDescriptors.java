package dev.levee.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the module descriptor of the jar a module's build produced, as the JDK would when it loads
 * the jar from the module path. Used by each library module's {@code ModuleDescriptorIT}, which the
 * failsafe plugin runs after {@code package}; the jar's path comes from the system property {@value
 * #JAR_PROPERTY} that the parent POM sets.
 */
public final class ModuleDescriptors {
  /** System property naming the packaged jar. */
  public static final String JAR_PROPERTY = "levee.module.jar";

  private ModuleDescriptors() {}

  /**
   * The descriptor of the packaged jar.
   *
   * @return the descriptor the JDK reads from it
   */
  public static ModuleDescriptor packaged() {
    String jar = System.getProperty(JAR_PROPERTY);
    assertThat(jar).as("system property " + JAR_PROPERTY).isNotBlank();
    Path path = Path.of(jar);
    assertThat(Files.isRegularFile(path)).as("packaged jar " + path + " exists").isTrue();
    Set<ModuleReference> found = ModuleFinder.of(path).findAll();
    assertThat(found).as("modules in " + path).hasSize(1);
    ModuleDescriptor descriptor = found.iterator().next().descriptor();
    assertThat(descriptor.isAutomatic()).as(path + " has a real module-info").isFalse();
    return descriptor;
  }

  /**
   * Asserts the packaged module's name and that it exports exactly {@code exports}, each to
   * everyone, and never an {@code internal} package.
   *
   * @param name the expected module name
   * @param exports the packages it must export, and nothing else
   */
  public static void assertPackaged(String name, Set<String> exports) {
    assertPackaged(name, exports, Map.of());
  }

  /**
   * Asserts the packaged module's name, that it exports exactly {@code exports} to everyone, never
   * an {@code internal} package, and exactly {@code qualified} to Levee's own modules only.
   *
   * @param name the expected module name
   * @param exports the packages it must export to everyone, and nothing else
   * @param qualified the packages it must export only to some modules, each with those modules (all
   *     of them Levee's: {@code dev.levee.*})
   */
  public static void assertPackaged(
      String name, Set<String> exports, Map<String, Set<String>> qualified) {
    ModuleDescriptor descriptor = packaged();
    assertThat(descriptor.name()).isEqualTo(name);
    Set<String> exported =
        descriptor.exports().stream()
            .filter(e -> !e.isQualified())
            .map(ModuleDescriptor.Exports::source)
            .collect(Collectors.toSet());
    assertThat(exported).as("exports of " + name).containsExactlyInAnyOrderElementsOf(exports);
    assertThat(exported)
        .as("no internal package of " + name + " is exported to everyone")
        .noneMatch(p -> p.contains(".internal"));
    Map<String, Set<String>> exportedTo =
        descriptor.exports().stream()
            .filter(ModuleDescriptor.Exports::isQualified)
            .collect(
                Collectors.toMap(
                    ModuleDescriptor.Exports::source, ModuleDescriptor.Exports::targets));
    assertThat(exportedTo).as("qualified exports of " + name).isEqualTo(qualified);
    assertThat(exportedTo.values())
        .as("qualified exports of " + name + " go to Levee's own modules only")
        .allMatch(targets -> targets.stream().allMatch(t -> t.startsWith("dev.levee.")));
    assertThat(descriptor.opens()).as("opens of " + name).isEmpty();
  }

  /**
   * Asserts that the packaged module reads {@code module} for itself only: a {@code requires}
   * without {@code transitive}, so a user's module never reads it through this one.
   *
   * @param module the module required, such as {@code dev.levee.common}
   */
  public static void assertRequiresPrivately(String module) {
    ModuleDescriptor descriptor = packaged();
    assertThat(descriptor.requires())
        .as(descriptor.name() + " requires " + module)
        .anySatisfy(
            r -> {
              assertThat(r.name()).isEqualTo(module);
              assertThat(r.modifiers())
                  .as("modifiers of requires " + module)
                  .doesNotContain(ModuleDescriptor.Requires.Modifier.TRANSITIVE);
            });
  }

  /**
   * Asserts that the packaged module reads {@code module} only if it is there: {@code requires
   * static}, not transitive, so neither the module nor its users need it unless they use the part
   * that does.
   *
   * @param module the optional module, such as {@code dev.levee.health}
   */
  public static void assertRequiresOptionally(String module) {
    ModuleDescriptor descriptor = packaged();
    assertThat(descriptor.requires())
        .as(descriptor.name() + " requires static " + module)
        .anySatisfy(
            r -> {
              assertThat(r.name()).isEqualTo(module);
              assertThat(r.modifiers())
                  .as("modifiers of requires " + module)
                  .containsExactly(ModuleDescriptor.Requires.Modifier.STATIC);
            });
  }
}
