package dev.levee.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the project's README compiles against the published modules, as a
 * reader would paste it (with the imports it shows). The rules are in {@link MarkdownSnippets}.
 */
class ReadmeSnippetsCompileTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void everyJavaBlockOfTheReadmeCompiles(@TempDir Path classes) throws Exception {
    List<Snippet> snippets =
        MarkdownSnippets.extract("README.md", Files.readAllLines(README, StandardCharsets.UTF_8));
    assertThat(snippets).as("```java blocks in README.md").hasSizeGreaterThanOrEqualTo(10);

    List<String> problems =
        SnippetCompiler.onTestClasspath().compile("README.md", snippets, classes);

    assertThat(problems)
        .withFailMessage(
            "%d problem(s) compiling README.md's ```java blocks:%n%s",
            problems.size(), String.join(System.lineSeparator(), problems))
        .isEmpty();
  }
}
