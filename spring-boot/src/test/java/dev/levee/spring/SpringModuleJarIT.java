package dev.levee.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar: its module name for the module path, and Boot's registration files, which a
 * typo would silently leave unread.
 */
class SpringModuleJarIT {
  @Test
  void namesItsModuleAndRegistersWithSpringBoot() throws IOException {
    try (JarFile jar = new JarFile(System.getProperty("spring.levee.module.jar"))) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("dev.levee.spring");
      assertThat(
              new String(
                  jar.getInputStream(
                          jar.getEntry(
                              "META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports"))
                      .readAllBytes(),
                  java.nio.charset.StandardCharsets.UTF_8))
          .contains(
              "dev.levee.spring.LeveeAutoConfiguration",
              "dev.levee.spring.LeveeHealthAutoConfiguration");
      assertThat(jar.getEntry("META-INF/spring.factories")).isNotNull();
      assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.endsWith("module-info.class")))
          .isEmpty();
    }
  }
}
