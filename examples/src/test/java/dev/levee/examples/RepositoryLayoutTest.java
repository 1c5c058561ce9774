package dev.levee.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rules a reviewer would otherwise check by hand: every package of main code has a {@code
 * package-info.java}, and the repository's docs point at nothing outside it.
 */
class RepositoryLayoutTest {
  /** The repository's root: the examples module runs its tests from its own folder. */
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void everyPackageOfMainCodeHasAPackageInfo() throws IOException {
    List<Path> missing;
    try (Stream<Path> files = Files.walk(ROOT)) {
      missing =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> p.toString().contains("/src/main/java/dev/levee/"))
              .filter(p -> !p.toString().contains("/target/"))
              .map(Path::getParent)
              .distinct()
              .filter(dir -> !Files.exists(dir.resolve("package-info.java")))
              .map(ROOT::relativize)
              .sorted()
              .collect(Collectors.toList());
    }
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }

  @Test
  void theDocsLinkOnlyToFilesThatExistInTheRepository() throws IOException {
    Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)[^)]*\\)");
    for (String doc : List.of("README.md", "CONTRIBUTING.md", "docs/architecture.md")) {
      Path file = ROOT.resolve(doc);
      assertThat(file).as(doc).exists();
      String text = Files.readString(file);
      assertThat(text).as("%s points outside the repository", doc).doesNotContain("../shared");
      Matcher m = link.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.startsWith("http://") || target.startsWith("https://")) {
          continue;
        }
        Path resolved = file.getParent().resolve(target).normalize();
        assertThat(resolved.startsWith(ROOT))
            .as("%s links outside the repository: %s", doc, target)
            .isTrue();
        assertThat(resolved).as("%s links to a missing file: %s", doc, target).exists();
      }
    }
  }
}
